#!/usr/bin/env python3
"""Trains Alveo's default pneumonia model: ResNet18 (torchvision layout) + GAP + 1 sigmoid unit.

Runs unchanged on one CPU, one GPU, or N processes under torchrun (DistributedDataParallel: gloo
on CPU, nccl on GPU), with the same results up to floating-point summation order (see README.md,
"Same results at any scale"). Writes, into --out (rank 0 only):
  resnet18.safetensors          fp32 state dict, torchvision names (import with `alveo import-weights`)
  result.json                   config, splits, history, both validations, threshold + rule, what ran
  val_predictions.json          in-distribution validation: file, label, probability
  val_shifted_predictions.json  shifted validation (held-out cohorts / patient-number ranges)
  parity.json                   probabilities for synthetic 8-bit images, for the JS parity test
  checkpoint.pt                 everything needed to --resume (written atomically each epoch)

Why these choices (Kermany's official test split is shifted from train, and an in-distribution
validation AUC of .999 cannot tell models apart):
  - validation that models a new site (--shift): whole cohorts / the earliest-numbered patients of
    each acquisition batch are held out by patient; checkpoint and threshold are chosen on it, and
    the in-distribution patient split is reported beside it
  - geometric + intensity/acquisition augmentation, each part behind an option (augment.py)
  - AdamW, cosine schedule with warm-up, label smoothing, class weights n / (2 n_c), an EMA of the
    weights, BatchNorm statistics recomputed on fixed training images ("precise BN") before every
    evaluation, so they do not depend on how batches were spread over processes
  - every micro-batch (the BatchNorm group, --micro-batch) gets its own random generator, keyed by
    (seed, epoch, step, micro-batch index): N processes see exactly the micro-batches one would
  - optional: ensemble distillation from earlier runs (--teachers), test-time augmentation (--tta),
    stochastic weight averaging (--swa, with --lr-schedule constant)
"""
import argparse
import copy
import json
import math
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
import torchvision
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from augment import TTA_VIEWS, AugConfig, augment, tta_view  # noqa: E402
from metrics import choose_threshold, metrics_at, roc_auc  # noqa: E402
from splits import list_dataset, make_splits, splits_from_files  # noqa: E402
from weights_io import load_into, parity_images, save_safetensors, write_json_atomic  # noqa: E402

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
DEFAULT_SHIFT = "IM<0.25,NORMAL2-IM<0.25,person<0.12"


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="folder with NORMAL/ and PNEUMONIA/")
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--steps-per-epoch", type=int, default=0, help="cap on optimizer steps per epoch (0 = one pass over train)")
    ap.add_argument("--batch", type=int, default=64, help="global batch (all processes together)")
    ap.add_argument("--micro-batch", type=int, default=32, help="BatchNorm group: batch / (processes x micro-batch) accumulation steps per process")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--wd", type=float, default=0.05)
    ap.add_argument("--warmup-epochs", type=float, default=3)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--mixup", type=float, default=0.0, help="mixup alpha within a micro-batch (0 = off)")
    ap.add_argument("--ema", type=float, default=0.998, help="EMA decay of the weights (0 = off: evaluate the raw weights)")
    ap.add_argument("--swa", type=int, default=0, help="1 = evaluate the uniform average of the weights at the end of every epoch so far (stochastic weight averaging; use with --init, --lr-schedule constant and --ema 0)")
    ap.add_argument("--lr-schedule", choices=["cosine", "constant"], default="cosine", help="after warm-up: cosine decay to 0, or constant (for SWA)")
    # augmentation (augment.py); defaults are the shipped recipe's
    ap.add_argument("--aug", type=float, default=1.0, help="augmentation strength (scales everything below)")
    ap.add_argument("--aug-geometric", type=int, default=1)
    ap.add_argument("--aug-gamma", type=float, default=0.25)
    ap.add_argument("--aug-contrast", type=float, default=0.25)
    ap.add_argument("--aug-brightness", type=float, default=0.10)
    ap.add_argument("--aug-blur", type=float, default=0.3, help="probability of a Gaussian blur")
    ap.add_argument("--aug-blur-sigma", type=float, default=1.5)
    ap.add_argument("--aug-noise", type=float, default=0.3, help="probability of Gaussian noise")
    ap.add_argument("--aug-noise-std", type=float, default=0.02)
    ap.add_argument("--aug-histeq", type=float, default=0.0, help="probability of histogram equalisation")
    ap.add_argument("--aug-window", type=float, default=0.0, help="probability of a random intensity window")
    # validation
    ap.add_argument("--val-frac", type=float, default=0.15, help="in-distribution patient split of what --shift leaves")
    ap.add_argument("--shift", default=DEFAULT_SHIFT, help="held-out cohorts: COHORT (whole), COHORT<FRAC (lowest-numbered patients), COHORT>FRAC; '' = none")
    ap.add_argument("--val-files", default="", help="comma-separated JSON lists of file names or {file} (a run's val_predictions.json,val_shifted_predictions.json): validation is exactly these patients, shifted = those in --shift ranges; to fine-tune a model, or rerun a recipe with another --seed, on the same split")
    ap.add_argument("--select-on", choices=["shifted", "id"], default="shifted", help="which validation chooses checkpoint and threshold")
    ap.add_argument("--select-metric", choices=["loss", "auc"], default="loss")
    ap.add_argument("--min-sensitivity", type=float, default=0.97)
    ap.add_argument("--bn-images", type=int, default=1024, help="training images (unaugmented) that set BatchNorm statistics before evaluation")
    ap.add_argument("--tta", action="store_true", help="also report test-time-augmented validation (5 views) for the chosen checkpoint")
    # distillation / init
    ap.add_argument("--teachers", default="", help="comma-separated run folders (resnet18.safetensors): distil their mean probability")
    ap.add_argument("--distill-weight", type=float, default=0.5, help="weight of the teachers' probability in the target")
    ap.add_argument("--init", default="", help="start from these weights (safetensors file or Alveo model folder) instead of from scratch")
    # run control
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--limit", type=int, default=0, help="use only N images (smoke tests)")
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads per process (0 = torch's default)")
    ap.add_argument("--amp", type=int, default=1, help="bfloat16 autocast on CUDA")
    ap.add_argument("--cpu-bf16", type=int, default=0, help="bfloat16 autocast for CPU training steps (2x on CPUs with AVX512-BF16/AMX; evaluation stays float32)")
    ap.add_argument("--resume", action="store_true", help="continue from --out/checkpoint.pt when it is there")
    ap.add_argument("--no-parity", action="store_true", help="skip parity.json and the fp16 check (smoke tests)")
    return ap.parse_args(argv)


# ---------- distributed ----------
class Dist:
    def __init__(self):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        if torch.cuda.is_available():
            torch.cuda.set_device(self.local_rank)
            self.device = torch.device("cuda", self.local_rank)
        else:
            self.device = torch.device("cpu")
        self.backend = None
        if self.world > 1:
            self.backend = "nccl" if self.device.type == "cuda" else "gloo"
            dist.init_process_group(self.backend)

    @property
    def main(self):
        return self.rank == 0

    def sum(self, v: float) -> float:
        if self.world == 1:
            return v
        t = torch.tensor([v], dtype=torch.float64, device=self.device if self.backend == "nccl" else "cpu")
        dist.all_reduce(t)
        return float(t.item())

    def barrier(self):
        if self.world > 1:
            dist.barrier()

    def close(self):
        if self.world > 1:
            dist.destroy_process_group()


def generator(device, *keys) -> torch.Generator:
    """A generator keyed by the seed and position, independent of which process asks."""
    s = 0x9E3779B97F4A7C15
    for k in keys:
        s = (s ^ (int(k) + 0x632BE59BD9B4E019 + ((s << 6) & (2**64 - 1)) + (s >> 2))) & (2**64 - 1)
    return torch.Generator(device=device).manual_seed(s & (2**63 - 1))


# ---------- data / model ----------
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
    mean = torch.tensor(MEAN, device=x01.device, dtype=x01.dtype).view(1, 3, 1, 1)
    std = torch.tensor(STD, device=x01.device, dtype=x01.dtype).view(1, 3, 1, 1)
    return (x01.expand(-1, 3, -1, -1) - mean) / std


def new_model(device):
    return torchvision.models.resnet18(weights=None, num_classes=1).to(device).to(memory_format=torch.channels_last)


def autocast(device, enabled, cpu_train=False):
    """bfloat16 on CUDA; on CPU only for training steps with --cpu-bf16 (evaluation, BatchNorm
    statistics and thresholds stay float32, like the app's inference)."""
    on = device.type == "cuda" or (device.type == "cpu" and cpu_train)
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=bool(enabled) and on)


