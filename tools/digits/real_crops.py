"""Crops an office labelled by agreeing its forms (`pleno crops export WS --out DIR`) as a
training pool: each DIR holds `input/R-B.png` (the model's 28 x 28 input, ink = 255 * x) and
`labels.csv`. Leading boxes labelled `lead` (empty, crossed or 0: the figure cannot say) are
left out. The held-out part is split by TPS, never by box, so a KPPS member's hand is either
trained on or measured, not both."""

import csv
import hashlib
import json
import os

import numpy as np
from PIL import Image

CLASSES = {str(d): d for d in range(10)}
CLASSES.update({"empty": 10, "mark": 11})


def held_out(tps, share):
    """Whether a TPS belongs to the held-out part (a fixed hash of its code)."""
    h = int(hashlib.sha256(tps.encode()).hexdigest()[:8], 16)
    return (h % 1000) < share * 1000


def load(dirs, share=0.2):
    """(train X, train Y, held-out X, held-out Y, held-out source index, per-source counts).

    X is uint8 N x 28 x 28 like the simulated pools; Y the class 0-11."""
    parts = {"train": ([], []), "held": ([], [], [])}
    sources = []
    for si, d in enumerate(dirs):
        counts = {"dir": os.path.abspath(d), "train": 0, "held_out": 0, "skipped_lead": 0}
        # `pleno crops from-bundles` names the bundle each folder came from; the model card
        # records it with the counts.
        sumber = os.path.join(d, "sumber.json")
        if os.path.exists(sumber):
            with open(sumber) as f:
                counts["bundle"] = json.load(f)
        with open(os.path.join(d, "labels.csv"), newline="") as f:
            for row in csv.DictReader(f):
                y = CLASSES.get(row["label"])
                if y is None:
                    counts["skipped_lead"] += 1
                    continue
                img = Image.open(os.path.join(d, row["input"])).convert("L")
                if img.size != (28, 28):
                    raise SystemExit(f"{d}: {row['input']} is {img.size}, not 28 x 28")
                x = np.asarray(img, dtype=np.uint8)
                if held_out(row["tps"], share):
                    parts["held"][0].append(x)
                    parts["held"][1].append(y)
                    parts["held"][2].append(si)
                    counts["held_out"] += 1
                else:
                    parts["train"][0].append(x)
                    parts["train"][1].append(y)
                    counts["train"] += 1
        sources.append(counts)

    def arr(xs, dtype, shape):
        return np.array(xs, dtype=dtype) if xs else np.zeros(shape, dtype)

    tx, ty = parts["train"]
    hx, hy, hs = parts["held"]
    return (arr(tx, np.uint8, (0, 28, 28)), arr(ty, np.int64, (0,)),
            arr(hx, np.uint8, (0, 28, 28)), arr(hy, np.int64, (0,)), arr(hs, np.int64, (0,)),
            sources)


def per_source(pred, hy, hs, sources):
    """Held-out accuracy per source folder: digits, and empty/mark boxes."""
    out = []
    for si, s in enumerate(sources):
        m = hs == si
        dig = m & (hy < 10)
        blank = m & (hy >= 10)
        out.append({
            "dir": s["dir"],
            "held_out_boxes": int(m.sum()),
            "digit_accuracy": float((pred[dig] == hy[dig]).mean()) if dig.any() else None,
            "blank_accuracy": float((pred[blank] == hy[blank]).mean()) if blank.any() else None,
        })
    return out
