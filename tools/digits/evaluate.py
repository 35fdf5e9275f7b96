"""Held-out evaluation of assets/model/digits.onnx (run through onnxruntime, like the shipped model).

Held-out data (never trained on):
  * MNIST *test* digits (all 10,000), each rendered twice through the simulator (20,000 crops)
    with an evaluation seed; plus the same 10,000 digits clean (no simulator);
  * fresh empty boxes (5,000), hard empty boxes (2,500) and marks (3,000) from the evaluation seed;
  * extra: MNIST test 1s and 7s with Indonesian flag/foot/crossbar added, and font digits
    (font glyphs are seen in training; only the rendering is new).

Writes assets/model/metrics.json and tests/fixtures/model/reference.json, prints Markdown tables.

    /opt/digits-venv/bin/python evaluate.py
"""
import argparse
import collections
import json
import os
import time

import numpy as np
import onnxruntime as ort

import mnist_data
import simulate as S

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
EVAL_SEED = 777_2024
THRESHOLDS = [0.5, 0.8, 0.9, 0.95, 0.99]
BLANK = (S.EMPTY, S.MARK)


def softmax(z):
    z = z.astype(np.float64)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class Model:
    def __init__(self, path):
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        self.sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])

    def logits(self, x, bs=512):
        out = []
        for i in range(0, len(x), bs):
            xb = np.ascontiguousarray(x[i:i + bs, None], dtype=np.float32)
            out.append(self.sess.run(["logits"], {"input": xb})[0])
        return np.concatenate(out)


def reading(c):
    """What the box means for the count: EMPTY and MARK both mean 'nothing written'."""
    c = np.asarray(c)
    return np.where(c >= 10, 10, c)


def render(sim, rng, plan):
    X, Y, info, G = [], [], [], []
    for kind, arg in plan:
        if kind == "digit":
            g, y, inf = sim.digit(rng, i=arg, style=False, font=False)
        elif kind == "style":
            g, y, inf = sim.digit(rng, i=arg, font=False, force_style=True)
        elif kind == "font":
            g, y, inf = sim.digit(rng, font=True)
        elif kind == "traced":
            g, y, inf = sim.traced(rng, d=arg)
        elif kind == "large":
            g, y, inf = sim.digit(rng, i=arg, style=False, font=False, size="large")
        elif kind == "bigmark":
            g, y, inf = sim.mark(rng, extra=True)
        elif kind == "empty":
            g, y, inf = sim.empty(rng)
        elif kind == "hard":
            g, y, inf = sim.empty(rng, hard=True)
        else:
            g, y, inf = sim.mark(rng)
        G.append(g)
        X.append(S.to_input(g))
        Y.append(y)
        info.append(inf)
    return np.stack(X), np.array(Y), info, np.stack(G)


def pct(a, b):
    return 100.0 * a / b if b else float("nan")


def gate_row(P, Y, threshold):
    """Review share and error among accepted boxes at a per-box threshold (EMPTY and MARK are
    the same reading: nothing written)."""
    conf, pred = P.max(1), P.argmax(1)
    wrong = reading(pred) != reading(Y)
    acc = conf >= threshold
    return {"threshold": threshold, "review_pct": pct((~acc).sum(), len(Y)),
            "errors_passed": int((wrong & acc).sum()),
            "error_accepted_pct": pct((wrong & acc).sum(), acc.sum())}


def guide_masks():
    """The guide's lines and the inside of its four cells on a 56 x 56 crop (digits.rs)."""
    to = lambda f: (f - 0.06) / (1 - 2 * 0.06) * 56
    cols, rows = [to(f) for f in S.GUIDE_X], [to(f) for f in S.GUIDE_Y]
    yy, xx = np.mgrid[0:56, 0:56] + 0.5
    in_x = (xx > cols[0] - 1) & (xx < cols[2] + 1)
    in_y = (yy > rows[0] - 1) & (yy < rows[2] + 1)
    on = np.zeros((56, 56), bool)
    for c in cols:
        on |= in_y & (np.abs(xx - c) < 1.5)
    for r in rows:
        on |= in_x & (np.abs(yy - r) < 1.5)

    def cell(g, t):
        return np.any([np.abs(t - (g[k] + g[k + 1]) / 2) < (g[k + 1] - g[k]) / 2 - 4
                       for k in range(2)], 0)
    return on, ~on & cell(cols, xx) & cell(rows, yy)


def guide_contrast(G):
    on, off = guide_masks()
    paper = np.median(G[:, off], 1).astype(np.float32)
    return (paper - np.median(G[:, on], 1)) / np.maximum(paper, 1)


