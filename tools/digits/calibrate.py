"""Calibrate the model's confidence: one temperature T for the mean logits, fitted on the
development set (never on held-out data) so that its softmax is an honest probability on every
style there -- MNIST-validation digits through the simulator (some written large over the
border, some small in a corner), guide-traced digits (traced.py), empty boxes and marks.

    /opt/digits-venv/bin/python calibrate.py A/digits.onnx C/digits.onnx   # prints T
    /opt/digits-venv/bin/python ensemble.py A/digits.onnx C/digits.onnx --temperature T

The development set is the one train.py renders (--cache, dev2-s<seed>.npz).
"""
import argparse
import os
import tempfile

import numpy as np

import ensemble
from evaluate import Model, softmax

SEED = 20240214


def nll(logits, y, t):
    p = softmax(logits / t)
    return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1.0)).mean())


def ece(logits, y, t, bins=15):
    """Expected calibration error: |accuracy - confidence| over confidence bins, weighted."""
    p = softmax(logits / t)
    conf, pred = p.max(1), p.argmax(1)
    edges = np.linspace(0, 1, bins + 1)
    e = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        s = (conf > lo) & (conf <= hi)
        if s.any():
            e += s.mean() * abs((pred[s] == y[s]).mean() - conf[s].mean())
    return e


def gate(logits, y, t, threshold):
    p = softmax(logits / t)
    conf, pred = p.max(1), p.argmax(1)
    wrong = np.where(pred >= 10, 10, pred) != np.where(y >= 10, 10, y)
    acc = conf >= threshold
    return 100 * (1 - acc.mean()), 100 * (wrong & acc).sum() / max(acc.sum(), 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("members", nargs="+")
    ap.add_argument("--cache", default="/opt/digits-cache")
    a = ap.parse_args()
    z = np.load(os.path.join(a.cache, f"dev2-s{SEED}.npz"))
    X, Y, T = z["X"].astype(np.float32) / 255.0, z["Y"], z["T"]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.onnx")
        import onnx
        onnx.save(ensemble.join(a.members), path)
        logits = Model(path).logits(X)
    # Golden-section search of the NLL over T.
    lo, hi = 0.3, 4.0
    g = (5 ** 0.5 - 1) / 2
    for _ in range(60):
        m1, m2 = hi - g * (hi - lo), lo + g * (hi - lo)
        if nll(logits, Y, m1) < nll(logits, Y, m2):
            hi = m2
        else:
            lo = m1
    t = (lo + hi) / 2
    print(f"development set: {len(Y)} crops ({int(T.sum())} guide-traced)")
    for name, tt in (("uncalibrated", 1.0), ("calibrated", t)):
        print(f"{name:>12}: T {tt:.3f}, NLL {nll(logits, Y, tt):.4f}, ECE {100 * ece(logits, Y, tt):.2f} %")
        for th in (0.9, 0.95, 0.98, 0.99):
            for label, sel in (("all", np.ones(len(Y), bool)), ("traced", T)):
                rev, err = gate(logits[sel], Y[sel], tt, th)
                print(f"              gate {th}: {label:>6} {rev:5.2f} % to review, "
                      f"{err:.3f} % error among accepted")
    print(f"temperature {t:.4f}")


if __name__ == "__main__":
    main()
