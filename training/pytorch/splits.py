"""Kermany file listing and the validation splits: an in-distribution patient split and a *shifted*
one that holds out whole acquisition cohorts / patient-number ranges (a proxy for time), so that
choosing a recipe, checkpoint and threshold rewards models that hold up at a new site.

Every split is by patient: a patient's images are all in one set.
"""
import random
import re
from pathlib import Path

COHORT_RE = re.compile(r"^(NORMAL2-IM|IM|person)-?(\d+)", re.I)


def patient_id(name: str) -> str:
    """person123_bacteria_456 -> person123, IM-0001-0001 -> IM-0001, NORMAL2-IM-0123-0001 ->
    NORMAL2-IM-0123; further -NNNN parts (IM-0435-0001-0002) are more images of the same patient
    (as the engine's kermanyPatientId reads them). The shipped model's script required exactly one
    part, so 133 such files counted as patients of their own and 27 normal patients straddled its
    train/validation split."""
    stem = Path(name).stem
    m = re.match(r"^(person\d+)_", stem, re.I)
    if m:
        return m.group(1).lower()
    m = re.match(r"^(NORMAL2-IM-\d+)(?:-\d+)+$", stem, re.I)
    if m:
        return m.group(1).upper()
    m = re.match(r"^(IM-\d+)(?:-\d+)+$", stem, re.I)
    if m:
        return m.group(1).upper()
    return stem


def cohort_of(pid: str):
    """('NORMAL2-IM', 383) for NORMAL2-IM-0383, ('IM', 115), ('person', 12); (pid, 0) otherwise."""
    m = COHORT_RE.match(pid)
    if not m:
        return pid, 0
    c = m.group(1)
    return ("person" if c.lower() == "person" else c.upper()), int(m.group(2))


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


def patient_split(items, val_frac: float, seed: int, among=None):
    """Stratified by the patient's label; a patient never appears in both splits. `among`: indices
    to split (default all). Returns (train_idx, val_idx)."""
    idx = list(range(len(items))) if among is None else list(among)
    patients = {}
    for i in idx:
        _, label, pid = items[i]
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
    return [i for i in idx if items[i][2] not in val], [i for i in idx if items[i][2] in val]


def parse_shift(spec: str):
    """'IM<0.25,NORMAL2-IM<0.25,person<0.2' -> [('IM', '<', 0.25), ...]. A bare cohort name holds
    out the whole cohort; '<f' the lowest-numbered fraction f of its patients, '>f' the highest."""
    rules = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        m = re.match(r"^([A-Za-z0-9-]+?)\s*(?:([<>])\s*([0-9.]+))?$", part)
        if not m:
            raise SystemExit(f"--shift: cannot read rule {part!r} (want COHORT, COHORT<FRAC or COHORT>FRAC)")
        cohort = "person" if m.group(1).lower() == "person" else m.group(1).upper()
        frac = float(m.group(3)) if m.group(3) else 1.0
        if not 0 < frac <= 1:
            raise SystemExit(f"--shift: fraction in {part!r} must be in (0, 1]")
        rules.append((cohort, m.group(2) or "<", frac))
    return rules


def shifted_holdout(items, spec: str):
    """Indices of the images whose patient falls in a held-out cohort range."""
    rules = parse_shift(spec)
    by_cohort = {}
    for _, _, pid in items:
        c, n = cohort_of(pid)
        by_cohort.setdefault(c, set()).add((n, pid))
    held = set()
    for cohort, side, frac in rules:
        pats = sorted(by_cohort.get(cohort, set()))
        if not pats:
            raise SystemExit(f"--shift: no patient of cohort {cohort!r} in the data (cohorts: {sorted(by_cohort)})")
        k = max(1, round(len(pats) * frac))
        chosen = pats[:k] if side == "<" else pats[-k:]
        held.update(pid for _, pid in chosen)
    return [i for i, (_, _, pid) in enumerate(items) if pid in held]


def make_splits(items, val_frac: float, seed: int, shift: str):
    """(train, val_id, val_shift): the shifted set first (by cohort rule), then an in-distribution
    stratified patient split of the rest. shift == '' gives no shifted set (the old scheme)."""
    shifted = shifted_holdout(items, shift) if shift else []
    held = set(shifted)
    rest = [i for i in range(len(items)) if i not in held]
    train, val_id = patient_split(items, val_frac, seed, among=rest)
    return train, val_id, shifted


def splits_from_files(items, val_files, shift: str):
    """(train, val_id, val_shift) when validation is given as file names (e.g. a shipped model's
    val_predictions.json and val_shifted_predictions.json, to fine-tune it without training on its
    validation patients or to rerun a recipe with another seed on the same split): every image
    of those patients is validation; the ones in --shift ranges form the shifted set."""
    names = set(val_files)
    val_pats = {pid for path, _, pid in items if Path(path).name in names}
    held = set(shifted_holdout(items, shift)) if shift else set()
    val = [i for i, (_, _, pid) in enumerate(items) if pid in val_pats]
    return ([i for i, (_, _, pid) in enumerate(items) if pid not in val_pats],
            [i for i in val if i not in held], [i for i in val if i in held])
