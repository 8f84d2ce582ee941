#!/usr/bin/env python3
"""Trains Alveo's default pneumonia model: ResNet18 (torchvision layout, from scratch) + GAP + 1 sigmoid unit.

Reproduces models/default: see models/default/README.md for the exact command. Writes, into --out:
  resnet18.safetensors   fp32 state dict, torchvision names (import with `alveo import-weights`)
  result.json            config, patient split, per-epoch history, validation metrics, threshold + rule
  val_predictions.json   validation file names, labels and probabilities of the chosen checkpoint
  parity.json            probabilities for synthetic 8-bit images, for the JS parity test

Why these choices (Kermany's official test split is known to be shifted from train):
  - patient-level stratified split of train for validation (file names carry the patient id)
  - strong photometric + geometric augmentation on the GPU, no horizontal flip (anatomy is not symmetric)
  - AdamW (Adam with decoupled weight decay), cosine schedule with warm-up, label smoothing,
    class weights n / (2 n_c), an exponential moving average of the weights, best checkpoint on
    validation loss (the early-stopping criterion, without stopping early: a short cosine run is cheap)
"""
import argparse
import copy
import json
import math
import os
import random
import re
import struct
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from PIL import Image

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def patient_id(name: str) -> str:
    stem = Path(name).stem
    m = re.match(r"^(person\d+)_", stem, re.I)
    if m:
        return m.group(1).lower()
    m = re.match(r"^(NORMAL2-IM-\d+)-\d+$", stem, re.I)
    if m:
        return m.group(1).upper()
    m = re.match(r"^(IM-\d+)-\d+$", stem, re.I)
    if m:
        return m.group(1).upper()
    return stem


def list_dataset(root: Path):
    items = []
    for cls_dir in sorted(root.iterdir()):
        if not cls_dir.is_dir():
            continue
        label = {"NORMAL": 0, "PNEUMONIA": 1}.get(cls_dir.name.upper())
        if label is None:
            continue
        for f in sorted(cls_dir.iterdir()):
            if f.suffix.lower() in (".jpeg", ".jpg", ".png"):
                items.append((str(f), label, patient_id(f.name)))
    return items


def patient_split(items, val_frac: float, seed: int):
    """Stratified by the patient's label; a patient never appears in both splits."""
    patients = {}
    for _, label, pid in items:
        patients.setdefault(pid, []).append(label)
    by_class = {0: [], 1: []}
    for pid, labels in sorted(patients.items()):
        by_class[int(max(labels))].append(pid)
    rng = random.Random(seed)
    val = set()
    for cls in (0, 1):
        pids = by_class[cls]
        rng.shuffle(pids)
        val.update(pids[: round(len(pids) * val_frac)])
    train_idx = [i for i, (_, _, pid) in enumerate(items) if pid not in val]
    val_idx = [i for i, (_, _, pid) in enumerate(items) if pid in val]
    return train_idx, val_idx


def load_images(items, size: int) -> torch.Tensor:
    out = np.empty((len(items), size, size), dtype=np.uint8)
    for i, (path, _, _) in enumerate(items):
        im = Image.open(path).convert("L")
        if im.size != (size, size):
            im = im.resize((size, size), Image.BILINEAR)  # squash, like the app
        out[i] = np.asarray(im)
    return torch.from_numpy(out)


def normalise(x01: torch.Tensor) -> torch.Tensor:
    """x01: [N,1,H,W] in [0,1] -> [N,3,H,W] normalised, three equal channels."""
    mean = torch.tensor(MEAN, device=x01.device).view(1, 3, 1, 1)
    std = torch.tensor(STD, device=x01.device).view(1, 3, 1, 1)
    return (x01.expand(-1, 3, -1, -1) - mean) / std