@torch.no_grad()
def precise_bn(model, images_u8, idx, micro: int, device, amp):
    """BatchNorm running statistics = the average over fixed micro-batches of unaugmented training
    images (Wu & Johnson 2021), instead of a running average that depends on the process layout."""
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    saved = [m.momentum for m in bns]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # cumulative average
    model.train()
    for s in range(0, len(idx) - micro + 1, micro):
        b = images_u8[idx[s : s + micro]].to(device).unsqueeze(1).float() / 255
        with autocast(device, amp):
            model(normalise(b).contiguous(memory_format=torch.channels_last))
    for m, mom in zip(bns, saved):
        m.momentum = mom
    model.eval()


@torch.no_grad()
def predict(model, images_u8, idx, device, batch=128, amp=True, views=None):
    """Logits (float32, CPU). views: TTA views to average logits over (None = the image as is)."""
    model.eval()
    out = []
    for s in range(0, len(idx), batch):
        b = images_u8[idx[s : s + batch]].to(device, non_blocking=True).unsqueeze(1).float() / 255
        acc = 0
        for v in views or [(1.0, 0.0, 0.0)]:
            with autocast(device, amp):
                acc = acc + model(normalise(tta_view(b, *v)).contiguous(memory_format=torch.channels_last)).float().squeeze(1)
        out.append((acc / len(views or [0])).cpu())
    return torch.cat(out) if out else torch.zeros(0)