def crop_set(model, d, threshold):
    """A held-out crop set from pleno-reader's heldout_crops example: 56x56 crops as the Rust
    reader cut them (crops.u8) and their truth (labels.csv)."""
    import csv
    raw = np.fromfile(os.path.join(d, "crops.u8"), dtype=np.uint8)
    G = raw.reshape(-1, 56, 56)
    with open(os.path.join(d, "labels.csv")) as f:
        Y = np.array([int(r["label"]) for r in csv.DictReader(f)])
    X = S.to_input(G)
    P = softmax(model.logits(X))
    pred = P.argmax(1)
    # As the Rust reader (digits::too_inked_for_empty): an EMPTY over a crop a quarter inked
    # is the median normalisation seeing nothing; such a box goes to review, never accepted.
    flat = G.reshape(len(G), -1).astype(np.float32)
    paper = np.sort(flat, 1)[:, flat.shape[1] * 19 // 20]
    blot = ((flat < paper[:, None] * 0.55).sum(1) * 4 > flat.shape[1]) & (pred == 10)
    # As digits::washed_out (the held-out crops are all guide boxes of the result page): an
    # EMPTY over a near-white box whose printed guide is not seen is glare, not a blank box.
    washed = (np.median(flat, 1) >= 245) & (guide_contrast(G) < 0.01) & (pred == 10)
    blot |= washed
    P[blot] = 1.0 / P.shape[1]
    dig = Y < 10
    return {
        "dir": d, "crops": int(len(Y)), "digits": int(dig.sum()),
        "blots_to_review": int(blot.sum()),
        "digit_accuracy": pct((pred[dig] == Y[dig]).sum(), dig.sum()),
        "blank_accuracy": pct((pred[~dig] >= 10).sum(), (~dig).sum()),
        "per_class": {str(c): pct((pred[Y == c] == c).sum(), (Y == c).sum()) for c in range(10)},
        "gate": {str(t): gate_row(P, Y, t) for t in (0.9, 0.95, threshold, 0.99)},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(ROOT, "assets", "model", "digits.onnx"))
    ap.add_argument("--metrics", default=os.path.join(ROOT, "assets", "model", "metrics.json"))
    ap.add_argument("--reference",
                    default=os.path.join(ROOT, "tests", "fixtures", "model", "reference.json"))
    ap.add_argument("--reps", type=int, default=2, help="renderings per MNIST test digit")
    ap.add_argument("--n-empty", type=int, default=5000)
    ap.add_argument("--n-hard", type=int, default=2500)
    ap.add_argument("--n-mark", type=int, default=3000)
    ap.add_argument("--n-font", type=int, default=1000)
    ap.add_argument("--limit", type=int, default=0, help="only the first N test digits (smoke)")
    ap.add_argument("--n-traced", type=int, default=5000,
                    help="guide-traced digits of the training generator, evaluation seed")
    ap.add_argument("--crops", nargs="*", default=[],
                    help="held-out crop sets written by pleno-reader's heldout_crops example "
                         "(name=DIR): the real pipeline on pages in another hand")
    ap.add_argument("--gate", type=float, default=0.98,
                    help="the policy's per-box threshold, for the accepted-box error figures")
    a = ap.parse_args()

    t0 = time.time()
    model = Model(a.model)
    data = mnist_data.load()
    xte, yte = data["test"]
    if a.limit:
        xte, yte = xte[:a.limit], yte[:a.limit]
    sim = S.Simulator(xte, yte)
    rng = np.random.default_rng(EVAL_SEED)

    # ---- main held-out set ------------------------------------------------------------------
    plan = [("digit", i) for _ in range(a.reps) for i in range(len(xte))]
    plan += [("empty", 0)] * a.n_empty + [("hard", 0)] * a.n_hard + [("mark", 0)] * a.n_mark
    X, Y, info, G = render(sim, rng, plan)
    kinds = np.array([p[0] for p in plan])
    t_sim = time.time() - t0
    P = softmax(model.logits(X))
    pred = P.argmax(1)
    conf = P.max(1)

    # ---- extra sets ---------------------------------------------------------------------------
    sty_idx = [i for i in range(len(xte)) if yte[i] in (1, 7)]
    Xs, Ys, _, _ = render(sim, rng, [("style", i) for i in sty_idx])
    ps = softmax(model.logits(Xs)).argmax(1)
    Xf, Yf, _, _ = render(sim, rng, [("font", 0)] * a.n_font)
    pf = softmax(model.logits(Xf)).argmax(1)
    clean_g = (255.0 - 255.0 * xte).astype(np.float32)           # MNIST as a clean 28x28 crop
    pc = softmax(model.logits(S.normalise(clean_g))).argmax(1)
    # Guide-traced digits (the training generator with the evaluation seed), MNIST digits
    # written large over the border, box-wide marks.
    Xt, Yt, _, Gt = render(sim, rng, [("traced", k % 10) for k in range(a.n_traced)])
    Pt = softmax(model.logits(Xt))
    Xl, Yl, _, _ = render(sim, rng, [("large", i) for i in range(min(2000, len(xte)))])
    pl = softmax(model.logits(Xl)).argmax(1)
    Xm, Ym, _, _ = render(sim, rng, [("bigmark", 0)] * 1000)
    pm = softmax(model.logits(Xm)).argmax(1)

    dig = kinds == "digit"
    emp, hard, mark = kinds == "empty", kinds == "hard", kinds == "mark"
    n_dig = int(dig.sum())
    m = collections.OrderedDict()
    m["model"] = os.path.relpath(a.model, ROOT)
    m["eval_seed"] = EVAL_SEED
    m["crops_main"] = int(len(Y))
    m["digit_accuracy_sim"] = pct((pred[dig] == Y[dig]).sum(), n_dig)
    m["digit_accuracy_clean_mnist_test"] = pct((pc == yte).sum(), len(yte))
    for name, sel in (("plano", "|plano"), ("salinan", "|salinan")):
        s = dig & np.array([sel in t for t in info])
        m[f"digit_accuracy_sim_{name}"] = pct((pred[s] == Y[s]).sum(), s.sum())
    m["empty_recall"] = pct((pred[emp] == S.EMPTY).sum(), emp.sum())
    m["empty_read_as_blank"] = pct(np.isin(pred[emp], BLANK).sum(), emp.sum())
    m["hard_empty_recall"] = pct((pred[hard] == S.EMPTY).sum(), hard.sum())
    m["hard_empty_read_as_blank"] = pct(np.isin(pred[hard], BLANK).sum(), hard.sum())
    m["mark_recall"] = pct((pred[mark] == S.MARK).sum(), mark.sum())
    m["mark_read_as_blank"] = pct(np.isin(pred[mark], BLANK).sum(), mark.sum())
    for k in ("x", "dash", "slash"):
        s = mark & np.array([t.startswith("mark:" + k) for t in info])
        m[f"mark_recall_{k}"] = pct((pred[s] == S.MARK).sum(), s.sum())
    # dangerous errors
    m["digit_read_as_empty_or_mark"] = pct(np.isin(pred[dig], BLANK).sum(), n_dig)
    m["digit_read_as_empty_or_mark_count"] = int(np.isin(pred[dig], BLANK).sum())
    blanks = emp | hard | mark
    m["blank_read_as_digit"] = pct((pred[blanks] < 10).sum(), blanks.sum())
    m["blank_read_as_digit_count"] = int((pred[blanks] < 10).sum())
    m["empty_read_as_digit_count"] = int((pred[emp] < 10).sum())
    m["hard_empty_read_as_digit_count"] = int((pred[hard] < 10).sum())
    m["mark_read_as_digit_count"] = int((pred[mark] < 10).sum())
    m["blank_read_as_8_count"] = int((pred[blanks] == 8).sum())
    m["id_style_1_7_accuracy"] = pct((ps == Ys).sum(), len(Ys))
    m["id_style_1_7_count"] = int(len(Ys))
    m["font_digit_accuracy"] = pct((pf == Yf).sum(), len(Yf))
    pt = Pt.argmax(1)
    m["traced_python_accuracy"] = pct((pt == Yt).sum(), len(Yt))
    m["traced_python_per_class"] = {str(c): pct((pt[Yt == c] == c).sum(), (Yt == c).sum())
                                    for c in range(10)}
    m["traced_python_gate"] = gate_row(Pt, Yt, a.gate)
    m["large_mnist_accuracy"] = pct((pl == Yl).sum(), len(Yl))
    m["box_wide_mark_read_as_blank"] = pct(np.isin(pm, BLANK).sum(), len(Ym))
    m["heldout_sets"] = {}
    for spec in a.crops:
        name, d = spec.split("=", 1) if "=" in spec else (os.path.basename(spec), spec)
        m["heldout_sets"][name] = crop_set(model, d, a.gate)
    # per-class recall on the main set
    m["per_class_recall"] = {S.CLASS_NAMES[c]: pct((pred[Y == c] == c).sum(), (Y == c).sum())
                             for c in range(S.NUM_CLASSES)}
    # confidence gate (error = wrong reading; EMPTY<->MARK is not an error for the count)
    wrong = reading(pred) != reading(Y)
    wrong_strict = pred != Y
    gate = []
    for t in THRESHOLDS:
        flag = conf < t
        gate.append({
            "threshold": t,
            "flagged_pct": pct(flag.sum(), len(Y)),
            "errors": int(wrong.sum()),
            "errors_caught": int((wrong & flag).sum()),
            "errors_passed": int((wrong & ~flag).sum()),
            "error_rate_accepted_pct": pct((wrong & ~flag).sum(), (~flag).sum()),
            "digit_flagged_pct": pct((flag & dig).sum(), n_dig),
        })
    m["confidence_gate"] = gate
    m["errors_strict"] = int(wrong_strict.sum())
    m["errors_reading"] = int(wrong.sum())
    conf_pairs = collections.Counter(
        (S.CLASS_NAMES[t], S.CLASS_NAMES[p]) for t, p in zip(Y[wrong_strict], pred[wrong_strict]))
    m["top_confusions"] = [{"true": t, "pred": p, "count": c} for (t, p), c in
                           conf_pairs.most_common(15)]
    cm = np.zeros((12, 12), int)
    np.add.at(cm, (Y, pred), 1)
    m["confusion_matrix"] = cm.tolist()
    m["seconds"] = round(time.time() - t0, 1)
    m["simulation_seconds"] = round(t_sim, 1)

    if not a.limit:
        os.makedirs(os.path.dirname(a.metrics), exist_ok=True)
        with open(a.metrics, "w") as f:
            json.dump(m, f, indent=1)
            f.write("\n")
        write_reference(a.reference, model, X, Y, info, G, kinds, (Xt, Yt, Gt))

    # ---- print ---------------------------------------------------------------------------------
    print(f"\nheld-out crops: {len(Y)} main (+{len(Ys)} styled 1/7, +{len(Yf)} font, "
          f"+{len(yte)} clean MNIST); {m['seconds']}s\n")
    print("| metric | value |\n|---|---|")
    rows = [
        ("digit accuracy, MNIST-test through simulator", "digit_accuracy_sim", "%"),
        ("  plano-like boxes (guide, higher resolution)", "digit_accuracy_sim_plano", "%"),
        ("  salinan-like boxes (no guide, low resolution)", "digit_accuracy_sim_salinan", "%"),
        ("digit accuracy, clean MNIST test", "digit_accuracy_clean_mnist_test", "%"),
        ("empty-box recall (EMPTY)", "empty_recall", "%"),
        ("empty read as EMPTY or MARK", "empty_read_as_blank", "%"),
        ("hard-empty recall (EMPTY)", "hard_empty_recall", "%"),
        ("hard empty read as EMPTY or MARK", "hard_empty_read_as_blank", "%"),
        ("mark recall (MARK)", "mark_recall", "%"),
        ("mark read as EMPTY or MARK", "mark_read_as_blank", "%"),
        ("  X / dash / slash", None, None),
        ("digit read as EMPTY/MARK", "digit_read_as_empty_or_mark", "%"),
        ("empty/hard/mark read as a digit", "blank_read_as_digit", "%"),
        ("  of which read as 8", "blank_read_as_8_count", "n"),
        ("Indonesian-style 1/7 (flag, foot, crossbar)", "id_style_1_7_accuracy", "%"),
        ("font digits (fonts seen in training)", "font_digit_accuracy", "%"),
    ]
    for label, key, unit in rows:
        if key is None:
            print(f"| {label} | {m['mark_recall_x']:.2f} / {m['mark_recall_dash']:.2f} / "
                  f"{m['mark_recall_slash']:.2f} % |")
        elif unit == "%":
            extra = ""
            if key == "digit_read_as_empty_or_mark":
                extra = f" ({m['digit_read_as_empty_or_mark_count']} of {n_dig})"
            if key == "blank_read_as_digit":
                extra = f" ({m['blank_read_as_digit_count']} of {int(blanks.sum())})"
            print(f"| {label} | {m[key]:.2f} %{extra} |")
        else:
            print(f"| {label} | {m[key]} |")
    print("\n| softmax max < | flagged for review | errors caught | errors passed | "
          "error rate of accepted |\n|---|---|---|---|---|")
    for g in gate:
        print(f"| {g['threshold']} | {g['flagged_pct']:.2f} % | {g['errors_caught']} of "
              f"{g['errors']} | {g['errors_passed']} | {g['error_rate_accepted_pct']:.3f} % |")
    print("\ntop confusions (true -> predicted: count): " + ", ".join(
        f"{c['true']}->{c['pred']}: {c['count']}" for c in m["top_confusions"]))
    print("per-class recall: " + ", ".join(f"{k} {v:.2f}" for k, v in m["per_class_recall"].items()))
    print(f"\nguide-traced (training generator, evaluation seed): {m['traced_python_accuracy']:.2f} %; "
          + ", ".join(f"{k} {v:.2f}" for k, v in m["traced_python_per_class"].items()))
    g = m["traced_python_gate"]
    print(f"  gate {a.gate}: {g['review_pct']:.2f} % to review, {g['error_accepted_pct']:.3f} % error among accepted")
    print(f"MNIST written large over the border: {m['large_mnist_accuracy']:.2f} %; "
          f"box-wide X/dash read as blank: {m['box_wide_mark_read_as_blank']:.2f} %")
    for name, h in m["heldout_sets"].items():
        print(f"\nheld-out set {name}: {h['digits']} digits, {h['digit_accuracy']:.2f} % right; "
              f"blanks/marks {h['blank_accuracy']:.2f} % read as blank")
        print("  per class: " + ", ".join(f"{k} {v:.2f}" for k, v in h["per_class"].items()))
        for t, g in h["gate"].items():
            print(f"  gate {t}: {g['review_pct']:.2f} % to review, {g['errors_passed']} wrong passed "
                  f"({g['error_accepted_pct']:.3f} % of accepted)")


def _num(v):
    v = round(float(v), 4)
    return int(v) if v == int(v) else v


def _r4(a):
    """28x28 -> nested lists rounded to 4 decimals (exact 0 and 1 written as integers)."""
    return [[_num(v) for v in row] for row in a]


def write_reference(path, model, X, Y, info, G, kinds, traced):
    """48 held-out crops (4 per class) and 20 guide-traced ones (2 per digit) with onnxruntime
    softmax, for the tract-onnx test."""
    Xt, Yt, Gt = traced
    picks = []
    for c in range(10):
        picks += list(np.flatnonzero((Y == c) & (kinds == "digit"))[:4])
    picks += list(np.flatnonzero(kinds == "empty")[:2]) + list(np.flatnonzero(kinds == "hard")[:2])
    for k in ("x", "dash", "slash"):
        picks += list(np.flatnonzero(np.array([t.startswith("mark:" + k) for t in info]))[:1])
    picks += [i for i in np.flatnonzero(kinds == "mark") if i not in picks][:1]
    tpicks = [j for c in range(10) for j in list(np.flatnonzero(Yt == c)[:2])]
    Xr = np.array([_r4(X[i]) for i in picks] + [_r4(Xt[j]) for j in tpicks], np.float32)
    logits = model.logits(Xr)
    P = softmax(logits)
    crops = []
    labels = [(int(Y[i]), info[i]) for i in picks] + [(int(Yt[j]), "traced") for j in tpicks]
    for j, (label, kind) in enumerate(labels):
        crops.append({
            "label": label,
            "kind": kind,
            "input": _r4(Xr[j]),
            "probs": [float(f"{p:.7g}") for p in P[j]],
            "logits": [float(f"{v:.6g}") for v in logits[j]],
        })
    # three raw 56x56 crops to check the Rust preprocessing (block mean + normalisation)
    pre = []
    for g56, label in [(G[picks[0]], Y[picks[0]]), (G[picks[-8]], Y[picks[-8]]),
                       (G[picks[-1]], Y[picks[-1]]), (Gt[tpicks[5]], Yt[tpicks[5]])]:
        g28 = S.block_mean(g56)
        pre.append({
            "label": int(label),
            "grey56": g56.astype(int).ravel().tolist(),
            "median": float(np.median(g28)),
            "min": float(g28.min()),
            "input": _r4(S.normalise(g28)),
        })
    ref = {
        "model": "assets/model/digits.onnx",
        "classes": S.CLASS_NAMES,
        "input": "[1,1,28,28] float32 = the 'input' rows below (already normalised, 4 decimals)",
        "tolerance": 1e-4,
        "note": ("probs = softmax of onnxruntime logits for exactly these rounded inputs; "
                 "'preprocess' holds 56x56 u8 crops (row-major) whose 2x2 block mean and "
                 "normalisation must give 'input' (to 1e-4)."),
        "crops": crops,
        "preprocess": pre,
    }
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(ref, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes, {len(crops)} crops)")


if __name__ == "__main__":
    main()
