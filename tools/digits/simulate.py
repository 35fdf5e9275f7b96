"""Box-crop simulator shared by train.py and evaluate.py.

It imitates what the Rust reader hands to the model (the crop contract, see MODEL_CARD.md):

  box rectangle on the aligned page, shrunk by an inset of 6 % of its width/height per side
  -> resampled to 56 x 56 grey u8 (paper bright)
  -> 2 x 2 block mean -> 28 x 28 float g (values are multiples of 0.25)
  -> bg = median(g), dark = min(g), x = clamp((bg - g) / max(bg - dark, 60), 0, 1)

Everything is drawn in "crop pixels" of the 56 x 56 canvas. The full box is 56 / 0.88 = 63.6
crop pixels high and wide (the 6 % inset on each side is outside the crop).

Classes: 0..9 digits, 10 = EMPTY box, 11 = MARK (X, dash or slash written in an unused box).
"""
import functools
import glob
import io
import math
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

C = 56                 # crop side before the 2x2 block mean
BOX = C / 0.88         # full box side in crop pixels (6 % inset per side)
EMPTY, MARK = 10, 11
NUM_CLASSES = 12
CLASS_NAMES = [str(i) for i in range(10)] + ["EMPTY", "MARK"]

FONT_GLOBS = [
    "/usr/share/fonts/truetype/fifthhorseman/dkg*.ttf",        # fonts-dkg-handwriting
    "/usr/share/fonts/opentype/comic-neue/ComicNeue-*.otf",    # fonts-comic-neue
    "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf",     # fonts-humor-sans
    "/usr/share/fonts/opentype/kaushanscript/*.otf",           # fonts-kaushanscript
    "/usr/share/fonts/opentype/dancingscript/*.otf",           # fonts-dancingscript
    # fonts-dseg: seven-segment shapes, a seed for guide-traced digits (traced.py draws most)
    "/usr/share/fonts/truetype/dseg/DSEG7Classic-Regular.ttf",
    "/usr/share/fonts/truetype/dseg/DSEG7Classic-Bold.ttf",
    "/usr/share/fonts/truetype/dseg/DSEG7Classic-Light.ttf",
    "/usr/share/fonts/truetype/dseg/DSEG7Modern-Regular.ttf",
    "/usr/share/fonts/truetype/dseg/DSEG7Modern-Bold.ttf",
    "/usr/share/fonts/truetype/dseg/DSEG7Modern-Light.ttf",
]

# pixel-centre grid of the 56 x 56 canvas
_YY, _XX = np.mgrid[0:C, 0:C].astype(np.float32) + 0.5


# ----------------------------------------------------------------------------- normalisation
def block_mean(grey56):
    """56x56 u8 -> 28x28 float32, mean of each 2x2 block (exact multiples of 0.25)."""
    g = grey56.astype(np.float32)
    return (g[..., 0::2, 0::2] + g[..., 0::2, 1::2] + g[..., 1::2, 0::2] + g[..., 1::2, 1::2]) / 4.0


def normalise(g28):
    """The contract formula, in float32 like the Rust side. g28: [...,28,28] float32.

    bg = median of the 784 values (mean of the 392nd and 393rd smallest), dark = min,
    x = clamp((bg - g) / max(bg - dark, 60), 0, 1).
    """
    g = np.asarray(g28, dtype=np.float32)
    flat = g.reshape(g.shape[:-2] + (784,))
    s = np.sort(flat, axis=-1)
    bg = ((s[..., 391] + s[..., 392]) / np.float32(2.0))[..., None, None]
    dark = s[..., 0][..., None, None]
    den = np.maximum(bg - dark, np.float32(60.0))
    return np.clip((bg - g) / den, np.float32(0.0), np.float32(1.0)).astype(np.float32)


# ----------------------------------------------------------------------------- drawing helpers
def seg_coverage(segs, width):
    """Anti-aliased coverage of pen strokes. segs: [K,4] (x0,y0,x1,y1) in crop pixels."""
    segs = np.asarray(segs, np.float32).reshape(-1, 4)
    x0, y0, x1, y1 = [segs[:, i, None, None] for i in range(4)]
    dx, dy = x1 - x0, y1 - y0
    L2 = np.maximum(dx * dx + dy * dy, 1e-6)
    t = np.clip(((_XX - x0) * dx + (_YY - y0) * dy) / L2, 0.0, 1.0)
    px, py = x0 + t * dx - _XX, y0 + t * dy - _YY
    d = np.sqrt(px * px + py * py).min(axis=0)
    return np.clip(width / 2.0 + 0.5 - d, 0.0, 1.0)


