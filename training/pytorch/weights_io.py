"""safetensors read/write (fp32, torchvision names) without the safetensors package, and the
synthetic parity images the JS test re-creates."""
import json
import os
import struct
from pathlib import Path

import numpy as np
import torch


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


DTYPES = {"F32": np.float32, "F16": np.float16}


def load_safetensors(path: Path) -> dict:
    """F32/F16 tensors by name (as float32 torch tensors)."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, h in header.items():
        if name == "__metadata__":
            continue
        if h["dtype"] not in DTYPES:
            raise SystemExit(f"{path}: tensor {name} has dtype {h['dtype']}, only F32/F16 are read")
        a, b = h["data_offsets"]
        arr = np.frombuffer(raw[base + a : base + b], dtype=np.dtype(DTYPES[h["dtype"]]).newbyteorder("<"))
        out[name] = torch.from_numpy(arr.astype(np.float32).reshape(h["shape"]))
    return out


def load_into(model: torch.nn.Module, path: Path):
    """Loads a torchvision-named state dict (safetensors file, or an Alveo model folder such as
    models/default); num_batches_tracked (not stored) keeps its value."""
    state = load_tfjs_resnet18(path) if Path(path).is_dir() else load_safetensors(path)
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise SystemExit(f"{path}: does not fit ResNet18 (missing {missing[:5]}, unexpected {unexpected[:5]})")


def parity_images(size: int) -> np.ndarray:
    """Synthetic 8-bit images defined by a formula the JS test re-creates exactly."""
    h = np.arange(size).reshape(-1, 1)
    w = np.arange(size).reshape(1, -1)
    imgs = []
    for n in range(3):
        v = 127.5 + 127.5 * np.sin(0.11 * (n + 1) * h + 0.07 * w + 0.5 * n) * np.cos(0.05 * w - 0.03 * n * h)
        imgs.append(np.floor(np.clip(v, 0, 255)).astype(np.uint8))
    return np.stack(imgs)


def write_json_atomic(path: Path, value, indent=1):
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(value, indent=indent))
    os.replace(tmp, path)


TFJS_BN = {"gamma": "weight", "beta": "bias", "moving_mean": "running_mean", "moving_variance": "running_var"}


def load_tfjs_resnet18(model_dir: Path) -> dict:
    """An Alveo model folder (tfjs layers model.json + shards, float16-quantised kernels allowed) as
    a torchvision ResNet18 state dict: HWIO kernels -> OIHW, Keras BN names -> torch's, fc [512,1] -> [1,512]."""
    model_dir = Path(model_dir)
    mj = json.loads((model_dir / "model.json").read_text())
    out = {}
    for group in mj["weightsManifest"]:
        blob = b"".join((model_dir / p).read_bytes() for p in group["paths"])
        off = 0
        for w in group["weights"]:
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            stored = (w.get("quantization") or {}).get("dtype", w["dtype"])
            dt, size = {"float32": ("<f4", 4), "float16": ("<f2", 2)}[stored]
            arr = np.frombuffer(blob[off : off + n * size], dtype=dt).astype(np.float32).reshape(w["shape"])
            off += n * size
            layer, kind = w["name"].rsplit("/", 1)
            name = (layer.replace("_downsample_conv", ".downsample.0").replace("_downsample_bn", ".downsample.1")
                    .replace("layer1_", "layer1.").replace("layer2_", "layer2.").replace("layer3_", "layer3.").replace("layer4_", "layer4."))
            name = name.replace("_conv", ".conv").replace("_bn", ".bn")
            if kind == "kernel":
                t = arr.transpose(3, 2, 0, 1) if arr.ndim == 4 else arr.T  # HWIO -> OIHW; dense [in,out] -> [out,in]
                out[f"{name}.weight"] = torch.from_numpy(np.ascontiguousarray(t))
            elif kind == "bias":
                out[f"{name}.bias"] = torch.from_numpy(arr.copy())
            else:
                out[f"{name}.{TFJS_BN[kind]}"] = torch.from_numpy(arr.copy())
    return out
