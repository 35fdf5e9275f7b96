"""Train the 12-class box reader (digits 0-9, EMPTY, MARK) and export assets/model/digits.onnx.

Data: MNIST train (50k) + the first 5k of MNIST validation, each rendered several times through
simulate.py, plus handwriting-font digits (~10 %), empty boxes and marks. The last 5k of MNIST
validation is a development set; the MNIST test split is never used here.

The simulated crops are generated once into a pool (one core, ~2 ms per crop), cached as u8 in
--cache, and the network trains for a few passes over it.

    /opt/digits-venv/bin/python train.py --out DIR/digits.onnx   # one network (member A)

The shipped model is the mean of three such networks (README.md: the exact commands, then
ensemble.py joins them into assets/model/digits.onnx).
"""
import argparse
import json
import os
import platform
import time

import numpy as np
import torch
import torch.nn as nn

import mnist_data
import real_crops
import simulate as S

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SEED = 20240214


def block(i, o):
    return [nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True)]


class DigitNet(nn.Sequential):
    """5 x (conv3x3-BN-ReLU), 16|32-32|w-w channels, 3 max-pools, FC 9w->fc->12."""

    def __init__(self, width=64, fc=96):
        super().__init__(
            *block(1, 16), nn.MaxPool2d(2),                        # 28 -> 14
            *block(16, 32), *block(32, 32), nn.MaxPool2d(2),        # 14 -> 7
            *block(32, width), *block(width, width), nn.MaxPool2d(2),  # 7 -> 3
            nn.Flatten(), nn.Dropout(0.15),
            nn.Linear(width * 9, fc), nn.ReLU(inplace=True), nn.Linear(fc, S.NUM_CLASSES))


def make_pool(sim, n_digits_idx, reps, n_font, n_empty, n_hard, n_mark, rng, log_every=20000,
              n_traced=0):
    """Render the training pool. Returns (u8 [N,28,28] = round(255*x), labels int64).

    MNIST digits (sometimes written large over the border or small in a corner), font digits,
    guide-traced digits (traced.py, classes in turn), empty and hard-empty boxes, marks (with
    the box-wide X and dash)."""
    plan = []
    for _ in range(reps):
        plan.extend(("d", int(i)) for i in n_digits_idx)
    plan += [("f", 0)] * n_font + [("e", 0)] * n_empty + [("h", 0)] * n_hard + [("m", 0)] * n_mark
    plan += [("t", k % 10) for k in range(n_traced)]
    order = rng.permutation(len(plan))
    X = np.empty((len(plan), 28, 28), np.uint8)
    Y = np.empty(len(plan), np.int64)
    t0 = time.time()
    for k, j in enumerate(order):
        kind, i = plan[j]
        if kind == "d":
            g, y, _ = sim.digit(rng, i=i, font=False, extra=True)
        elif kind == "t":
            g, y, _ = sim.traced(rng, d=i)
        elif kind == "f":
            g, y, _ = sim.digit(rng, font=True)
        elif kind == "e":
            g, y, _ = sim.empty(rng)
        elif kind == "h":
            g, y, _ = sim.empty(rng, hard=True)
        else:
            g, y, _ = sim.mark(rng, extra=True)
        X[k] = np.rint(S.to_input(g) * 255.0).astype(np.uint8)
        Y[k] = y
        if log_every and (k + 1) % log_every == 0:
            el = time.time() - t0
            print(f"  pool {k + 1}/{len(plan)}  {el:.0f}s  eta {el / (k + 1) * (len(plan) - k - 1):.0f}s",
                  flush=True)
    return X, Y


def random_shift(xb, g):
    """Shift each crop by -1..1 px in x and y (alignment jitter); the gap is paper (0)."""
    n = xb.shape[0]
    pad = torch.nn.functional.pad(xb, (1, 1, 1, 1))
    sel = torch.randint(0, 9, (n,), generator=g)
    out = torch.empty_like(xb)
    for k in range(9):
        idx = (sel == k).nonzero(as_tuple=True)[0]
        if len(idx):
            dy, dx = divmod(k, 3)
            out[idx] = pad[idx, :, dy:dy + 28, dx:dx + 28]
    return out


