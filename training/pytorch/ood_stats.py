#!/usr/bin/env python3
"""Fits the out-of-distribution statistics stored with a model (ood.json; read by
src-main/engine/guardrails/ood-stats.ts): class means and one shared covariance (Ledoit-Wolf
shrinkage) of the pooled layer4 features of the model's TRAINING images, as in Lee et al. 2018
(class-conditional Gaussians, tied covariance) and FRODO for chest X-rays. The score of an image is
its smallest squared Mahalanobis distance to a class mean.

The threshold is a percentile of the scores of held-out validation images: validation patients are
split in two halves (by patient, alternately in sorted order); the threshold comes from the
calibration half and the false-alarm rate is reported on the other half, so it is not measured on
the images that set it.

Features come from training/extract-features.ts (the app's own preprocessing and network):
  python3 training/pytorch/ood_stats.py --features /tmp/feat --train-list TRAIN.txt --val-list VAL.txt \
      --model-dir models/default --out models/default/ood.json
"""
import argparse
import base64
import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from splits import patient_id  # noqa: E402

FORMAT = "alveo-ood-mahalanobis/1"


def ledoit_wolf(x: np.ndarray):
    """Shrunk covariance of centred rows x (n x p), Ledoit & Wolf 2004 (sklearn's estimator)."""
    n, p = x.shape
    s = x.T @ x / n
    mu = np.trace(s) / p
    x2 = x**2
    beta_ = float((x2.T @ x2).sum())
    delta_ = float((s**2).sum())
    beta = (beta_ / n - delta_ * 1.0) / (p * n)  # delta_ here is ||S||_F^2 (already divided by n^2)
    delta = (delta_ - 2 * mu * np.trace(s) + p * mu**2) / p
    beta = min(beta, delta)
    shrink = 0.0 if beta == 0 else beta / delta
    return (1 - shrink) * s + shrink * mu * np.eye(p), shrink


def b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


def scores(feats, means, chol):
    """min over classes of |Lᵀ (x - m)|², with float32 statistics as the engine stores them."""
    out = []
    for m in means:
        d = (feats - m) @ chol  # rows: (Lᵀ d)ᵀ = dᵀ L
        out.append((d * d).sum(1))
    return np.min(np.stack(out), 0)


