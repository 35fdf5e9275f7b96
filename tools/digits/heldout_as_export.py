"""Write the first N boxes of a `heldout_crops` set as a `pleno crops export` folder, to stand in
for an office that has agreed that many boxes of its forms (issue 22's measurement).

    /opt/digits-venv/bin/python heldout_as_export.py /tmp/adapt/pool 500 /tmp/adapt/office-500

Whole pages only (an office agrees forms, not boxes): the cut is the first page boundary at or
after N boxes, so the folder may hold a few more. Labels follow the export's rule
(pleno-store `box_labels`), not the synthetic truth: a box inside the figure's digits is that
digit; a leading box is `empty` or `mark` only where the model read it so, else `lead`, which
real_crops.py leaves out -- the agreed figure alone cannot tell an empty leading box from a
crossed one or a 0. The TPS column is the page seed, so each page is its own TPS for the split.
"""
import argparse
import csv
import os

import numpy as np
from PIL import Image

import real_crops
import simulate as S

CLASS_NAMES = {10: "empty", 11: "mark"}


def read_set(d):
    with open(os.path.join(d, "labels.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    crops = np.fromfile(os.path.join(d, "crops.u8"), np.uint8).reshape(-1, 56, 56)
    if len(crops) != len(rows):
        raise SystemExit(f"{d}: {len(crops)} crops, {len(rows)} label rows")
    return rows, crops


def first_pages(rows, n):
    """Row count of the whole pages that hold the first n boxes."""
    k = min(n, len(rows))
    while 0 < k < len(rows) and rows[k]["page_seed"] == rows[k - 1]["page_seed"]:
        k += 1
    return k


def export_labels(rows):
    """Per row the label `pleno crops export` would give it under the truly written figure."""
    fields = {}
    for i, r in enumerate(rows):
        fields.setdefault((r["page_seed"], r["field"]), []).append(i)
    out = [None] * len(rows)
    for idx in fields.values():
        boxes = {int(rows[i]["box"]): i for i in idx}
        n = max(boxes) + 1
        # The crops a reading lacks are not exported, but the field still has its n boxes.
        written = [rows[boxes[b]]["written"] if b in boxes else "" for b in range(n)]
        digits = "".join(w for w in written if w.isdigit())
        value = int(digits) if digits else 0
        sig = "" if value == 0 else str(value)
        lead = n - len(sig)
        for b, i in boxes.items():
            if b >= lead:
                out[i] = sig[b - lead]
            else:
                out[i] = CLASS_NAMES.get(int(rows[i]["model_class"]), "lead")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("set", help="folder written by the heldout_crops example")
    ap.add_argument("n", type=int, help="agreed boxes (rounded up to whole pages)")
    ap.add_argument("out", help="new folder")
    a = ap.parse_args()
    rows, crops = read_set(a.set)
    k = first_pages(rows, a.n)
    labels = export_labels(rows)[:k]
    os.makedirs(os.path.join(a.out, "input"), exist_ok=True)
    x = S.to_input(crops[:k])
    lines = ["input,label,kind,tps,field,box,model_class,model_p,truth"]
    wrong = 0
    for i in range(k):
        r = rows[i]
        name = f"input/{r['page_seed']}-{r['field']}-{r['box']}.png"
        Image.fromarray(np.rint(x[i] * 255.0).astype(np.uint8), "L").save(
            os.path.join(a.out, name))
        kind = "digit" if labels[i].isdigit() else "leading"
        lines.append(f"{name},{labels[i]},{kind},{r['page_seed']},{r['field']},{r['box']},"
                     f"{r['model_class']},{r['model_p']},{r['label']}")
        if labels[i] != "lead" and real_crops.CLASSES[labels[i]] != int(r["label"]):
            wrong += 1
    with open(os.path.join(a.out, "labels.csv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    counts = {lab: labels.count(lab) for lab in ("empty", "mark", "lead")}
    counts["digit"] = k - sum(counts.values())
    pages = len({r["page_seed"] for r in rows[:k]})
    print(f"{a.out}: {k} boxes from {pages} pages ({counts}); {wrong} labels differ from the truth")


if __name__ == "__main__":
    main()
