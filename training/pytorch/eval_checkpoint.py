"""Evaluates the weights kept in a run's checkpoint.pt on that run's own validation sets, each the
way the recipe evaluates (precise BatchNorm on the same fixed training images, float32), so that
variants cost no training: the raw weights vs their EMA (or SWA average) at the last epoch, and
the chosen one.

  python3 training/pytorch/eval_checkpoint.py RUN [--json RUN/checkpoint_eval.json]

The threshold of each is chosen like the recipe's (highest specificity with sensitivity >=
--min-sensitivity of the run, on the selection set); every figure is reported at it.
"""
import argparse
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from metrics import choose_threshold, metrics_at  # noqa: E402
from train_default import bce, dataset_and_splits, evaluate, load_images, new_model, precise_bn, precise_bn_indices  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("--data", default="", help="the training data folder (default: the run's)")
    ap.add_argument("--json", default="")
    args = ap.parse_args(argv)
    ckpt = torch.load(Path(args.run) / "checkpoint.pt", map_location="cpu")
    cfg = ckpt["config"]
    items, (train_idx, val_idx, shift_idx) = dataset_and_splits(
        Path(args.data or cfg["data"]), cfg.get("limit", 0), cfg.get("val_files", ""), cfg["val_frac"], cfg["seed"], cfg["shift"])
    micro = cfg["micro_batch"]
    bn_idx = precise_bn_indices(train_idx, cfg["seed"], micro, cfg["bn_images"])
    labels = torch.tensor([lab for _, lab, _ in items], dtype=torch.float32)
    images = load_images(items, cfg["size"])
    sets = {"id": (val_idx, labels[val_idx])}
    if shift_idx:
        sets["shifted"] = (shift_idx, labels[shift_idx])
    select = cfg["select_on"] if cfg["select_on"] in sets else "id"
    device = torch.device("cpu")
    kind = "SWA" if cfg.get("swa") else "EMA" if cfg["ema"] > 0 else "raw"
    weights = {"raw (last epoch)": ckpt["model"]}
    if cfg["ema"] > 0:
        weights["EMA (last epoch)"] = ckpt["ema"]
    if cfg.get("swa"):
        weights["SWA (last epoch)"] = ckpt["swa"]
    weights[f"chosen ({kind}, epoch {ckpt['best']['epoch']})"] = ckpt["best"]["state"]
    report = {"run": args.run, "epochs": ckpt["epoch"], "ema": cfg["ema"], "selection": select, "weights": {}}
    for name, state in weights.items():
        model = new_model(device)
        model.load_state_dict(state)
        precise_bn(model, images, bn_idx, micro, device, amp=False)
        res = evaluate(model, images, sets, device, amp=False)
        lg, y = res[select]
        t = choose_threshold(y.numpy().astype(int), torch.sigmoid(lg).numpy(), cfg["min_sensitivity"])
        row = {"threshold": t}
        for s, (lg, y) in res.items():
            m = metrics_at(y.numpy().astype(int), torch.sigmoid(lg).numpy(), t)
            m["loss"] = bce(lg, y)
            row[s] = m
            print(f"{name:<24} {s:<8} n={m['n']:4d} AUC {m['auc']:.4f} loss {m['loss']:.4f} sens {m['sensitivity']:.3f} spec {m['specificity']:.3f} (t {t:.4f})", flush=True)
        report["weights"][name] = row
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
