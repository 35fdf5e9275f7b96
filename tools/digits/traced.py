"""Guide-traced digits: the handwriting of KPPS members who trace the dotted guide printed in
every box of the PPWP result page, so that each digit comes out seven-segment-like.

The guide (measured on the official C.HASIL-PPWP plano, page 2, at 200 dpi): a 5 x 9 grid of
0.64 mm dots at grey ~201, columns at 0.290 / 0.497 / 0.704 and rows at 0.168 / 0.500 / 0.832
of the box (outline, middle row and middle column). In crop pixels (56 px = the box interior
with the 6 % inset, see simulate.py) that is x 14.6-41.0 and y 6.9-49.1.

A writer traces along the guide's nodes (3 columns x 3 rows) with their own hand: per-node
jitter, overshoot or gaps at the joints, square or rounded corners, slant, a segment left short,
a stroke gone over twice, a ballpoint or a marker. These are the *training* parameters; the
held-out set comes from pleno-synth's own generator (Rust, other shapes and ranges).
"""
import math

import numpy as np

from simulate import (C, bezier_segs, gaussian_blur, seg_coverage, turn_points)


# Nodes of the guide: (column, row), column 0 left / 1 middle / 2 right, row 0 top / 1 / 2.
TL, TM, TR = (0, 0), (1, 0), (2, 0)
ML, MM, MR = (0, 1), (1, 1), (2, 1)
BL, BM, BR = (0, 2), (1, 2), (2, 2)

# Each digit: a list of variants (weight, strokes); a stroke is a pen path through nodes.
# Segments: a top, b upper right, c lower right, d bottom, e lower left, f upper left, g middle.
DIGITS = {
    0: [(0.55, [[TL, TR, BR, BL, TL]]),
        (0.25, [[TL, BL, BR], [TL, TR, BR]]),
        (0.20, [[TR, TL, BL, BR, TR]])],
    1: [(0.50, [[TR, BR]]),
        (0.25, [[TM, BM]]),
        (0.05, [[TL, BL]]),
        (0.10, [["flagR"], [TR, BR]]),
        (0.05, [["flagM"], [TM, BM]]),
        (0.05, [[TM, BM], ["footM"]])],
    2: [(0.85, [[TL, TR, MR, ML, BL, BR]]),
        (0.15, [[TL, TR, MR], [MR, ML, BL, BR]])],
    3: [(0.50, [[TL, TR, MR, BR, BL], [ML, MR]]),
        (0.25, [[TL, TR, BR, BL], [ML, MR]]),
        (0.15, [[TL, TR, MR, ML], [MR, BR, BL]]),
        (0.10, [[TL, TR, BR, BL], [MM, MR]])],
    4: [(0.60, [[TL, ML, MR], [TR, BR]]),
        (0.25, [[TL, ML, MR, BR], [TR, MR]]),
        (0.15, [[TL, ML, MR], ["overR"]])],
    5: [(0.85, [[TR, TL, ML, MR, BR, BL]]),
        (0.15, [[TR, TL, ML], [ML, MR, BR, BL]])],
    6: [(0.55, [[TR, TL, BL, BR, MR, ML]]),
        (0.25, [[TL, BL, BR, MR, ML]]),
        (0.20, [[TR, TL, BL, BR, MR], [MR, ML]])],
    7: [(0.60, [[TL, TR, BR]]),
        (0.15, [["hookL"], [TL, TR, BR]]),
        (0.15, [[TL, TR], [TR, BR]]),
        (0.10, [[TL, TR, BR], ["crossR"]])],
    8: [(0.50, [[TL, TR, BR, BL, TL], [ML, MR]]),
        (0.30, [[ML, TL, TR, MR, ML, BL, BR, MR]]),
        (0.20, [[TL, TR, BR, BL, TL], [ML, MM, MR]])],
    9: [(0.45, [[MR, ML, TL, TR, BR, BL]]),
        (0.35, [[MR, ML, TL, TR, BR]]),
        (0.20, [[TL, TR, MR, ML, TL], [TR, BR, BL]])],
}


def _choose(rng, variants):
    w = np.array([v[0] for v in variants])
    return variants[int(rng.choice(len(variants), p=w / w.sum()))][1]


