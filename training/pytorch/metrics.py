"""Validation metrics (numpy): ROC AUC with tied ranks, metrics at a threshold, the threshold rule."""
import math

import numpy as np


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
    if npos == 0 or nneg == 0:
        return float("nan")
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
        "accuracy": (tp + tn) / max(len(y), 1),
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
    if len(pos) == 0:
        return 0.5
    k = max(1, int(math.ceil(min_sensitivity * len(pos))))  # need k positives at or above t
    t_hi = float(pos[k - 1])
    below = p[p < t_hi]
    t_lo = float(below.max()) if len(below) else 0.0
    return (t_hi + t_lo) / 2