def bce(logits: torch.Tensor, y: torch.Tensor) -> float:
    return float(F.binary_cross_entropy_with_logits(logits, y).item()) if len(y) else float("nan")


def load_teachers(spec: str, device):
    teachers = []
    for d in filter(None, (s.strip() for s in spec.split(","))):
        m = new_model(device)
        load_into(m, Path(d) / "resnet18.safetensors")
        m.eval()
        for q in m.parameters():
            q.requires_grad_(False)
        teachers.append(m)
    return teachers


def evaluate(model, images, sets, device, amp):
    """{name: (logits, labels)} for each validation set."""
    return {name: (predict(model, images, idx, device, amp=amp), y) for name, (idx, y) in sets.items()}


def check_val_names(names, items, data: Path):
    """Stops when a validation image is not in the data folder: a renamed image would otherwise
    fall out of validation silently and its patient would be trained on."""
    present = {Path(path).name for path, _, _ in items}
    missing = sorted(n for n in set(names) if n not in present)
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise SystemExit(f"--val-files: {len(missing)} of {len(set(names))} validation images are not in {data} ({shown}); "
                         "a renamed or moved image would leave validation and be trained on. Restore them, or drop --val-files to draw a new split.")


def dataset_and_splits(data: Path, limit: int, val_files: str, val_frac: float, seed: int, shift: str):
    """The images of a run and its (train, val, shifted) index lists, as the run made them."""
    items = list_dataset(data)
    if limit:
        random.Random(0).shuffle(items)
        items = items[:limit]
    if val_files:
        # comma-separated lists of file names or {"file": ...} (a run's val_predictions.json and
        # val_shifted_predictions.json): both are needed, or the shifted patients would be trained on
        names = [d if isinstance(d, str) else d["file"] for f in val_files.split(",") if f for d in json.loads(Path(f).read_text())]
        check_val_names(names, list_dataset(data) if limit else items, data)
        return items, splits_from_files(items, names, shift)
    return items, make_splits(items, val_frac, seed, shift)