def _special(name, node):
    """Extra pen paths that are not along the guide (in node units, may leave the grid)."""
    if name == "flagR":                     # the flag of a 1 on the right column
        return [(2.0 - 0.55, 0.32), (2.0, 0.0)]
    if name == "flagM":                     # the flag of a 1 on the middle column
        return [(1.0 - 0.55, 0.32), (1.0, 0.0)]
    if name == "footM":                     # a foot under a centred 1
        return [(0.55, 2.0), (1.45, 2.0)]
    if name == "overR":                     # a 4 whose right stroke starts above the guide
        return [(2.0, -0.12), (2.0, 2.0)]
    if name == "hookL":                     # a serif hanging from the top of a 7
        return [(0.0, 0.35), (0.0, 0.0)]
    if name == "crossR":                    # the crossbar of an Indonesian 7
        return [(1.45, 1.0), (2.45, 1.0)]
    raise ValueError(name)


def _rounded(pts, radius, n=4):
    """Polyline through pts with every inner corner cut by a quadratic curve of `radius`."""
    if radius <= 0.05 or len(pts) < 3:
        return pts
    out = [pts[0]]
    for i in range(1, len(pts) - 1):
        p, a, b = pts[i], pts[i - 1], pts[i + 1]
        da, db = a - p, b - p
        la, lb = np.linalg.norm(da), np.linalg.norm(db)
        if la < 1e-6 or lb < 1e-6:
            continue
        r = min(radius, la * 0.45, lb * 0.45)
        p0, p1 = p + da / la * r, p + db / lb * r
        t = np.linspace(0, 1, n + 1)[:, None]
        out.extend(list((1 - t) ** 2 * p0 + 2 * (1 - t) * t * p + t ** 2 * p1))
    out.append(pts[-1])
    return np.array(out)


def _wobble(pts, amp, rng):
    """Resample the path densely and push it sideways by a smooth random amount."""
    if amp <= 0.01:
        return pts
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    L = seg.sum()
    if L < 1e-6:
        return pts
    n = max(int(L / 2.0), 4)
    s = np.concatenate([[0], np.cumsum(seg)])
    u = np.linspace(0, L, n + 1)
    xs, ys = np.interp(u, s, pts[:, 0]), np.interp(u, s, pts[:, 1])
    k = rng.normal(0, 1, 6)
    phase = u / L * math.pi * 2
    off = amp * (k[0] * np.sin(phase + k[1]) + 0.5 * k[2] * np.sin(2 * phase + k[3]))
    dx, dy = np.gradient(xs), np.gradient(ys)
    nn = np.hypot(dx, dy) + 1e-6
    return np.stack([xs - dy / nn * off, ys + dx / nn * off], axis=1)


def _extend(pts, a, b):
    """Lengthen the path by a px at its start and b px at its end (negative: shorten)."""
    pts = pts.copy()
    for idx, nxt, amt in ((0, 1, a), (-1, -2, b)):
        d = pts[idx] - pts[nxt]
        n = np.linalg.norm(d)
        if n > 1e-6:
            amt = max(amt, -0.45 * n)
            pts[idx] = pts[idx] + d / n * amt
    return pts


def _to_segs(pts):
    return np.concatenate([pts[:-1], pts[1:]], axis=1)


def writer(rng):
    """One writer's hand: how they trace, for all the digits of a page."""
    marker = rng.random() < 0.35
    return {
        "pen": rng.uniform(3.5, 7.0) if marker else rng.uniform(1.3, 3.2),
        "jitter": rng.uniform(0.3, 2.0),
        "round": rng.uniform(0, 5.0) if rng.random() < 0.45 else 0.0,
        "over": rng.uniform(-1.5, 3.0),
        "gappy": rng.random() < 0.2,
        "slant": rng.uniform(-0.16, 0.16),
        "scale": rng.uniform(1.04, 1.35) if rng.random() < 0.2 else rng.uniform(0.93, 1.05),
        "wobble": rng.uniform(0, 0.9),
        "double": rng.uniform(0, 0.25),
        "partial": rng.uniform(0, 0.06),
        "skips": rng.random() < 0.2,
    }