def bezier_segs(p0, p1, bend, n=6):
    """Polyline of a quadratic curve from p0 to p1, control point pushed sideways by `bend`."""
    p0, p1 = np.asarray(p0, np.float32), np.asarray(p1, np.float32)
    mid = (p0 + p1) / 2
    d = p1 - p0
    nrm = np.array([-d[1], d[0]]) / (np.linalg.norm(d) + 1e-6)
    ctrl = mid + nrm * bend
    t = np.linspace(0, 1, n + 1, dtype=np.float32)[:, None]
    pts = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * ctrl + t ** 2 * p1
    return np.concatenate([pts[:-1], pts[1:]], axis=1)


def _box_overlap(lo, hi, n=C):
    """Overlap of intervals [lo,hi] (shape [K]) with pixel cells [i,i+1] -> [K,n]."""
    i = np.arange(n, dtype=np.float32)[None, :]
    return np.clip(np.minimum(hi[:, None], i + 1) - np.maximum(lo[:, None], i), 0.0, 1.0)


def rects_coverage(cx, cy, hw, hh):
    """Coverage of axis-aligned rectangles (centres cx,cy; half sizes hw,hh), summed, clipped."""
    ox = _box_overlap(cx - hw, cx + hw)
    oy = _box_overlap(cy - hh, cy + hh)
    return np.clip(np.einsum("ky,kx->yx", oy, ox), 0.0, 1.0)


def stroke_width_estimate(cov):
    """Approximate pen width (px) of a coverage map: 2 * area / boundary length."""
    b = cov > 0.5
    area = b.sum()
    if area == 0:
        return 0.0
    inner = b[1:-1, 1:-1] & b[:-2, 1:-1] & b[2:, 1:-1] & b[1:-1, :-2] & b[1:-1, 2:]
    boundary = area - inner.sum()
    return 2.0 * area / max(boundary, 1)


@functools.lru_cache(maxsize=1024)
def _blur_matrix_q(sigma_q, n):
    sigma = sigma_q / 50.0
    r = max(int(math.ceil(3 * sigma)), 1)
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    cols = np.clip(np.arange(n)[:, None] + np.arange(-r, r + 1)[None, :], 0, n - 1)
    m = np.zeros((n, n), np.float64)
    np.add.at(m, (np.repeat(np.arange(n), 2 * r + 1), cols.ravel()), np.tile(k, n))
    return m.astype(np.float32)


def _blur_matrix(sigma, n=C):
    """n x n matrix applying a 1-D Gaussian blur with edge clamping (rows sum to 1).
    sigma is quantised to 0.02 px so the matrices can be cached."""
    return _blur_matrix_q(max(int(round(sigma * 50)), 5), n)


def gaussian_blur(a, sigma):
    """Separable Gaussian blur of a float image (edges clamped)."""
    my = _blur_matrix(sigma, a.shape[0])
    mx = my if a.shape[1] == a.shape[0] else _blur_matrix(sigma, a.shape[1])
    return (my @ a @ mx.T).astype(np.float32)


def rank_filter(a, size, op):
    """Separable max (op=np.maximum) or min (op=np.minimum) filter over size x size windows;
    the border is padded with the edge values."""
    r = size // 2
    p = np.pad(a, r, mode="edge")
    n0, n1 = a.shape
    rows = p[:, 0:n1]
    for k in range(1, size):
        rows = op(rows, p[:, k:k + n1])
    out = rows[0:n0]
    for k in range(1, size):
        out = op(out, rows[k:k + n0])
    return out


def set_pen_width(cov, target):
    """Make the strokes of a soft coverage map about `target` px wide, with crisp edges.

    Pen ink is opaque, so the result is a sharpened coverage (the photo blur comes later in
    photo()). First every stroke's ridge is lifted to 1 (division by the 5x5 local maximum) so
    faint thin strokes survive; coarse width changes use one 3x3 grey min filter or up to two
    3x3 max filters (~2 px each); the rest comes from where the soft edge is cut
    (threshold 0.1..0.8)."""
    w = stroke_width_estimate(cov)
    if w == 0:
        return cov
    loc = rank_filter(cov, 5, np.maximum)
    cov = np.clip(cov / np.maximum(loc, 0.3), 0.0, 1.0)
    delta = target - w
    n = int(np.clip(math.floor(delta / 2.0 + 0.5), -1, 2))
    if n == -1 and w < 5.0:
        n = 0                       # eroding an already thin glyph breaks it
    for _ in range(abs(n)):
        cov = rank_filter(cov, 3, np.maximum if n > 0 else np.minimum)
    r = delta - 2.0 * n
    tau = float(np.clip(0.45 - 0.25 * r, 0.1, 0.8))
    return np.clip((cov - tau) / 0.2 + 0.5, 0.0, 1.0)