def augment(x: torch.Tensor, strength: float) -> torch.Tensor:
    """x: [N,1,H,W] float in [0,1] on the GPU. Geometric then photometric jitter."""
    n = x.shape[0]
    dev = x.device
    s = strength
    ang = (torch.rand(n, device=dev) * 2 - 1) * math.radians(10 * s)
    zoom = 1 + (torch.rand(n, device=dev) * 2 - 1) * 0.12 * s
    aspect = 1 + (torch.rand(n, device=dev) * 2 - 1) * 0.06 * s
    tx = (torch.rand(n, device=dev) * 2 - 1) * 0.08 * s
    ty = (torch.rand(n, device=dev) * 2 - 1) * 0.08 * s
    cos, sin = torch.cos(ang), torch.sin(ang)
    sx, sy = 1 / (zoom * aspect), aspect / zoom
    theta = torch.stack(
        [torch.stack([cos * sx, -sin * sy, tx], 1), torch.stack([sin * sx, cos * sy, ty], 1)], 1
    )
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    # photometric: gamma, contrast, brightness
    gamma = torch.exp((torch.rand(n, 1, 1, 1, device=dev) * 2 - 1) * 0.25 * s)
    x = x.clamp(0, 1) ** gamma
    mean = x.mean(dim=(2, 3), keepdim=True)
    contrast = 1 + (torch.rand(n, 1, 1, 1, device=dev) * 2 - 1) * 0.25 * s
    bright = (torch.rand(n, 1, 1, 1, device=dev) * 2 - 1) * 0.10 * s
    x = (x - mean) * contrast + mean + bright
    # blur some images (scanner / resampling differences), add noise to some
    blur_mask = torch.rand(n, device=dev) < 0.3 * s
    if blur_mask.any():
        sigma = 0.5 + torch.rand(1, device=dev).item() * 1.0
        k = torch.arange(-3, 4, device=dev, dtype=x.dtype)
        g = torch.exp(-(k**2) / (2 * sigma**2))
        g = g / g.sum()
        xb = x[blur_mask]
        xb = F.conv2d(F.pad(xb, (3, 3, 0, 0), mode="replicate"), g.view(1, 1, 1, 7))
        xb = F.conv2d(F.pad(xb, (0, 0, 3, 3), mode="replicate"), g.view(1, 1, 7, 1))
        x[blur_mask] = xb
    noise_mask = (torch.rand(n, 1, 1, 1, device=dev) < 0.3 * s).to(x.dtype)
    x = x + noise_mask * torch.randn_like(x) * 0.02 * s
    return x.clamp(0, 1)


def mixup(x, y, w, alpha):
    lam = float(np.random.beta(alpha, alpha))
    perm = torch.randperm(x.shape[0], device=x.device)
    return lam * x + (1 - lam) * x[perm], lam * y + (1 - lam) * y[perm], lam * w + (1 - lam) * w[perm]


