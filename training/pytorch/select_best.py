#!/usr/bin/env python3
"""Picks the variant with the best *shifted* validation (held-out cohorts / patient-number ranges):
highest AUC, ties (to 3 decimals) broken by higher specificity at its threshold, then lower loss.
In-distribution validation is printed beside it but does not decide: at AUC .999 it cannot tell
models apart. Validation only: the official test split is never seen."""
import json
import sys
from pathlib import Path


def fmt(v):
    if not v:
        return "-"
    return f"auc={v['auc']:.4f} loss={v['loss']:.4f} sens={v['sensitivity']:.3f} spec={v['specificity']:.3f}"


runs = []
for d in sys.argv[1:]:
    r = json.loads((Path(d) / "result.json").read_text())
    v = r.get("validation_shifted") or r["validation"]
    key = (round(v["auc"], 3), round(v["specificity"], 3), -v["loss"])
    runs.append((key, d, r))
    tta = r.get("tta") or {}
    print(f"{d}: size={r['config']['size']} best_epoch={r['best_epoch']} thr={r['threshold']['value']:.4f} | "
          f"shifted {fmt(r.get('validation_shifted'))} | in-distribution {fmt(r['validation'])}"
          + (f" | TTA shifted {fmt(tta.get('shifted'))}" if tta else "") + f" | secs={r['seconds']:.0f}")
runs.sort(key=lambda t: t[0], reverse=True)
print("BEST", runs[0][1])