# ----------------------------------------------------------------------------- glyph sources
def crop_bbox(a, thr=0.05, pad=1):
    ys, xs = np.nonzero(a > thr)
    if len(ys) == 0:
        return None
    y0, y1 = max(ys.min() - pad, 0), min(ys.max() + pad + 1, a.shape[0])
    x0, x1 = max(xs.min() - pad, 0), min(xs.max() + pad + 1, a.shape[1])
    return a[y0:y1, x0:x1]


def font_files():
    files = []
    for g in FONT_GLOBS:
        files.extend(sorted(glob.glob(g)))
    return files


def font_glyph_bank(size=96):
    """List of (coverage array, digit, font basename) rendered from the handwriting fonts."""
    bank = []
    for path in font_files():
        font = ImageFont.truetype(path, size)
        for d in range(10):
            im = Image.new("L", (size * 2, size * 2), 0)
            ImageDraw.Draw(im).text((size // 2, size // 4), str(d), font=font, fill=255)
            a = crop_bbox(np.asarray(im, np.float32) / 255.0, pad=2)
            if a is not None and a.shape[0] > 10:
                bank.append((a, d, os.path.basename(path)))
    return bank


def indonesian_style(src, digit, rng):
    """Add a flag and/or foot to a '1', or a crossbar to a '7' (common Indonesian styles).

    Works on an MNIST source glyph (28x28 scale, ink=1). Returns a new array (padded)."""
    a = np.pad(src, 4)
    ys, xs = np.nonzero(a > 0.3)
    if len(ys) < 8:
        return src
    y0, y1 = ys.min(), ys.max()
    h = y1 - y0 + 1
    width = float(np.clip(a.sum() / max(h, 1) * (0.5 if digit == 7 else 1.0), 1.2, 3.5))
    H, W = a.shape
    gy, gx = np.mgrid[0:H, 0:W].astype(np.float32) + 0.5

    def cov(segs):
        segs = np.asarray(segs, np.float32).reshape(-1, 4)
        x0, yy0, x1, yy1 = [segs[:, i, None, None] for i in range(4)]
        dx, dy = x1 - x0, yy1 - yy0
        L2 = np.maximum(dx * dx + dy * dy, 1e-6)
        t = np.clip(((gx - x0) * dx + (gy - yy0) * dy) / L2, 0, 1)
        d = np.hypot(x0 + t * dx - gx, yy0 + t * dy - gy).min(axis=0)
        return np.clip(width / 2 + 0.5 - d, 0, 1)

    def row_x(y):
        r = np.nonzero(a[int(y)] > 0.3)[0]
        return None if len(r) == 0 else float(r.mean()) + 0.5

    segs = []
    if digit == 1:
        top_x, bot_x = row_x(y0 + 1), row_x(y1 - 1)
        if top_x is None or bot_x is None:
            return src
        flag = rng.random() < 0.75
        foot = (not flag) or rng.random() < 0.5
        if flag:
            ang = math.radians(rng.uniform(35, 65))      # steeper and shorter than a 7's bar
            ln = h * rng.uniform(0.18, 0.32)
            segs.append((top_x, y0 + 0.5, top_x - ln * math.cos(ang), y0 + 0.5 + ln * math.sin(ang)))
        if foot:
            hl = h * rng.uniform(0.18, 0.32)
            yb = y1 + 0.5 - width / 2
            segs.append((bot_x - hl, yb, bot_x + hl * rng.uniform(0.7, 1.1), yb + rng.uniform(-1, 1)))
    elif digit == 7:
        yc = y0 + h * rng.uniform(0.45, 0.62)
        xc = row_x(yc)
        if xc is None:
            return src
        hl = h * rng.uniform(0.16, 0.3)
        tilt = rng.uniform(-1.5, 1.5)
        segs.append((xc - hl, yc - tilt, xc + hl, yc + tilt))
    else:
        return src
    return np.maximum(a, cov(segs))


def ink_extent(a, thr=0.5):
    """(y0, y1, x0, x1) of the pixels above thr (end exclusive), or None."""
    ys = np.nonzero(a.max(axis=1) > thr)[0]
    xs = np.nonzero(a.max(axis=0) > thr)[0]
    if len(ys) == 0:
        return None
    return int(ys[0]), int(ys[-1]) + 1, int(xs[0]), int(xs[-1]) + 1


def glyph_params(rng, hfrac=None, size="normal"):
    """Random placement of a handwritten glyph in the box. size: "normal"; "large" (written
    across the whole box, running into or over its border); "small" (tucked into a corner)."""
    if size == "large":
        return {
            "hfrac": rng.uniform(0.9, 1.12),
            "aspect": math.exp(rng.uniform(math.log(0.85), math.log(1.45))),
            "theta": math.radians(rng.uniform(-10, 10)),
            "shear": rng.uniform(-0.2, 0.2),
            "ux": rng.uniform(-1, 1),
            "uy": rng.uniform(-1, 1),
            "sloppy": True,
        }
    if size == "small":
        return {
            "hfrac": rng.uniform(0.28, 0.45),
            "aspect": math.exp(rng.uniform(math.log(0.8), math.log(1.3))),
            "theta": math.radians(rng.uniform(-12, 12)),
            "shear": rng.uniform(-0.2, 0.2),
            "ux": rng.choice([-1, 1]) * rng.uniform(0.7, 1.0),
            "uy": rng.choice([-1, 1]) * rng.uniform(0.7, 1.0),
            "sloppy": False,
            "corner": True,
        }
    return {
        # final ink height as a share of the box height (contract: 45-92 %)
        "hfrac": rng.uniform(0.45, 0.92) if hfrac is None else hfrac,
        # width factor; the portrait plano box (14x18 mm) is resampled to a square crop
        "aspect": math.exp(rng.uniform(math.log(0.8), math.log(1.3))),
        "theta": math.radians(rng.uniform(-14, 14)),
        "shear": rng.uniform(-0.25, 0.25),
        "ux": rng.uniform(-1, 1),
        "uy": rng.uniform(-1, 1),
        "sloppy": rng.random() < 0.05,
    }


def _glyph_matrix(p, sw, sh, scale):
    gh = p["hfrac"] * BOX * scale
    gw = min(gh * (sw / sh) * p["aspect"], C * 0.98)
    th, shear = p["theta"], p["shear"]
    R = np.array([[math.cos(th), -math.sin(th)], [math.sin(th), math.cos(th)]])
    Sh = np.array([[1.0, shear], [0.0, 1.0]])
    return R @ Sh @ np.diag([gw / sw, gh / sh])


def _main_axis(src):
    """Unit vector of the glyph's principal axis (source coordinates, x right / y down)."""
    ys, xs = np.nonzero(src > 0.3)
    if len(ys) < 3:
        return np.array([0.0, 1.0])
    cov = np.cov(np.stack([xs, ys]).astype(np.float64))
    w, v = np.linalg.eigh(cov)
    return v[:, 1]


def limit_slant(src, p, rng, max_deg):
    """Redraw rotation/shear until the glyph's main axis is within max_deg of vertical
    (keeps a slanted '1' apart from the MARK slash, which is drawn at 40-70 degrees)."""
    e = ink_extent(src)
    if e is None:
        return p
    sh, sw = e[1] - e[0], e[3] - e[2]
    axis = _main_axis(src)
    for _ in range(12):
        d = _glyph_matrix(p, sw, sh, 1.0) @ axis
        if math.degrees(math.atan2(abs(d[0]), abs(d[1]) + 1e-9)) <= max_deg:
            return p
        p = dict(p, theta=math.radians(rng.uniform(-14, 14)), shear=rng.uniform(-0.25, 0.25))
    p = dict(p, theta=0.0, shear=0.0)
    return p


def render_glyph(src, rng=None, hfrac=None, p=None, scale=1.0):
    """Place a source glyph (ink=1 coverage, any size) in the crop; returns 56x56 coverage.

    The ink extent of the source (pixels > 0.5) is scaled to hfrac * box height * scale."""
    if p is None:
        p = glyph_params(rng, hfrac)
    e = ink_extent(src) or (0, src.shape[0], 0, src.shape[1])
    sh, sw = max(e[1] - e[0], 1), max(e[3] - e[2], 1)
    csrc = np.array([(e[2] + e[3]) / 2.0, (e[0] + e[1]) / 2.0])
    M = _glyph_matrix(p, sw, sh, scale)
    # extent of the transformed glyph, to keep it (mostly) inside the crop
    corners = np.array([[-sw / 2, -sh / 2], [sw / 2, -sh / 2], [-sw / 2, sh / 2], [sw / 2, sh / 2]])
    ext = np.abs(corners @ M.T).max(axis=0)
    # writers roughly centre the digit: keep it within the crop give or take 2 px, and its
    # centre within 10 px of the crop centre (a thin '1' must not merge with a border remnant)
    slack = np.minimum(np.maximum(C / 2 - ext, 0.0) * 0.8, 8.0) + 2.0
    if p.get("corner"):
        slack = np.maximum(C / 2 - ext, 0.0) * 0.85  # a small digit in a corner of the box
    if p["sloppy"]:
        slack = slack + 3.0                        # sloppy writing / poor alignment
    cx = C / 2 + p["ux"] * slack[0]
    cy = C / 2 + p["uy"] * slack[1]
    Mi = np.linalg.inv(M)
    off = csrc - Mi @ np.array([cx, cy])
    coeffs = (Mi[0, 0], Mi[0, 1], off[0], Mi[1, 0], Mi[1, 1], off[1])
    im = Image.fromarray(np.float32(src))
    out = im.transform((C, C), Image.AFFINE, coeffs, resample=Image.BILINEAR)
    return np.clip(np.asarray(out, np.float32), 0, 1)


def place_glyph(src, rng, pen, digit=None, size="normal"):
    """Render a glyph with pen width `pen` so that its final ink height is hfrac of the box
    (one corrective re-render; thinning shortens strokes a little). Returns 56x56 coverage.
    pen=None keeps the source's own soft stroke (felt-tip / pencil look)."""
    p = glyph_params(rng, size=size)
    if digit == 1:
        p = limit_slant(src, p, rng, 33.0)
    scale = 1.0
    cov = None
    for _ in range(2):
        cov = render_glyph(src, p=p, scale=scale)
        if pen is not None:
            cov = set_pen_width(cov, pen)
        e = ink_extent(cov)
        if e is None:
            break
        want = min(p["hfrac"] * BOX, C + 8.0)     # very tall digits are cut by the crop anyway
        got = e[1] - e[0]
        if got >= C - 1 or abs(want / got - 1.0) < 0.06:
            break
        scale *= want / got
    return cov


def pen_width(rng, plano):
    """Pen line width in crop px: a 0.4-1.2 mm pen is 1.5-5 px in a 18 mm plano box and
    2.5-7 px in a 7 mm salinan box."""
    return rng.uniform(1.5, 5.0) if plano else rng.uniform(2.5, 7.0)


def render_mark(rng, width):
    """An 'X', a dash or a slash written in an unused box (class MARK)."""
    kind = rng.choice(["x", "dash", "slash"], p=[0.4, 0.3, 0.3])
    c = np.array([C / 2 + rng.normal(0, 4), C / 2 + rng.normal(0, 4)])
    segs = []

    def stroke(ang_deg, length, center):
        a = math.radians(ang_deg)
        d = np.array([math.sin(a), -math.cos(a)]) * length / 2   # angle from vertical
        p0, p1 = center - d, center + d
        return bezier_segs(p0, p1, rng.normal(0, length * 0.06))

    if kind == "x":
        size = rng.uniform(0.3, 0.9) * BOX
        a1 = rng.uniform(25, 65)
        a2 = -rng.uniform(25, 65)
        for a, j in ((a1, 0), (a2, 1)):
            ln = size / max(math.cos(math.radians(abs(a) - 45)), 0.6) * rng.uniform(0.85, 1.25)
            segs.append(stroke(a, ln, c + rng.normal(0, 1.5, 2)))
    elif kind == "dash":
        ln = rng.uniform(0.2, 0.8) * BOX
        segs.append(stroke(90 + rng.uniform(-14, 14), ln, c))
        if rng.random() < 0.08:                                      # "=" / doubled dash
            segs.append(stroke(90 + rng.uniform(-10, 10), ln * rng.uniform(0.8, 1.1),
                               c + np.array([rng.normal(0, 1.5), rng.uniform(6, 12)])))
    else:
        ln = rng.uniform(0.35, 0.9) * BOX
        ang = rng.uniform(40, 70) * (1 if rng.random() < 0.8 else -1)
        segs.append(stroke(ang, ln, c))
    cov = seg_coverage(np.concatenate(segs, axis=0), width)
    return cov, str(kind)


# ----------------------------------------------------------------------------- scene layers
# The printed guide (measured on the official C.HASIL-PPWP plano, page 2, at 200 dpi): a 5 x 9
# grid of 0.64 mm dots at grey ~201 -- outline, middle row and middle column -- with columns at
# 0.290 / 0.497 / 0.704 and rows at 0.168 / 0.500 / 0.832 of the box.
GUIDE_X = (0.290, 0.497, 0.704)
GUIDE_Y = (0.168, 0.500, 0.832)
GUIDE_DOT_MM = 0.64
PLANO_BOX_MM = 20.0


def box_to_crop(f):
    """Box fraction -> crop pixel (the crop spans the box minus a 6 % inset per side)."""
    return (f - 0.06) / 0.88 * C


def turn_points(pts, centre, rot):
    if rot == 0.0:
        return pts
    c, s = math.cos(rot), math.sin(rot)
    rel = pts - centre
    return np.stack([centre[0] + rel[:, 0] * c - rel[:, 1] * s,
                     centre[1] + rel[:, 0] * s + rel[:, 1] * c], axis=1)


def guide_geometry(rng, jitter=True):
    """Where the printed guide lands in this crop: the measured layout moved by the reader's
    alignment error (a px or two), scaled a little (box size, resolution) and turned a degree or
    two. Returns {'xs': 3 column x, 'ys': 3 row y, 'rot': radians, 'c': centre}."""
    xs = np.array([box_to_crop(f) for f in GUIDE_X])
    ys = np.array([box_to_crop(f) for f in GUIDE_Y])
    rot = 0.0
    if jitter:
        s = rng.uniform(0.94, 1.06)
        sx = s * rng.uniform(0.96, 1.04)
        cx, cy = xs[1], ys[1]
        xs = cx + (xs - cx) * sx + rng.normal(0, 1.2)
        ys = cy + (ys - cy) * s + rng.normal(0, 1.2)
        rot = math.radians(rng.uniform(-2.5, 2.5))
    return {"xs": xs, "ys": ys, "rot": rot, "c": np.array([xs[1], ys[1]])}


def guide_transmittance(rng, g=None):
    """The faint dotted guide of a plano result box (see GUIDE_X/GUIDE_Y), as transmittance."""
    if g is None:
        g = guide_geometry(rng)
    xs5 = np.interp(np.arange(5) / 4.0, [0, 0.5, 1], g["xs"])
    ys9 = np.interp(np.arange(9) / 8.0, [0, 0.5, 1], g["ys"])
    pts = np.array([(xs5[i], ys9[j]) for j in range(9) for i in range(5)
                    if i in (0, 2, 4) or j in (0, 4, 8)], np.float32)
    pts = turn_points(pts, g["c"], g["rot"])
    half = GUIDE_DOT_MM / PLANO_BOX_MM * BOX / 2 * rng.uniform(0.8, 1.3)
    cov = rects_coverage(pts[:, 0], pts[:, 1], np.full(len(pts), half), np.full(len(pts), half))
    level = rng.uniform(180, 222) / 255.0
    return 1.0 - cov * (1.0 - level)


def border_coverage(rng, hard=False):
    """Box-border remnants: dark lines 1-5 px thick, 0-7 px from an edge, slightly slanted."""
    p_side = 0.6 if hard else 0.3
    sides = [s for s in range(4) if rng.random() < p_side]
    if hard and not sides:
        sides = [int(rng.integers(4))]
    segs_cov = np.zeros((C, C), np.float32)
    for s in sides:
        d = rng.uniform(0, 9 if hard else 7)
        t = rng.uniform(2.5, 6) if hard else rng.uniform(1, 5)
        d0, d1 = d + rng.uniform(-1.5, 1.5), d + rng.uniform(-1.5, 1.5)   # slant
        d0, d1 = max(d0, -t / 2 + 0.5), max(d1, -t / 2 + 0.5)
        lo, hi = -5.0, C + 5.0
        if rng.random() < 0.2:                       # remnant does not run the whole side
            if rng.random() < 0.5:
                lo = rng.uniform(0, C * 0.6)
            else:
                hi = rng.uniform(C * 0.4, C)
        if s == 0:
            seg = (lo, d0, hi, d1)                   # top
        elif s == 1:
            seg = (lo, C - d0, hi, C - d1)           # bottom
        elif s == 2:
            seg = (d0, lo, d1, hi)                   # left
        else:
            seg = (C - d0, lo, C - d1, hi)           # right
        segs_cov = np.maximum(segs_cov, seg_coverage([seg], t))
    return segs_cov


def illumination(rng, hard=False):
    """Multiplicative lighting field: gradient, optional cast shadow, faint paper texture."""
    ang = rng.uniform(0, 2 * math.pi)
    ramp = ((_XX - C / 2) * math.cos(ang) + (_YY - C / 2) * math.sin(ang)) / C   # -0.7..0.7
    L = 1.0 - rng.uniform(0, 0.3) * (ramp + 0.7) / 1.4
    if rng.random() < (0.5 if hard else 0.12):
        a2 = rng.uniform(0, 2 * math.pi)
        pos = rng.uniform(-0.35, 0.35) * C
        soft = rng.uniform(1.0, 10.0)
        dist = (_XX - C / 2) * math.cos(a2) + (_YY - C / 2) * math.sin(a2) - pos
        depth = rng.uniform(0.15, 0.6 if hard else 0.45)
        L = L * (1.0 - depth / (1.0 + np.exp(-dist / soft)))
    tex = np.asarray(Image.fromarray(np.float32(rng.normal(0, 1, (5, 5)))).resize(
        (C, C), Image.BICUBIC), np.float32)
    L = L * (1.0 + tex * rng.uniform(0, 0.025))
    return L


def specks(rng, n_lambda=1.0, hard=False):
    """Dust specks and smudges, as a transmittance map."""
    T = np.ones((C, C), np.float32)
    n = rng.poisson(n_lambda * (2.5 if hard else 1.0))
    if n:
        cx, cy = rng.uniform(0, C, n), rng.uniform(0, C, n)
        r = rng.uniform(0.3, 1.3 if not hard else 1.8, n)
        cov = rects_coverage(cx, cy, r, r * rng.uniform(0.6, 1.6, n))
        T *= 1.0 - cov * rng.uniform(0.2, 0.85)
    m = rng.poisson(0.4 if not hard else 1.2)
    for _ in range(m):
        cx, cy = rng.uniform(0, C, 2)
        sx, sy = rng.uniform(2.5, 12, 2)
        blob = np.exp(-0.5 * (((_XX - cx) / sx) ** 2 + ((_YY - cy) / sy) ** 2))
        T *= 1.0 - blob * rng.uniform(0.02, 0.14)
    return T


def show_through(rng, digit_bank):
    """Faint mirrored writing from the other side of the sheet (thin salinan paper)."""
    src = digit_bank[int(rng.integers(len(digit_bank)))]
    cov = render_glyph(src[:, ::-1], rng)
    cov = gaussian_blur(cov, rng.uniform(0.8, 2.0))
    return 1.0 - cov * rng.uniform(0.04, 0.13)


def neighbour_fragment(rng):
    """A piece of a neighbouring box's writing poking in at the left or right edge."""
    x = rng.uniform(-3, 5)
    if rng.random() < 0.5:
        x = C - x
    y0 = rng.uniform(0, C * 0.6)
    y1 = y0 + rng.uniform(6, 25)
    return seg_coverage([(x, y0, x + rng.uniform(-3, 3), y1)], rng.uniform(1.5, 5))


# ----------------------------------------------------------------------------- photo pipeline
def photo(clean, rng, hard=False, plano=True):
    """Optics blur, capture resolution, sensor noise, JPEG -> 56x56 u8 like the reader's crop."""
    sigma = rng.uniform(0.3, 1.6)
    im = Image.fromarray(gaussian_blur(np.float32(clean), sigma))
    # capture resolution relative to the 56 px crop: a 6x7 mm salinan box is ~35-70 px in the
    # photo / rectified page, a 14x18 mm plano box ~50-100 px
    lo, hi = (0.9, 1.8) if plano else (0.55, 1.25)
    s = int(round(C * math.exp(rng.uniform(math.log(lo), math.log(hi)))))
    small = np.asarray(im.resize((s, s), Image.BOX if s < C else Image.BILINEAR), np.float32)
    noise = rng.uniform(0, 9 if hard else 7)
    small = small + rng.normal(0, noise, small.shape).astype(np.float32)
    small8 = Image.fromarray(np.uint8(np.clip(np.rint(small), 0, 255)), "L")
    if rng.random() < 0.8:
        buf = io.BytesIO()
        small8.save(buf, format="JPEG", quality=int(rng.integers(25, 91)))
        buf.seek(0)
        small8 = Image.open(buf).convert("L")
    # back to the 56 x 56 crop (bilinear sampling like the reader's resampler)
    if rng.random() < 0.5:
        out = small8.resize((C, C), Image.BILINEAR)
    else:
        k = s / C
        out = small8.transform((C, C), Image.AFFINE, (k, 0, 0, 0, k, 0), resample=Image.BILINEAR)
    return np.asarray(out, np.uint8)


def compose(rng, ink_cov=None, hard=False, guide=None, digit_bank=None, kind="digit",
            plano=True):
    """Build one crop. Returns the 56x56 u8 grey crop.

    plano: big plano box (dotted guide likely, higher capture resolution) or small A4 salinan
    box (no guide, lower resolution)."""
    paper = rng.uniform(150, 250)
    L = illumination(rng, hard)
    T = np.ones((C, C), np.float32)
    if guide is None:
        guide = rng.random() < (0.85 if plano else 0.15)
    if guide is not False:
        # True: a guide anywhere near its place; a dict: the geometry the writer traced
        T *= guide_transmittance(rng, guide if isinstance(guide, dict) else None)
    T *= specks(rng, 1.0 if kind != "digit" else 0.5, hard)
    if hard and digit_bank is not None and rng.random() < 0.25:
        T *= show_through(rng, digit_bank)
    b = border_coverage(rng, hard)
    if b.any():
        tb = rng.uniform(5, max(paper - 60, 6)) / paper
        T *= 1.0 - b * (1.0 - tb)
    if rng.random() < 0.04:
        T *= 1.0 - neighbour_fragment(rng) * (1.0 - rng.uniform(5, paper - 80) / paper)
    if ink_cov is not None:
        ink = rng.uniform(5, paper - 80)
        T *= 1.0 - ink_cov * (1.0 - ink / paper)
    clean = paper * L * T
    return photo(clean, rng, hard, plano)


# ----------------------------------------------------------------------------- samples
class Simulator:
    """Draws labelled 56x56 crops. `digits`: list of MNIST glyph sources (28x28 ink=1 arrays)."""

    def __init__(self, digit_images, digit_labels, fonts=True, font_share=0.1):
        # a light blur (0.6 source px) hides MNIST's 28-px pixel steps once strokes are sharpened
        self.srcs = [gaussian_blur(np.pad(crop_bbox(a), 1), 0.6) for a in digit_images]
        self.labels = np.asarray(digit_labels)
        self.font_bank = font_glyph_bank() if fonts else []
        self.font_share = font_share if fonts else 0.0

    def digit(self, rng, i=None, style=True, font=None, force_style=False, extra=False,
              size=None):
        """A digit crop. i: index of the MNIST glyph (random if None). Returns (u8, label, info).

        style: sometimes add an Indonesian flag/foot to a 1 or crossbar to a 7;
        force_style: always do so (evaluation of those styles); font: None = 10 % fonts;
        extra: sometimes written large across the box border (8 %) or small in a corner (3 %)
        (training; the held-out MNIST figures keep the plain placement); size forces one."""
        use_font = (rng.random() < self.font_share) if font is None else font
        if use_font and self.font_bank:
            a, d, name = self.font_bank[int(rng.integers(len(self.font_bank)))]
            src, info = a, "font:" + name
        else:
            if i is None:
                i = int(rng.integers(len(self.srcs)))
            src, d, info = self.srcs[i], int(self.labels[i]), "mnist"
            if force_style and d in (1, 7):
                src = indonesian_style(src, d, rng)
                info = "mnist+id-style"
            elif style and d in (1, 7) and rng.random() < (0.25 if d == 1 else 0.2):
                src = indonesian_style(src, d, rng)
                info = "mnist+id-style"
        plano = rng.random() < 0.5
        pen = pen_width(rng, plano)
        if rng.random() < 0.1:
            pen = None                                 # keep the soft MNIST/font stroke
        if size is None:
            u = rng.random() if extra else 1.0
            size = "large" if u < 0.08 else "small" if u < 0.11 else "normal"
        if size == "large" and pen is not None:
            pen = pen * rng.uniform(1.0, 1.5)          # big digits are written with broad strokes
        cov = place_glyph(src, rng, pen, digit=d, size=size)
        info += "|plano" if plano else "|salinan"
        if size != "normal":
            info += "|" + size
        return compose(rng, cov, hard=False, plano=plano), d, info

    def traced(self, rng, d=None, hand=None, plano=None):
        """A digit traced along the box's dotted guide (traced.py). Returns (u8, label, info).
        On a salinan box (no guide printed) the same hand writes without dots to follow."""
        import traced as T
        if d is None:
            d = int(rng.integers(10))
        if plano is None:
            plano = rng.random() < 0.9
        g = guide_geometry(rng)
        if not plano:
            k = rng.uniform(1.0, 1.25)               # no guide: a freer, often bigger digit
            g["xs"] = g["c"][0] + (g["xs"] - g["c"][0]) * k
            g["ys"] = g["c"][1] + (g["ys"] - g["c"][1]) * k
        w = hand or T.writer(rng)
        if not plano:
            w = dict(w, pen=w["pen"] * rng.uniform(1.2, 1.8))   # small box: the pen is wider
        cov = T.traced_coverage(d, rng, g, w)
        guide = (g if rng.random() < 0.97 else False) if plano else False
        info = "traced|plano" if plano else "traced|salinan"
        return compose(rng, cov, hard=False, guide=guide, plano=plano), d, info

    def empty(self, rng, hard=False):
        plano = rng.random() < 0.5
        info = ("hard-empty" if hard else "empty") + ("|plano" if plano else "|salinan")
        return compose(rng, None, hard=hard, digit_bank=self.srcs, kind="empty",
                       plano=plano), EMPTY, info

    def mark(self, rng, extra=False):
        """An X, dash or slash (class MARK); extra: also the box-wide X and dash seen on real
        plano pages (corner to corner, into the border)."""
        plano = rng.random() < 0.5
        if extra and rng.random() < 0.35:
            import traced as T
            width = pen_width(rng, plano) * rng.uniform(1.0, 1.4)
            if rng.random() < 0.75:
                cov, kind = T.big_cross(rng, width), "bigx"
            else:
                cov, kind = T.long_dash(rng, width), "longdash"
        else:
            cov, kind = render_mark(rng, pen_width(rng, plano))
        info = "mark:" + kind + ("|plano" if plano else "|salinan")
        return compose(rng, cov, hard=rng.random() < 0.15, kind="mark",
                       plano=plano), MARK, info


def to_input(grey56):
    """56x56 u8 crop(s) -> normalised 28x28 float32 model input(s)."""
    return normalise(block_mean(grey56))
