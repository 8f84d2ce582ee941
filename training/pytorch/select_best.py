#!/usr/bin/env python3
"""Picks the variant with the best validation AUC (ties: lower validation loss) and prints a summary
of every variant, so the choice is on record. Validation only: the official test split is never seen."""
import json
import sys
from pathlib import Path

runs = []
for d in sys.argv[1:]:
    r = json.loads((Path(d) / "result.json").read_text())
    v = r["validation"]
    runs.append((round(v["auc"], 4), -v["loss"], d, r))
    print(f"{d}: size={r['config']['size']} aug={r['config']['aug']} mixup={r['config']['mixup']} best_epoch={r['best_epoch']} "
          f"val_auc={v['auc']:.4f} val_loss={v['loss']:.4f} acc={v['accuracy']:.4f} sens={v['sensitivity']:.4f} "
          f"spec={v['specificity']:.4f} thr={r['threshold']['value']:.4f} fp16_auc={r['fp16']['auc']:.4f} secs={r['seconds']:.0f}")
runs.sort(key=lambda t: (t[0], t[1]), reverse=True)
print("BEST", runs[0][2])
