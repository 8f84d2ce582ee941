"""Augmentation on the training device, every random number drawn from an explicit generator, so
a micro-batch is augmented the same way whichever process (or how many processes) handles it.

Geometric: rotation, zoom, aspect, shift (no horizontal flip: anatomy is not symmetric).
Intensity / acquisition (each behind its own option, see AugConfig): gamma, contrast, brightness,
Gaussian blur, Gaussian noise, histogram equalisation (some sites equalise before export), random
window (clip to a random intensity range and stretch, as another VOI would).
"""
import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F


@dataclass
class AugConfig:
    strength: float = 1.0  # scales every magnitude below (and the blur / noise probabilities)
    geometric: bool = True
    gamma: float = 0.25  # log-gamma range: gamma in exp(±gamma)
    contrast: float = 0.25
    brightness: float = 0.10
    blur_p: float = 0.3
    blur_sigma: float = 1.5  # sigma in [0.5, 0.5 + blur_sigma - 0.5]
    noise_p: float = 0.3
    noise_std: float = 0.02
    histeq_p: float = 0.0
    window_p: float = 0.0

    def record(self) -> dict:
        return asdict(self)


def _u(n, g, dev, lo=-1.0, hi=1.0):
    return lo + (hi - lo) * torch.rand(n, generator=g, device=dev)


def equalise(x: torch.Tensor) -> torch.Tensor:
    """Per-image histogram equalisation of [N,1,H,W] in [0,1] (256 levels)."""
    n = x.shape[0]
    q = (x.clamp(0, 1) * 255).round().long().view(n, -1)
    hist = torch.zeros(n, 256, device=x.device, dtype=torch.float32).scatter_add_(1, q, torch.ones_like(q, dtype=torch.float32))
    cdf = hist.cumsum(1)
    cdf_min = torch.where(hist > 0, cdf, torch.full_like(cdf, float("inf"))).min(1, keepdim=True).values
    lut = ((cdf - cdf_min) / (cdf[:, -1:] - cdf_min).clamp_min(1)).clamp(0, 1)
    return lut.gather(1, q).view_as(x).to(x.dtype)


def augment(x: torch.Tensor, cfg: AugConfig, g: torch.Generator) -> torch.Tensor:
    """x: [N,1,H,W] float in [0,1]. Returns the augmented batch (same shape, in [0,1])."""
    n, dev, s = x.shape[0], x.device, cfg.strength
    if cfg.geometric and s > 0:
        ang = _u(n, g, dev) * math.radians(10 * s)
        zoom = 1 + _u(n, g, dev) * 0.12 * s
        aspect = 1 + _u(n, g, dev) * 0.06 * s
        tx = _u(n, g, dev) * 0.08 * s
        ty = _u(n, g, dev) * 0.08 * s
        cos, sin = torch.cos(ang), torch.sin(ang)
        sx, sy = 1 / (zoom * aspect), aspect / zoom
        theta = torch.stack([torch.stack([cos * sx, -sin * sy, tx], 1), torch.stack([sin * sx, cos * sy, ty], 1)], 1)
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        x = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    x = x.clamp(0, 1)
    if cfg.histeq_p > 0:
        m = (_u(n, g, dev, 0, 1) < cfg.histeq_p).view(n, 1, 1, 1)
        x = torch.where(m, equalise(x), x)
    if cfg.window_p > 0:
        m = (_u(n, g, dev, 0, 1) < cfg.window_p).view(n, 1, 1, 1)
        lo = _u(n, g, dev, 0.0, 0.15).view(n, 1, 1, 1)
        hi = _u(n, g, dev, 0.85, 1.0).view(n, 1, 1, 1)
        x = torch.where(m, ((x - lo) / (hi - lo)).clamp(0, 1), x)
    if cfg.gamma > 0:
        gamma = torch.exp(_u(n, g, dev).view(n, 1, 1, 1) * cfg.gamma * s)
        x = x.clamp(0, 1) ** gamma
    if cfg.contrast > 0 or cfg.brightness > 0:
        mean = x.mean(dim=(2, 3), keepdim=True)
        contrast = 1 + _u(n, g, dev).view(n, 1, 1, 1) * cfg.contrast * s
        bright = _u(n, g, dev).view(n, 1, 1, 1) * cfg.brightness * s
        x = (x - mean) * contrast + mean + bright
    if cfg.blur_p > 0:
        # blur some images (scanner / resampling differences): one sigma per micro-batch
        m = _u(n, g, dev, 0, 1) < cfg.blur_p * s
        sigma = 0.5 + float(_u(1, g, dev, 0, 1)) * max(cfg.blur_sigma - 0.5, 0)
        if bool(m.any()):
            k = torch.arange(-3, 4, device=dev, dtype=x.dtype)
            gk = torch.exp(-(k**2) / (2 * sigma**2))
            gk = gk / gk.sum()
            xb = F.conv2d(F.pad(x, (3, 3, 0, 0), mode="replicate"), gk.view(1, 1, 1, 7))
            xb = F.conv2d(F.pad(xb, (0, 0, 3, 3), mode="replicate"), gk.view(1, 1, 7, 1))
            x = torch.where(m.view(n, 1, 1, 1), xb, x)
    if cfg.noise_p > 0:
        m = (_u(n, g, dev, 0, 1) < cfg.noise_p * s).to(x.dtype).view(n, 1, 1, 1)
        x = x + m * torch.randn(x.shape, generator=g, device=dev, dtype=x.dtype) * cfg.noise_std * s
    return x.clamp(0, 1)


# Test-time augmentation views: deterministic small zooms and shifts (no flip), logits averaged.
TTA_VIEWS = [(1.0, 0.0, 0.0), (1.08, 0.0, 0.0), (0.93, 0.0, 0.0), (1.0, 0.04, 0.0), (1.0, -0.04, 0.0)]


def tta_view(x: torch.Tensor, zoom: float, tx: float, ty: float) -> torch.Tensor:
    if zoom == 1.0 and tx == 0.0 and ty == 0.0:
        return x
    n = x.shape[0]
    theta = torch.tensor([[1 / zoom, 0, tx], [0, 1 / zoom, ty]], dtype=x.dtype, device=x.device).expand(n, 2, 3)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