def traced_coverage(d, rng, g, w=None):
    """Pen coverage (56 x 56, 0..1) of digit d traced along guide g by writer w."""
    if w is None:
        w = writer(rng)
    strokes = _choose(rng, DIGITS[d])
    xs, ys = g["xs"], g["ys"]
    cx, cy = g["c"]
    scale = w["scale"] * rng.uniform(0.97, 1.03)
    shift = rng.normal(0, 1.0, 2) + (rng.normal(0, 2.0, 2) if w["scale"] > 1.04 else 0)
    # jitter of each of the nine nodes, shared by every stroke through it
    jit = {(i, j): rng.normal(0, w["jitter"], 2) for i in range(3) for j in range(3)}

    def node_xy(u, v):
        """Node units (0..2 per axis, fractional for special strokes) -> crop px."""
        x = np.interp(u, [0, 1, 2], xs)
        y = np.interp(v, [0, 1, 2], ys)
        x = cx + (x - cx) * scale
        y = cy + (y - cy) * scale
        x += w["slant"] * (cy - y)          # writing leans right: top moves right
        p = np.array([x, y]) + shift
        ui, vi = int(round(u)), int(round(v))
        if (ui, vi) in jit and abs(u - ui) < 1e-6 and abs(v - vi) < 1e-6:
            p = p + jit[(ui, vi)]
        else:
            p = p + rng.normal(0, w["jitter"] * 0.7, 2)
        return p

    segs = []
    pen = w["pen"] * rng.uniform(0.9, 1.1)
    for s in strokes:
        if isinstance(s[0], str):
            path = np.array([node_xy(*q) for q in _special(s[0], None)])
            pieces = [path]
        else:
            path = np.array([node_xy(*q) for q in s])
            if w["gappy"] and len(path) > 2 and rng.random() < 0.7:
                # pen lifted at the corners: each side its own short stroke
                pieces = [path[k:k + 2] for k in range(len(path) - 1)]
            else:
                pieces = [path]
        for piece in pieces:
            piece = _rounded(piece, w["round"] * rng.uniform(0.6, 1.2))
            a = w["over"] + rng.normal(0, 1.0)
            b = w["over"] + rng.normal(0, 1.0)
            if w["gappy"]:
                a, b = a - rng.uniform(0.5, 2.5), b - rng.uniform(0.5, 2.5)
            if rng.random() < w["partial"]:
                # one end stops short of the joint
                if rng.random() < 0.5:
                    a -= rng.uniform(0.15, 0.4) * np.linalg.norm(piece[-1] - piece[0])
                else:
                    b -= rng.uniform(0.15, 0.4) * np.linalg.norm(piece[-1] - piece[0])
            piece = _extend(piece, a, b)
            piece = _wobble(piece, w["wobble"], rng)
            piece = turn_points(piece, np.array([cx, cy]), rng.normal(0, 0.02))
            segs.append(_to_segs(piece))
            if rng.random() < w["double"]:
                off = rng.normal(0, 1.0, 2)
                off *= rng.uniform(0.6, 2.0) / (np.linalg.norm(off) + 1e-6)
                segs.append(_to_segs(_wobble(piece + off, w["wobble"] * 0.5, rng)))
    cov = seg_coverage(np.concatenate(segs, axis=0), pen)
    if w["skips"]:
        # a ballpoint that skips: ink thins along the stroke
        tex = rng.uniform(0.45, 1.0, (7, 7)).astype(np.float32)
        tex = np.kron(tex, np.ones((8, 8), np.float32))
        cov = cov * gaussian_blur(tex, 3.0)
    return cov


def big_cross(rng, width):
    """An X from corner to corner of the box, running into the border (MARK)."""
    lo, hi = rng.uniform(-5, 3, 2), rng.uniform(C - 3, C + 5, 2)
    segs = [bezier_segs((lo[0], lo[1] + rng.normal(0, 2)), (hi[0], hi[1] + rng.normal(0, 2)),
                        rng.normal(0, 1.5)),
            bezier_segs((hi[0] + rng.normal(0, 2), lo[1]), (lo[0] + rng.normal(0, 2), hi[1]),
                        rng.normal(0, 1.5))]
    return seg_coverage(np.concatenate(segs, axis=0), width)


def long_dash(rng, width):
    """A '-' across most of the box (MARK)."""
    y = C / 2 + rng.normal(0, 5)
    x0, x1 = rng.uniform(-3, 10), rng.uniform(C - 10, C + 3)
    return seg_coverage(bezier_segs((x0, y), (x1, y + rng.normal(0, 2.5)), rng.normal(0, 1.5)),
                        width)