def _gauss_kernel(sigma):
    r = int(3 * sigma)
    t = torch.arange(-r, r + 1, dtype=torch.float32)
    k = torch.exp(-t * t / (2 * sigma * sigma))
    return k / k.sum()


def elastic_field(n, g, p, alpha, sigma):
    """Per crop, with probability p: a smooth random displacement (uniform noise blurred by a
    Gaussian of `sigma` px, scaled by `alpha` px) in grid units [n, 28, 28, 2] -- the wobble of a
    hand that affine maps do not give (Simard et al. 2003); zero for the other crops."""
    d = torch.rand(n, 2, 28, 28, generator=g) * 2 - 1
    k = _gauss_kernel(sigma)
    r = (len(k) - 1) // 2
    d = d.reshape(n * 2, 1, 28, 28)
    d = torch.nn.functional.conv2d(torch.nn.functional.pad(d, (r, r, 0, 0), mode="reflect"),
                                   k.view(1, 1, 1, -1))
    d = torch.nn.functional.conv2d(torch.nn.functional.pad(d, (0, 0, r, r), mode="reflect"),
                                   k.view(1, 1, -1, 1))
    d = d.reshape(n, 2, 28, 28) * (alpha * 2.0 / 28.0)
    d[torch.rand(n, generator=g) >= p] = 0.0
    return d.permute(0, 2, 3, 1)


def random_affine(xb, g, p, elastic=0.0, alpha=28.0, sigma=5.0):
    """With probability p per crop: rotate up to 6 degrees, scale 0.92-1.08, shear up to 0.08 --
    the slant and size of a hand and a slightly skewed warp, new at every pass over the pool.
    With probability `elastic` (independently) a smooth elastic displacement is added."""
    n = xb.shape[0]
    on = torch.rand(n, generator=g) < p
    ang = (torch.rand(n, generator=g) * 2 - 1) * (6 * 3.14159265 / 180)
    sc = 0.92 + torch.rand(n, generator=g) * 0.16
    sh = (torch.rand(n, generator=g) * 2 - 1) * 0.08
    c, s = torch.cos(ang) / sc, torch.sin(ang) / sc
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0], theta[:, 0, 1] = c, -s + sh
    theta[:, 1, 0], theta[:, 1, 1] = s, c
    theta[~on] = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    grid = torch.nn.functional.affine_grid(theta, list(xb.shape), align_corners=False)
    if elastic > 0:
        grid = grid + elastic_field(n, g, elastic, alpha, sigma)
    out = torch.nn.functional.grid_sample(xb.contiguous(), grid, mode="bilinear",
                                          padding_mode="zeros", align_corners=False)
    return out.contiguous(memory_format=torch.channels_last)


def to_tensor(X):
    return torch.from_numpy(X).float().div_(255.0).unsqueeze(1).contiguous(
        memory_format=torch.channels_last)


@torch.no_grad()
def predict(model, X, bs=1024):
    model.eval()
    out = []
    for i in range(0, len(X), bs):
        out.append(model(to_tensor(X[i:i + bs])).argmax(1).numpy())
    return np.concatenate(out)


def export_onnx(model, path):
    model = model.to(memory_format=torch.contiguous_format).eval()
    dummy = torch.zeros(1, 1, 28, 28)
    torch.onnx.export(model, (dummy,), path, dynamo=False, opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
                      do_constant_folding=True)


def teacher_logits(path, X, bs=2048):
    """Logits of a trained ONNX (e.g. the shipped mean of three) for every pool crop, once."""
    import onnxruntime as ort
    o = ort.SessionOptions()
    o.intra_op_num_threads = 2
    s = ort.InferenceSession(path, o, providers=["CPUExecutionProvider"])
    return torch.from_numpy(np.concatenate([
        s.run(None, {"input": X[i:i + bs].astype(np.float32)[:, None] / 255.0})[0]
        for i in range(0, len(X), bs)]))