def precise_bn_indices(train_idx, seed: int, micro: int, n_images: int) -> list:
    """The fixed, unaugmented training images whose statistics become BatchNorm's before evaluation."""
    idx = list(train_idx)
    random.Random(seed + 1).shuffle(idx)
    return idx[: max(micro, n_images - n_images % micro)]


# ---------- main ----------
def main(argv=None):
    args = parse_args(argv)
    D = Dist()
    device = D.device
    if args.threads:
        torch.set_num_threads(args.threads)
    per_rank = args.batch // D.world
    if args.batch % D.world or per_rank % args.micro_batch:
        raise SystemExit(f"--batch {args.batch} must be a multiple of processes ({D.world}) x --micro-batch ({args.micro_batch})")
    accum = per_rank // args.micro_batch
    torch.manual_seed(args.seed)  # model init: the same on every rank
    np.random.seed(args.seed)
    random.seed(args.seed)
    out = Path(args.out)
    if D.main:
        out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    log = (lambda *a: print(*a, flush=True)) if D.main else (lambda *a: None)

    items, (train_idx, val_idx, shift_idx) = dataset_and_splits(Path(args.data), args.limit, args.val_files, args.val_frac, args.seed, args.shift)
    if args.select_on == "shifted" and not shift_idx:
        args.select_on = "id"
    labels = torch.tensor([lab for _, lab, _ in items], dtype=torch.float32)
    images = load_images(items, args.size)
    if device.type == "cuda":
        images, labels = images.to(device), labels.to(device)
    log(f"loaded {len(items)} images in {time.time() - t0:.1f}s; train {len(train_idx)} val {len(val_idx)} "
        f"shifted {len(shift_idx)}; {D.world} process(es) on {device} ({D.backend or 'single'}), {accum} micro-batch(es) of {args.micro_batch} per step each")

    ytr = labels[train_idx]
    n, n_pos = len(train_idx), float(ytr.sum())
    class_w = {0: n / (2 * (n - n_pos)), 1: n / (2 * n_pos)}
    aug = AugConfig(strength=args.aug, geometric=bool(args.aug_geometric), gamma=args.aug_gamma, contrast=args.aug_contrast,
                    brightness=args.aug_brightness, blur_p=args.aug_blur, blur_sigma=args.aug_blur_sigma, noise_p=args.aug_noise,
                    noise_std=args.aug_noise_std, histeq_p=args.aug_histeq, window_p=args.aug_window)

    model = new_model(device)
    if args.init:
        load_into(model, Path(args.init))
    ema_model = copy.deepcopy(model).eval()
    for q in ema_model.parameters():
        q.requires_grad_(False)
    net = model
    if D.world > 1:
        net = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None,
                                                        broadcast_buffers=False)
    teachers = load_teachers(args.teachers, device)

    decay, no_decay = [], []
    for _, p in model.named_parameters():
        (no_decay if p.ndim <= 1 else decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.wd}, {"params": no_decay, "weight_decay": 0}], lr=args.lr)
    steps_per_epoch = max(1, len(train_idx) // args.batch)
    if args.steps_per_epoch:
        steps_per_epoch = min(steps_per_epoch, args.steps_per_epoch)
    total = steps_per_epoch * args.epochs
    warm = max(1, round(steps_per_epoch * args.warmup_epochs))
    warm = warm if args.warmup_epochs > 0 else 0
    decay_at = (lambda s: 0.5 * (1 + math.cos(math.pi * min(1.0, s / total)))) if args.lr_schedule == "cosine" else (lambda s: 1.0)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm if warm else 1.0) * decay_at(s))

    # fixed, unaugmented training images for precise BN: the same on every rank
    bn_idx = precise_bn_indices(train_idx, args.seed, args.micro_batch, args.bn_images)
    sets = {"id": (val_idx, labels[val_idx].float().cpu())}
    if shift_idx:
        sets["shifted"] = (shift_idx, labels[shift_idx].float().cpu())

    # SWA: the running uniform average of the raw weights at each epoch's end (BatchNorm statistics
    # are recomputed before evaluation anyway, as SWA needs).
    swa_model = copy.deepcopy(model).eval() if args.swa else None
    swa_n = 0
    history, best, start_epoch, step = [], {"score": float("inf"), "epoch": 0, "state": None}, 0, 0
    ckpt = out / "checkpoint.pt"
    if args.resume and ckpt.exists():
        c = torch.load(ckpt, map_location=device)
        model.load_state_dict(c["model"])
        ema_model.load_state_dict(c["ema"])
        opt.load_state_dict(c["opt"])
        sched.load_state_dict(c["sched"])
        history, best, start_epoch, step = c["history"], c["best"], c["epoch"], c["step"]
        if swa_model is not None:
            swa_model.load_state_dict(c["swa"])
            swa_n = c["swa_n"]
        log(f"resumed from {ckpt} after epoch {start_epoch}")

    @torch.no_grad()
    def ema_update():
        if args.ema <= 0:
            return
        d = min(args.ema, (1 + step) / (10 + step))  # warm-up: early EMA follows the weights
        for e, m in zip(ema_model.parameters(), model.parameters()):
            e.mul_(d).add_(m.detach(), alpha=1 - d)

    tr = torch.tensor(train_idx, device=images.device)
    for epoch in range(start_epoch, args.epochs):
        model.train()
        te = time.time()
        perm = tr[torch.randperm(len(tr), generator=generator("cpu", args.seed, epoch)).to(images.device)]
        run_loss = 0.0
        for s in range(steps_per_epoch):
            opt.zero_grad(set_to_none=True)
            batch = perm[s * args.batch : (s + 1) * args.batch]
            for a in range(accum):
                j = D.rank * accum + a  # this micro-batch's index within the global batch
                bi = batch[j * args.micro_batch : (j + 1) * args.micro_batch]
                g = generator(device, args.seed, epoch, s, j)
                x = augment(images[bi].unsqueeze(1).float() / 255, aug, g)
                y = labels[bi].float()
                w = torch.where(y > 0.5, class_w[1], class_w[0])
                target = y * (1 - args.label_smoothing) + 0.5 * args.label_smoothing
                xin = normalise(x).contiguous(memory_format=torch.channels_last)
                if teachers:
                    with torch.no_grad(), autocast(device, args.amp):
                        tp = torch.stack([torch.sigmoid(t(xin).float().squeeze(1)) for t in teachers]).mean(0)
                    target = (1 - args.distill_weight) * target + args.distill_weight * tp
                if args.mixup > 0:
                    # Beta has no torch generator argument: seed numpy's from this micro-batch's generator
                    seed = int(torch.randint(0, 2**31 - 1, (1,), generator=g, device=device).item())
                    lam = float(np.random.default_rng(seed).beta(args.mixup, args.mixup))
                    pm = torch.randperm(len(bi), generator=g, device=device)
                    xin, target, w = lam * xin + (1 - lam) * xin[pm], lam * target + (1 - lam) * target[pm], lam * w + (1 - lam) * w[pm]
                sync = a == accum - 1 or D.world == 1
                ctx = net.no_sync() if (D.world > 1 and not sync) else _null()
                with ctx:
                    with autocast(device, args.amp, cpu_train=bool(args.cpu_bf16)):
                        logits = net(xin).float().squeeze(1)
                    loss = (F.binary_cross_entropy_with_logits(logits, target, reduction="none") * w).mean() / accum
                    loss.backward()
                run_loss += float(loss.item())
            opt.step()
            sched.step()
            step += 1
            ema_update()
        train_loss = D.sum(run_loss) / (steps_per_epoch * D.world)  # each rank's sum is its share's mean per step
        # evaluation on rank 0 (the others go on to the next epoch's first all-reduce and wait there)
        rec = {"epoch": epoch + 1, "train_loss": train_loss, "lr": sched.get_last_lr()[0], "seconds": time.time() - te}
        if swa_model is not None:
            with torch.no_grad():
                for a, m in zip(swa_model.parameters(), model.parameters()):
                    a.mul_(swa_n / (swa_n + 1)).add_(m.detach(), alpha=1 / (swa_n + 1))
            swa_n += 1
        if D.main:
            eval_model = copy.deepcopy(swa_model) if swa_model is not None else ema_model if args.ema > 0 else copy.deepcopy(model)
            precise_bn(eval_model, images, bn_idx, args.micro_batch, device, args.amp)
            res = evaluate(eval_model, images, sets, device, args.amp)
            for name, (lg, y) in res.items():
                rec[f"{name}_loss"] = bce(lg, y)
                rec[f"{name}_auc"] = roc_auc(y.numpy(), torch.sigmoid(lg).numpy())
            score = rec[f"{args.select_on}_loss"] if args.select_metric == "loss" else -rec[f"{args.select_on}_auc"]
            if score < best["score"]:
                best = {"score": score, "epoch": epoch + 1, "state": {k: v.detach().clone() for k, v in eval_model.state_dict().items()}}
            history.append(rec)
            log(json.dumps(rec))
            tmp = ckpt.with_suffix(".tmp")
            torch.save({"model": model.state_dict(), "ema": ema_model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                        "history": history, "best": best, "epoch": epoch + 1, "step": step, "config": vars(args),
                        **({"swa": swa_model.state_dict(), "swa_n": swa_n} if swa_model is not None else {})}, tmp)
            os.replace(tmp, ckpt)

    if D.main:
        finish(args, D, items, images, labels, train_idx, val_idx, shift_idx, sets, best, history, class_w, aug, teachers, out, t0, accum)
    D.barrier()
    D.close()
    if D.world > 1:
        # Every result is written: leave without the interpreter's teardown, where a gloo worker
        # has hung with its OpenMP and gloo threads (a CI run once waited 180 s on a finished job).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def finish(args, D, items, images, labels, train_idx, val_idx, shift_idx, sets, best, history, class_w, aug, teachers, out, t0, accum):
    device = D.device
    model = new_model(device)
    model.load_state_dict(best["state"])
    res = evaluate(model, images, sets, device, amp=False)
    sel_logits, sel_y = res[args.select_on]
    ys = sel_y.numpy().astype(int)
    thr = choose_threshold(ys, torch.sigmoid(sel_logits).numpy(), args.min_sensitivity)
    validations = {}
    for name, (lg, y) in res.items():
        m = metrics_at(y.numpy().astype(int), torch.sigmoid(lg).numpy(), thr)
        m["loss"] = bce(lg, y)
        validations[name] = m
    tta = None
    if args.tta:
        tta = {"views": TTA_VIEWS, "cost": f"{len(TTA_VIEWS)} forward passes per image"}
        for name, (idx, y) in sets.items():
            lg = predict(model, images, idx, device, amp=False, views=TTA_VIEWS)
            m = metrics_at(y.numpy().astype(int), torch.sigmoid(lg).numpy(), thr)
            m["loss"] = bce(lg, y)
            tta[name] = m
    fp16 = None
    parity = None
    if not args.no_parity:
        # what float16 storage costs: round-trip the weights through fp16 and re-score the selection set
        p = torch.sigmoid(sel_logits).numpy()
        m16 = new_model(device)
        m16.load_state_dict({k: (v.half().float() if v.is_floating_point() else v) for k, v in best["state"].items()})
        p16 = torch.sigmoid(predict(m16, images, sets[args.select_on][0], device, amp=False)).numpy()
        fp16 = {"set": args.select_on, "max_abs_prob_diff": float(np.abs(p16 - p).max()), "auc": roc_auc(ys, p16), "auc_fp32": roc_auc(ys, p)}
        model.eval().float()
        pim = parity_images(args.size)
        with torch.no_grad():
            xin = normalise(torch.from_numpy(pim).float().unsqueeze(1).to(device) / 255)
            plog = model.to(memory_format=torch.contiguous_format)(xin).squeeze(1).cpu().double().numpy()
        parity = {"inputSize": args.size, "formula": "v=127.5+127.5*sin(0.11*(n+1)*h+0.07*w+0.5*n)*cos(0.05*w-0.03*n*h); floor(clip(v,0,255))",
                  "count": 3, "logits": plog.tolist(), "probabilities": (1 / (1 + np.exp(-plog))).tolist()}

    save_safetensors(best["state"], out / "resnet18.safetensors")
    pats = lambda idx: {items[i][2] for i in idx}  # noqa: E731
    ran = {
        # file names only: the folder is where this run's split lived, meaningless on another machine
        "validation_scheme": (f"the patients of the given validation files ({', '.join(Path(f).name for f in args.val_files.split(',') if f)})" if args.val_files else "in-distribution patient split")
        + (f", those in shifted ranges ({args.shift}) reported and selected on separately" if shift_idx else ""),
        "selection": f"checkpoint by {args.select_on} validation {args.select_metric}; threshold on {args.select_on} validation",
        "augmentation": aug.record(),
        "ema": args.ema,
        "swa": bool(args.swa),
        "lr_schedule": args.lr_schedule,
        "mixup": args.mixup,
        "tta_evaluated": bool(args.tta),
        "distillation": {"teachers": [t for t in args.teachers.split(",") if t], "weight": args.distill_weight} if teachers else None,
        "init": args.init or None,
        "precise_bn_images": args.bn_images,
        "processes": D.world,
        "backend": D.backend or "single process",
        "micro_batch": args.micro_batch,
        "accumulation_steps_per_process": accum,
    }
    result = {
        "config": vars(args), "ran": ran, "device": str(device), "torch": torch.__version__, "torchvision": torchvision.__version__,
        "images": len(items), "train_images": len(train_idx), "val_images": len(val_idx), "shifted_images": len(shift_idx),
        "train_patients": len(pats(train_idx)), "val_patients": len(pats(val_idx)), "shifted_patients": len(pats(shift_idx)),
        "patient_overlap": len(pats(train_idx) & (pats(val_idx) | pats(shift_idx))),
        "class_weights": class_w, "best_epoch": best["epoch"], "history": history,
        "threshold": {"value": thr, "set": args.select_on,
                      "rule": f"highest specificity with sensitivity >= {args.min_sensitivity} on the {args.select_on} validation split (midpoint to the next lower score)"},
        "validation": validations["id"], "validation_shifted": validations.get("shifted"), "tta": tta, "fp16": fp16,
        "seconds": time.time() - t0,
    }
    write_json_atomic(out / "result.json", result)
    if parity:
        write_json_atomic(out / "parity.json", parity)
    for name, fname in (("id", "val_predictions.json"), ("shifted", "val_shifted_predictions.json")):
        if name in res:
            idx = sets[name][0]
            p = torch.sigmoid(res[name][0]).numpy()
            write_json_atomic(out / fname, [{"file": Path(items[i][0]).name, "label": int(items[i][1]), "probability": float(pp)} for i, pp in zip(idx, p)], indent=None)
    print(json.dumps({"best_epoch": best["epoch"], "threshold": thr, "validation": validations["id"],
                      "validation_shifted": validations.get("shifted"), "fp16_auc": fp16 and fp16["auc"]}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
