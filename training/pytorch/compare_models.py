"""Compares models on the images none of them trained on, each at its own threshold.

A model's training images are every image of the data folder outside its validation files
(val_predictions.json [+ val_shifted_predictions.json] of a run, or the fixture of a shipped
model), so "clean for all" = patients in every model's validation. Reports AUC and sensitivity /
specificity at each model's threshold on that set, on its shifted part (patient-number ranges /
cohorts of --shift), and per cohort. Float32 PyTorch, the images as the recipe loads them.

  python3 training/pytorch/compare_models.py --data ../shared/data/kermany-224/train \
    --model shipped=models/default:tests/fixtures/default-model-pytorch-validation.json \
    --model new=RUN/resnet18.safetensors:RUN/val_predictions.json,RUN/val_shifted_predictions.json:THRESHOLD \
    [--json OUT.json]

A model is NAME=WEIGHTS:VALFILES[:THRESHOLD]; WEIGHTS an Alveo model folder (its card's threshold
is the default) or a safetensors file (then THRESHOLD is required).
"""
import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from metrics import metrics_at  # noqa: E402
from splits import cohort_of, list_dataset, shifted_holdout  # noqa: E402
from augment import TTA_VIEWS, tta_view  # noqa: E402
from train_default import DEFAULT_SHIFT, load_images, new_model, normalise  # noqa: E402
from weights_io import load_into  # noqa: E402


def parse_model(spec: str):
    name, rest = spec.split("=", 1)
    parts = rest.split(":")
    weights, vals = parts[0], [v for v in parts[1].split(",") if v]
    if len(parts) > 2:
        threshold = float(parts[2])
    elif Path(weights).is_dir():
        threshold = float(json.loads((Path(weights) / "card.json").read_text())["threshold"]["value"])
    else:
        raise SystemExit(f"{spec}: a safetensors file needs :THRESHOLD")
    files = {d["file"] for v in vals for d in json.loads(Path(v).read_text())}
    return name, weights, files, threshold


@torch.no_grad()
def predict(weights: str, images: torch.Tensor, idx: list, views=None) -> np.ndarray:
    """Probabilities; with views, of the logits averaged over those test-time views."""
    model = new_model(torch.device("cpu"))
    load_into(model, Path(weights))
    model.eval()
    out = []
    for s in range(0, len(idx), 64):
        b = images[idx[s : s + 64]].unsqueeze(1).float() / 255
        acc = 0
        for v in views or [(1.0, 0.0, 0.0)]:
            acc = acc + model(normalise(tta_view(b, *v)).contiguous(memory_format=torch.channels_last)).squeeze(1)
        out.append(torch.sigmoid(acc / len(views or [0])))
    return torch.cat(out).numpy()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--model", action="append", required=True)
    ap.add_argument("--shift", default=DEFAULT_SHIFT)
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--json", default="")
    ap.add_argument("--tta", action="store_true", help="also each model with test-time augmentation (5 views, averaged logits): AUC only, since the threshold was set without it")
    args = ap.parse_args(argv)
    models = [parse_model(m) for m in args.model]
    items = list_dataset(Path(args.data))
    # A patient is clean for a model when none of the patient's images trained it.
    trained = [{pid for path, _, pid in items if Path(path).name not in files} for _, _, files, _ in models]
    clean = [i for i, (_, _, pid) in enumerate(items) if all(pid not in t for t in trained)]
    shifted = set(shifted_holdout(items, args.shift))
    y = np.array([items[i][1] for i in clean])
    images = load_images([items[i] for i in clean], args.size)
    local = list(range(len(clean)))
    groups = {"clean": local, "clean, shifted ranges": [k for k, i in enumerate(clean) if i in shifted]}
    for k, i in enumerate(clean):
        groups.setdefault(f"cohort {cohort_of(items[i][2])[0]}", []).append(k)
    report = {"images": len(clean), "normals": int((y == 0).sum()), "models": {}}
    print(f"{len(clean)} images ({int((y == 0).sum())} normal) of patients no model trained on")
    for name, weights, _, t in models:
        p = predict(weights, images, local)
        rows = {}
        for g, ks in groups.items():
            yy, pp = y[ks], p[ks]
            m = metrics_at(yy, pp, t)
            if not 0 < yy.sum() < len(yy):
                m["auc"] = None  # one class only
            rows[g] = m
            if m["auc"] is None:
                what = f"spec {m['specificity']:.3f}" if yy.sum() == 0 else f"sens {m['sensitivity']:.3f}"
            else:
                what = f"AUC {m['auc']:.4f} sens {m['sensitivity']:.3f} spec {m['specificity']:.3f} acc {m['accuracy']:.3f}"
            print(f"{name:>10} t={t:.4f} {g:<26} n={len(ks):4d} {what}")
        report["models"][name] = {"weights": weights, "threshold": t, "groups": rows}
        if args.tta:
            pt = predict(weights, images, local, views=TTA_VIEWS)
            aucs = {g: metrics_at(y[ks], pt[ks], t)["auc"] for g, ks in groups.items() if 0 < y[ks].sum() < len(ks)}
            print(f"{name + ' +TTA':>10} ({len(TTA_VIEWS)} views) " + "; ".join(f"{g} AUC {a:.4f}" for g, a in aucs.items()))
            report["models"][name]["tta_auc"] = aucs
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