def distill_loss(out, y, teacher, temp):
    """Half the usual cross-entropy, half T^2 * KL(teacher || student) at temperature T."""
    F = torch.nn.functional
    kl = F.kl_div(F.log_softmax(out / temp, 1), F.log_softmax(teacher / temp, 1),
                  log_target=True, reduction="batchmean")
    return 0.5 * F.cross_entropy(out, y) + 0.5 * temp * temp * kl


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--reps", type=int, default=3, help="renderings per MNIST training digit")
    ap.add_argument("--pools", type=int, default=2,
                    help="pools rendered with seeds seed, seed+1000, ... (each --reps renderings)")
    ap.add_argument("--traced", type=float, default=0.5,
                    help="guide-traced digit crops per pool, as a share of its MNIST digit crops")
    ap.add_argument("--affine", type=float, default=0.5,
                    help="share of crops given a fresh small rotation/scale/shear each pass")
    ap.add_argument("--elastic", type=float, default=0.0,
                    help="share of crops given a fresh elastic displacement every pass")
    ap.add_argument("--width", type=int, default=64, help="channels of the last two conv blocks")
    ap.add_argument("--fc", type=int, default=96, help="units of the hidden dense layer")
    ap.add_argument("--teacher", help="ONNX whose soft labels the network also learns (distillation)")
    ap.add_argument("--temp", type=float, default=2.0, help="distillation temperature")
    ap.add_argument("--init", help="state dict to start from (train.py saves DIR/digits.pt beside --out)")
    ap.add_argument("--epochs", type=int, default=16, help="passes over the pools")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=4e-3)
    ap.add_argument("--cache", default="/opt/digits-cache")
    ap.add_argument("--out", default=os.path.join(ROOT, "assets", "model", "digits.onnx"))
    ap.add_argument("--real", nargs="+", default=[], metavar="DIR",
                    help="folders written by `pleno crops export`: an office's agreed crops, "
                         "trained on (TPS not held out) and measured per folder (TPS held out)")
    ap.add_argument("--real-reps", type=int, default=4,
                    help="times each real training crop enters the pool per epoch")
    ap.add_argument("--real-held-out", type=float, default=0.2,
                    help="share of TPS whose real crops are held out, never trained on")
    ap.add_argument("--quick", action="store_true", help="tiny smoke run")
    ap.add_argument("--pools-only", action="store_true",
                    help="render the pools and the development set into --cache, then stop "
                         "(so two processes can render pools side by side)")
    ap.add_argument("--threads", type=int, default=2, help="torch threads (the machine has 2 cores)")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    t_start = time.time()

    data = mnist_data.load()
    xtr, ytr = data["train"]
    xva, yva = data["valid"]
    train_x = np.concatenate([xtr, xva[:5000]])
    train_y = np.concatenate([ytr, yva[:5000]])
    dev_x, dev_y = xva[5000:], yva[5000:]

    n_tr = len(train_x)
    idx = np.arange(n_tr)
    reps = a.reps
    if a.quick:
        idx, reps, a.epochs = idx[:6000], 1, 1
    n_dig = len(idx) * reps
    n_font = int(round(n_dig / 9))                 # fonts = 10 % of all digit crops
    n_empty, n_hard = int(0.10 * n_dig), int(0.04 * n_dig)
    n_mark = int(0.09 * n_dig)
    n_traced = int(round(a.traced * n_dig))

    os.makedirs(a.cache, exist_ok=True)
    t0, c0 = time.time(), time.process_time()
    sim = S.Simulator(train_x, train_y)
    Xs, Ys, gen_s, gen_cpu = [], [], 0.0, 0.0
    for k in range(a.pools):
        pseed = a.seed + 1000 * k
        prng = rng if k == 0 else np.random.default_rng(pseed)
        # v2: guide-traced digits, box-wide marks, large/small placements, measured guide
        cache = os.path.join(a.cache, f"pool2-s{pseed}-n{len(idx)}-r{reps}-t{n_traced}.npz")
        if os.path.exists(cache):
            z = np.load(cache)
            Xk, Yk = z["X"], z["Y"]
            gs = float(z["gen_seconds"])
            gc = float(z["gen_cpu_seconds"]) if "gen_cpu_seconds" in z else float("nan")
            print(f"pool from cache {cache}: {len(Xk)} crops (generated in {gs:.0f}s)")
        else:
            print(f"generating pool seed {pseed}: {n_dig} MNIST digit crops, {n_font} font, "
                  f"{n_empty} empty, {n_hard} hard-empty, {n_mark} mark, {n_traced} traced",
                  flush=True)
            t1, c1 = time.time(), time.process_time()
            Xk, Yk = make_pool(sim, idx, reps, n_font, n_empty, n_hard, n_mark, prng,
                               n_traced=n_traced)
            gs, gc = time.time() - t1, time.process_time() - c1
            np.savez(cache, X=Xk, Y=Yk, gen_seconds=gs, gen_cpu_seconds=gc)
            print(f"pool generated in {gs:.0f}s", flush=True)
        Xs.append(Xk)
        Ys.append(Yk)
        gen_s, gen_cpu = gen_s + gs, gen_cpu + gc
    real = None
    if a.real:
        RX, RY, HX, HY, HS, sources = real_crops.load(a.real, a.real_held_out)
        print(f"real crops: {len(RY)} to train on (x{a.real_reps}), {len(HY)} held out by TPS; "
              f"per folder {sources}", flush=True)
        Xs += [RX] * a.real_reps
        Ys += [RY] * a.real_reps
        real = (HX, HY, HS, sources)
    X, Y = np.concatenate(Xs), np.concatenate(Ys)
    del Xs, Ys

    # development set: held-out MNIST validation digits + fresh empties/marks (own seed)
    dev_cache = os.path.join(a.cache, f"dev2-s{a.seed}.npz")
    if os.path.exists(dev_cache):
        z = np.load(dev_cache)
        DX, DY, DT = z["X"], z["Y"], z["T"]
    else:
        drng = np.random.default_rng(a.seed + 1)
        dsim = S.Simulator(dev_x, dev_y)
        DX, DY = make_pool(dsim, np.arange(len(dev_x)), 1, 0, 1000, 500, 700, drng, log_every=0)
        TX, TY = make_pool(dsim, [], 0, 0, 0, 0, 0, drng, log_every=0, n_traced=3000)
        DT = np.concatenate([np.zeros(len(DY), bool), np.ones(len(TY), bool)])
        DX, DY = np.concatenate([DX, TX]), np.concatenate([DY, TY])
        np.savez(dev_cache, X=DX, Y=DY, T=DT)
    print("class counts (pool):", np.bincount(Y, minlength=12).tolist())
    if a.pools_only:
        return

    model = DigitNet(a.width, a.fc)
    if a.init:
        model.load_state_dict(torch.load(a.init))
    model = model.to(memory_format=torch.channels_last)
    TL = None
    if a.teacher:
        t1 = time.time()
        TL = teacher_logits(a.teacher, X)
        print(f"teacher labelled {len(X)} crops in {time.time() - t1:.0f}s; it agrees with the "
              f"truth on {(TL.argmax(1).numpy() == Y).mean() * 100:.2f}%", flush=True)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"model parameters: {n_params}")
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=5e-4)
    steps_per_epoch = (len(X) + a.batch - 1) // a.batch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, epochs=a.epochs,
                                                steps_per_epoch=steps_per_epoch, pct_start=0.2)
    lossf = nn.CrossEntropyLoss()
    t_train, c_train = time.time(), time.process_time()
    g = torch.Generator().manual_seed(a.seed)
    Yt = torch.from_numpy(Y)
    log = []
    for ep in range(a.epochs):
        model.train()
        perm = torch.randperm(len(X), generator=g).numpy()
        tot, nb = 0.0, 0
        te = time.time()
        for b in range(steps_per_epoch):
            j = perm[b * a.batch:(b + 1) * a.batch]
            xb = random_shift(to_tensor(X[j]), g)
            if a.affine > 0 or a.elastic > 0:
                xb = random_affine(xb, g, a.affine, a.elastic)
            yb = Yt[j]
            opt.zero_grad(set_to_none=True)
            out = model(xb)
            loss = lossf(out, yb) if TL is None else distill_loss(out, yb, TL[j], a.temp)
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item()
            nb += 1
        pred = predict(model, DX)
        dig = (DY < 10) & ~DT
        acc = float((pred[dig] == DY[dig]).mean())
        tr = float((pred[DT] == DY[DT]).mean())
        emp = float((pred[DY == 10] == 10).mean())
        mk = float((pred[DY == 11] == 11).mean())
        rec = dict(epoch=ep + 1, loss=tot / nb, dev_digit_acc=acc, dev_traced_acc=tr,
                   dev_empty_recall=emp, dev_mark_recall=mk, seconds=time.time() - te)
        if real is not None and len(real[1]):
            rec["real_held_out"] = real_crops.per_source(predict(model, real[0]), *real[1:])
        log.append(rec)
        print(f"epoch {ep + 1}/{a.epochs} loss {tot / nb:.4f}  dev digits {acc * 100:.2f}%  "
              f"traced {tr * 100:.2f}%  "
              f"empty {emp * 100:.2f}%  mark {mk * 100:.2f}%  ({time.time() - te:.0f}s)", flush=True)
        for r in rec.get("real_held_out", []):
            print(f"  real held out {r['dir']}: {r['held_out_boxes']} boxes, digits "
                  f"{_pct(r['digit_accuracy'])}, empty/mark {_pct(r['blank_accuracy'])}", flush=True)
        # Each epoch's weights on disk, so a killed run can be exported or resumed (--init).
        os.makedirs(os.path.dirname(a.out), exist_ok=True)
        torch.save(model.state_dict(), os.path.splitext(a.out)[0] + ".pt")
    train_s, train_cpu = time.time() - t_train, time.process_time() - c_train

    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    # Beside its ONNX, so each run's weights stay its own (a shared name in --cache was
    # overwritten by the next run).
    torch.save(model.state_dict(), os.path.splitext(a.out)[0] + ".pt")
    export_onnx(model, a.out)
    total_s = time.time() - t_start
    info = {
        "seed": a.seed, "epochs": a.epochs, "threads": a.threads, "batch": a.batch, "max_lr": a.lr,
        "pool_crops": int(len(X)), "pool_class_counts": np.bincount(Y, minlength=12).tolist(),
        "mnist_renderings_per_digit": reps * a.pools, "traced_per_pool": n_traced, "pools": a.pools, "affine": a.affine, "elastic": a.elastic,
        "teacher": a.teacher, "temp": a.temp if a.teacher else None, "init": a.init,
        # The model card names the offices' crops a model learnt from.
        "real_sources": real[3] if real is not None else [], "real_reps": a.real_reps if a.real else None,
        "real_held_out_share": a.real_held_out if a.real else None,
        "width": a.width, "fc": a.fc, "parameters": int(n_params),
        "pool_generation_seconds": round(gen_s, 1), "training_seconds": round(train_s, 1),
        "pool_generation_cpu_seconds": round(gen_cpu, 1), "training_cpu_seconds": round(train_cpu, 1),
        "total_seconds": round(total_s, 1), "torch": torch.__version__,
        "numpy": np.__version__, "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d"), "epochs_log": log,
        "onnx_bytes": os.path.getsize(a.out),
    }
    if not a.quick:
        with open(os.path.join(os.path.dirname(a.out), "training.json"), "w") as f:
            json.dump(info, f, indent=1)
    print(json.dumps({k: v for k, v in info.items() if k != "epochs_log"}))


def _pct(v):
    return "-" if v is None else f"{v * 100:.2f}%"


if __name__ == "__main__":
    main()