def head_fingerprint(model_dir: Path):
    """The fc layer's weights as stored (to tell stale statistics from a retrained model)."""
    mj = json.loads((model_dir / "model.json").read_text())
    specs = [w for g in mj["weightsManifest"] for w in g["weights"]]
    blob = b"".join((model_dir / p).read_bytes() for g in mj["weightsManifest"] for p in g["paths"])
    off = 0
    found = {}
    for w in specs:
        n = int(np.prod(w["shape"])) if w["shape"] else 1
        stored = (w.get("quantization") or {}).get("dtype", w["dtype"])  # float16-quantised kernels
        dt = {"float32": ("<f4", 4), "float16": ("<f2", 2)}[stored]
        if w["name"].startswith("fc/"):
            found[w["name"].split("/")[-1]] = np.frombuffer(blob[off : off + n * dt[1]], dtype=dt[0]).astype(np.float64)
        off += n * dt[1]
    k, b = found["kernel"], found["bias"]
    return {"bias": float(b[0]), "kernelNorm": float(np.sqrt((k**2).sum())), "kernelSum": float(k.sum())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", required=True, help="PREFIX of PREFIX.f32 / PREFIX.json from extract-features.ts")
    ap.add_argument("--train-list", required=True, help="files whose features fit the statistics")
    ap.add_argument("--val-list", required=True, help="held-out files that set the threshold")
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--percentile", type=float, default=99.0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    index = json.loads(Path(args.features + ".json").read_text())
    files = index["files"]
    feats = np.fromfile(args.features + ".f32", dtype="<f4").reshape(-1, 512)[: index["done"]].astype(np.float64)
    row = {f: i for i, f in enumerate(files[: index["done"]])}
    failed = {f["file"] for f in index["failed"]}
    read = lambda p: [l.strip() for l in Path(p).read_text().splitlines() if l.strip()]  # noqa: E731
    train = [f for f in read(args.train_list) if f in row and f not in failed]
    val = [f for f in read(args.val_list) if f in row and f not in failed]
    label = lambda f: 1 if "/PNEUMONIA/" in f else 0  # noqa: E731
    xt = feats[[row[f] for f in train]]
    yt = np.array([label(f) for f in train])
    means = np.stack([xt[yt == c].mean(0) for c in (0, 1)])
    centred = xt - means[yt]
    cov, shrink = ledoit_wolf(centred)
    prec = np.linalg.inv(cov)
    prec = (prec + prec.T) / 2
    chol = np.linalg.cholesky(prec)  # P = L Lᵀ
    means32 = means.astype(np.float32).astype(np.float64)
    chol32 = chol.astype(np.float32).astype(np.float64)

    # A validation image whose patient has training images too is not held out (the shipped model's
    # split read IM-0435-0001-0002 as a patient of its own): leave those out of threshold and rates.
    train_pats = {patient_id(Path(f).name) for f in train}
    dropped = [f for f in val if patient_id(Path(f).name) in train_pats]
    val = [f for f in val if patient_id(Path(f).name) not in train_pats]
    pats = sorted({patient_id(Path(f).name) for f in val})
    calib_p = set(pats[0::2])
    calib = [f for f in val if patient_id(Path(f).name) in calib_p]
    test = [f for f in val if patient_id(Path(f).name) not in calib_p]
    s_cal = scores(feats[[row[f] for f in calib]], means32, chol32)
    s_test = scores(feats[[row[f] for f in test]], means32, chol32)
    s_train = scores(xt, means32, chol32)
    thr = float(np.percentile(s_cal, args.percentile))

    packed = np.concatenate([chol[i, : i + 1] for i in range(512)])
    out = {
        "format": FORMAT,
        "features": "layer4_out, global average pooled (512 values: the input of the fc layer)",
        "dim": 512,
        "classes": ["NORMAL", "PNEUMONIA"],
        "means": b64(means),
        "precisionCholesky": b64(packed),
        "threshold": thr,
        "thresholdRule": f"{args.percentile:g}th percentile of the score on {len(calib)} held-out validation images ({len(calib_p)} patients, "
                         "every other validation patient in sorted order, patients with training images left out); "
                         "score = smallest squared Mahalanobis distance to a class mean",
        "head": head_fingerprint(Path(args.model_dir)),
        "fitted": {
            "on": f"{len(train)} training images of the model's patient split ({int((yt == 0).sum())} NORMAL, {int((yt == 1).sum())} PNEUMONIA), "
                  "features computed by the app's own preprocessing and network (training/extract-features.ts)",
            "covariance": f"shared (tied) covariance of class-centred features, Ledoit-Wolf shrinkage {shrink:.4f}",
            "trainingScore": {"median": float(np.median(s_train)), "p99": float(np.percentile(s_train, 99))},
            "featuresSha256": hashlib.sha256(feats.astype("<f4").tobytes()).hexdigest()[:16],
        },
        "measured": {
            "validationImagesLeftOut": f"{len(dropped)} (their patients also have training images)",
            "calibrationFalseAlarm": float((s_cal >= thr).mean()),
            "heldOutValidation": {"n": len(test), "falseAlarmRate": float((s_test >= thr).mean()),
                                  "medianScore": float(np.median(s_test))},
        },
    }
    tmp = Path(args.out + ".tmp")
    tmp.write_text(json.dumps(out) + "\n")
    os.replace(tmp, args.out)
    print(json.dumps({k: v for k, v in out.items() if k not in ("means", "precisionCholesky")}, indent=1))


if __name__ == "__main__":
    main()
