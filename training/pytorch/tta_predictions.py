"""Writes a run's validation predictions with test-time augmentation (TTA_VIEWS, logits averaged):
RUN/val_predictions_tta.json and RUN/val_shifted_predictions_tta.json (file, label, probability,
as the one-view files), and RUN/tta.json (the views). training/build-default-card.ts then chooses
the card's threshold on these scores, since the app serves the model with the same views.

    python3 training/pytorch/tta_predictions.py RUN [--data DIR]
"""
import argparse
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).parent))
from augment import TTA_VIEWS  # noqa: E402
from train_default import dataset_and_splits, load_images, new_model, predict  # noqa: E402
from weights_io import load_into, write_json_atomic  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run", type=Path)
    ap.add_argument("--data", type=Path, default=None, help="the run's training folder (default: the one in RUN/result.json)")
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    cfg = json.loads((args.run / "result.json").read_text())["config"]
    data = args.data or Path(cfg["data"])
    # The run's own validation files fix its split (whatever seed or --val-files drew it).
    val_files = ",".join(str(args.run / f) for f in ("val_predictions.json", "val_shifted_predictions.json") if (args.run / f).exists())
    items, (_, va, sh) = dataset_and_splits(data, 0, val_files, cfg["val_frac"], cfg["seed"], cfg["shift"])
    need = sorted(set(va) | set(sh))
    images = load_images([items[i] for i in need], cfg["size"])
    at = {i: k for k, i in enumerate(need)}
    model = new_model(torch.device("cpu"))
    load_into(model, args.run / "resnet18.safetensors")
    model.eval()
    for idx, name in ((va, "val_predictions_tta.json"), (sh, "val_shifted_predictions_tta.json")):
        if not idx:
            continue
        logits = predict(model, images, [at[i] for i in idx], torch.device("cpu"), amp=False, views=TTA_VIEWS)
        rows = [{"file": Path(items[i][0]).name, "label": int(items[i][1]), "probability": float(p)} for i, p in zip(idx, torch.sigmoid(logits).tolist())]
        write_json_atomic(args.run / name, rows, indent=None)
        print(f"{name}: {len(rows)} images", flush=True)
    write_json_atomic(args.run / "tta.json", {"views": TTA_VIEWS, "combine": "mean-logit"})


if __name__ == "__main__":
    main()
