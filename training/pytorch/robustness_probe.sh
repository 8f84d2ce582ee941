#!/usr/bin/env bash
# Robustness probe used to choose the default recipe: every variant trains WITHOUT the NORMAL2-*
# normals (a second acquisition batch) and reports how many of those unseen normals it calls
# pneumonia at its validation-chosen threshold — a stand-in for a shifted test set.
set -euo pipefail
DATA=${DATA:-.gpu/kermany-train}
EPOCHS=${EPOCHS:-60}
WORK=${WORK:-/tmp/alveo-probe}
mkdir -p "$WORK"
here=$(dirname "$0")
export PYTHONUNBUFFERED=1
run() { name=$1; shift; python3 "$here/train_default.py" --data "$DATA" --out "$WORK/$name" --epochs "$EPOCHS" --holdout-prefix NORMAL2 "$@" > "$WORK/$name.log" 2>&1 & }
run p1_base --aug 1.0
run p2_mix4 --aug 1.5 --mixup 0.4 --wd 0.1
run p3_mix2 --aug 1.3 --mixup 0.2
run p4_aug2 --aug 2.0
run p5_nols --aug 1.0 --label-smoothing 0
wait
for d in "$WORK"/p*/; do
  python3 -c "
import json,sys; r=json.load(open('$d/result.json')); v=r['validation']; h=r['holdout']
print(f\"{'$d'.split('/')[-2]:10s} best_ep={r['best_epoch']:3d} val_auc={v['auc']:.4f} thr={r['threshold']['value']:.3f} val_sens={v['sensitivity']:.3f} val_spec={v['specificity']:.3f} | unseen normals n={h['n']} called_pos@thr={h['fraction_called_positive']:.3f} @0.5={h['fraction_called_positive_at_0.5']:.3f} mean_p={h['mean_probability']:.3f} auc_vs_pos={h['auc_vs_val_positives']:.4f}\")"
done