def roc_auc(y: np.ndarray, p: np.ndarray) -> float:
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p))
    sp = p[order]
    i = 0
    while i < len(sp):  # average ranks for ties
        j = i
        while j + 1 < len(sp) and sp[j + 1] == sp[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    npos = y.sum()
    nneg = len(y) - npos
    return float((ranks[y == 1].sum() - npos * (npos + 1) / 2) / (npos * nneg))


def metrics_at(y: np.ndarray, p: np.ndarray, t: float) -> dict:
    pred = p >= t
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    tn = int((~pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    sens = tp / max(tp + fn, 1)
    spec = tn / max(tn + fp, 1)
    prec = tp / max(tp + fp, 1)
    f1 = 2 * prec * sens / max(prec + sens, 1e-12)
    return {
        "n": int(len(y)),
        "accuracy": (tp + tn) / len(y),
        "sensitivity": sens,
        "specificity": spec,
        "precision": prec,
        "f1": f1,
        "auc": roc_auc(y, p),
        "confusion": {"tp": tp, "fp": fp, "tn": tn, "fn": fn},
    }


def choose_threshold(y: np.ndarray, p: np.ndarray, min_sensitivity: float) -> float:
    """Highest specificity with sensitivity >= min_sensitivity: the largest such threshold.
    Returned as the midpoint between that positive score and the next lower distinct score, so
    the rule does not sit exactly on a validation image."""
    pos = np.sort(p[y == 1])[::-1]
    k = int(math.ceil(min_sensitivity * len(pos)))  # need k positives at or above t
    t_hi = float(pos[k - 1])
    below = p[p < t_hi]
    t_lo = float(below.max()) if len(below) else 0.0
    return (t_hi + t_lo) / 2


@torch.no_grad()
def predict(model, images_u8, idx, device, batch=256, amp=True):
    model.eval()
    out = []
    for s in range(0, len(idx), batch):
        b = images_u8[idx[s : s + batch]].to(device, non_blocking=True).unsqueeze(1).float() / 255
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=amp and device.type == "cuda"):
            logits = model(normalise(b).contiguous(memory_format=torch.channels_last))
        out.append(logits.float().squeeze(1).cpu())
    return torch.cat(out)


def bce(logits: torch.Tensor, y: torch.Tensor) -> float:
    return float(F.binary_cross_entropy_with_logits(logits, y).item())


def save_safetensors(state: dict, path: Path):
    header, chunks, offset = {}, [], 0
    for name, t in state.items():
        if name.endswith("num_batches_tracked"):
            continue
        arr = t.detach().float().cpu().contiguous().numpy().astype("<f4")
        b = arr.tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [offset, offset + len(b)]}
        chunks.append(b)
        offset += len(b)
    header["__metadata__"] = {"format": "pt", "source": "alveo training/pytorch/train_default.py"}
    hb = json.dumps(header, separators=(",", ":")).encode()
    hb += b" " * ((8 - len(hb) % 8) % 8)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for c in chunks:
            f.write(c)
    os.replace(tmp, path)


def parity_images(size: int) -> np.ndarray:
    """Synthetic 8-bit images defined by a formula the JS test re-creates exactly."""
    h = np.arange(size).reshape(-1, 1)
    w = np.arange(size).reshape(1, -1)
    imgs = []
    for n in range(3):
        v = 127.5 + 127.5 * np.sin(0.11 * (n + 1) * h + 0.07 * w + 0.5 * n) * np.cos(0.05 * w - 0.03 * n * h)
        imgs.append(np.floor(np.clip(v, 0, 255)).astype(np.uint8))
    return np.stack(imgs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="folder with NORMAL/ and PNEUMONIA/")
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--wd", type=float, default=0.05)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--aug", type=float, default=1.0, help="augmentation strength")
    ap.add_argument("--mixup", type=float, default=0.0, help="mixup alpha (0 = off)")
    ap.add_argument("--ema", type=float, default=0.998)
    ap.add_argument("--val-frac", type=float, default=0.15)
    ap.add_argument("--min-sensitivity", type=float, default=0.97)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--limit", type=int, default=0, help="use only N images (smoke test)")
    ap.add_argument("--holdout-prefix", default="", help="robustness probe: keep files whose name starts with this out of training and validation, and report how they score")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    random.seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()

    items = list_dataset(Path(args.data))
    if args.limit:
        random.Random(0).shuffle(items)
        items = items[: args.limit]
    holdout = []
    if args.holdout_prefix:
        holdout = [it for it in items if Path(it[0]).name.startswith(args.holdout_prefix)]
        items = [it for it in items if not Path(it[0]).name.startswith(args.holdout_prefix)]
    train_idx, val_idx = patient_split(items, args.val_frac, args.seed)
    labels = torch.tensor([lab for _, lab, _ in items], dtype=torch.float32)
    images = load_images(items, args.size)
    if device.type == "cuda":
        images = images.to(device)
        labels = labels.to(device)
    print(f"loaded {len(items)} images in {time.time() - t0:.1f}s; train {len(train_idx)} val {len(val_idx)}", flush=True)

    ytr = labels[train_idx]
    n, n_pos = len(train_idx), float(ytr.sum())
    class_w = {0: n / (2 * (n - n_pos)), 1: n / (2 * n_pos)}

    model = torchvision.models.resnet18(weights=None, num_classes=1).to(device).to(memory_format=torch.channels_last)
    ema_model = copy.deepcopy(model).eval()
    for q in ema_model.parameters():
        q.requires_grad_(False)
    ema_pairs = [(e, m) for e, m in zip(ema_model.state_dict().values(), model.state_dict().values())]

    @torch.no_grad()
    def ema_update():  # weights and BN statistics
        for e, m in ema_pairs:
            if e.dtype.is_floating_point:
                e.mul_(args.ema).add_(m, alpha=1 - args.ema)
            else:
                e.copy_(m)
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if p.ndim <= 1 else decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.wd}, {"params": no_decay, "weight_decay": 0}], lr=args.lr)
    steps_per_epoch = max(1, len(train_idx) // args.batch)
    total = steps_per_epoch * args.epochs
    warm = steps_per_epoch * 3
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * 0.5 * (1 + math.cos(math.pi * min(1.0, s / total)))
    )
    tr = torch.tensor(train_idx, device=images.device)
    va = torch.tensor(val_idx)
    yva = labels[val_idx].float().cpu()
    history, best = [], {"val_loss": float("inf")}
    for epoch in range(args.epochs):
        model.train()
        te = time.time()
        perm = tr[torch.randperm(len(tr), device=tr.device)]
        run_loss = 0.0
        for s in range(steps_per_epoch):
            bi = perm[s * args.batch : (s + 1) * args.batch]
            x = images[bi].unsqueeze(1).float() / 255
            y = labels[bi].float()
            x = augment(x, args.aug)
            w = torch.where(y > 0.5, class_w[1], class_w[0])
            if args.mixup > 0:
                x, y, w = mixup(x, y, w, args.mixup)
            ys = y * (1 - args.label_smoothing) + 0.5 * args.label_smoothing
            with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(normalise(x).contiguous(memory_format=torch.channels_last)).float().squeeze(1)
            loss = (F.binary_cross_entropy_with_logits(logits, ys, reduction="none") * w).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            ema_update()
            run_loss += float(loss.item())
        logits_va = predict(ema_model, images, va, device)
        vl = bce(logits_va, yva)
        p = torch.sigmoid(logits_va).numpy()
        auc = roc_auc(yva.numpy(), p)
        rec = {"epoch": epoch + 1, "train_loss": run_loss / steps_per_epoch, "val_loss": vl, "val_auc": auc,
               "lr": sched.get_last_lr()[0], "seconds": time.time() - te}
        history.append(rec)
        print(json.dumps(rec), flush=True)
        if vl < best["val_loss"]:
            best = {"val_loss": vl, "epoch": epoch + 1, "state": {k: v.detach().clone() for k, v in ema_model.state_dict().items()}}

    model.load_state_dict(best["state"])
    logits_va = predict(model, images, va, device, amp=False)
    y = yva.numpy().astype(int)
    p = torch.sigmoid(logits_va).numpy()
    thr = choose_threshold(y, p, args.min_sensitivity)
    val_metrics = metrics_at(y, p, thr)
    val_metrics["loss"] = bce(logits_va, yva)
    # what float16 storage costs: round-trip the weights through fp16 and re-score validation
    half_state = {k: (v.half().float() if v.is_floating_point() else v) for k, v in best["state"].items()}
    m16 = torchvision.models.resnet18(weights=None, num_classes=1).to(device).to(memory_format=torch.channels_last)
    m16.load_state_dict(half_state)
    p16 = torch.sigmoid(predict(m16, images, va, device, amp=False)).numpy()
    fp16 = {"max_abs_prob_diff": float(np.abs(p16 - p).max()), "auc": roc_auc(y, p16), "metrics_at_threshold": metrics_at(y, p16, thr)}

    # parity inputs for the JS importer test (fp32, no autocast)
    model.eval().float()
    pim = parity_images(args.size)
    with torch.no_grad():
        xin = normalise(torch.from_numpy(pim).float().unsqueeze(1).to(device) / 255)
        plog = model.to(memory_format=torch.contiguous_format)(xin).squeeze(1).cpu().double().numpy()
    parity = {"inputSize": args.size, "formula": "v=127.5+127.5*sin(0.11*(n+1)*h+0.07*w+0.5*n)*cos(0.05*w-0.03*n*h); floor(clip(v,0,255))",
              "count": 3, "logits": plog.tolist(), "probabilities": (1 / (1 + np.exp(-plog))).tolist()}

    save_safetensors(best["state"], out / "resnet18.safetensors")
    train_pat = {items[i][2] for i in train_idx}
    val_pat = {items[i][2] for i in val_idx}
    result = {
        "config": vars(args), "device": str(device), "torch": torch.__version__, "torchvision": torchvision.__version__,
        "images": len(items), "train_images": len(train_idx), "val_images": len(val_idx),
        "train_patients": len(train_pat), "val_patients": len(val_pat), "patient_overlap": len(train_pat & val_pat),
        "class_weights": class_w, "best_epoch": best["epoch"], "history": history,
        "threshold": {"value": thr, "rule": f"highest specificity with sensitivity >= {args.min_sensitivity} on the patient-level validation split (midpoint to the next lower score)"},
        "validation": val_metrics, "fp16": fp16, "seconds": time.time() - t0,
    }
    if holdout:
        # how the chosen model and threshold treat a batch of images it never saw the like of
        himg = load_images(holdout, args.size).to(device)
        hp = torch.sigmoid(predict(model, himg, list(range(len(holdout))), device, amp=False)).numpy()
        hy = np.array([lab for _, lab, _ in holdout])
        result["holdout"] = {"prefix": args.holdout_prefix, "n": len(holdout), "positives": int(hy.sum()),
                             "fraction_called_positive": float((hp >= thr).mean()),
                             "fraction_called_positive_at_0.5": float((hp >= 0.5).mean()),
                             "mean_probability": float(hp.mean()),
                             "auc_vs_val_positives": roc_auc(np.concatenate([np.zeros(len(hp)), np.ones(int(y.sum()))]),
                                                             np.concatenate([hp, p[y == 1]])) if hy.sum() == 0 else None}
    (out / "result.json").write_text(json.dumps(result, indent=1))
    (out / "parity.json").write_text(json.dumps(parity, indent=1))
    (out / "val_predictions.json").write_text(json.dumps(
        [{"file": Path(items[i][0]).name, "label": int(items[i][1]), "probability": float(pp)} for i, pp in zip(val_idx, p)]))
    print(json.dumps({"best_epoch": best["epoch"], "threshold": thr, "validation": val_metrics, "fp16": fp16["auc"]}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
