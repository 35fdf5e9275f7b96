"""Fine-tune the shipped model on an office's agreed crops (`pleno crops export` folders): the
retraining kit of issue 22, minutes on one CPU core instead of train.py's hours.

    P=/opt/digits-venv/bin/python
    OMP_NUM_THREADS=1 $P finetune.py --real /data/crops/kec-a --out /opt/office/digits.onnx
    OMP_NUM_THREADS=1 $P finetune.py --real DIR --crops test=/tmp/adapt/test --out X/digits.onnx

Starts from the weights inside the ONNX (float16, BatchNorm folded into the convolutions by the
export, logits divided by the temperature), so no training run's DIR/digits.pt is needed on
site. Each batch mixes the office's crops (a share of it, drawn with replacement and
re-augmented every time, so 50 boxes can be shown hundreds of times without being learnt
pixel by pixel) with a replay pool of simulated crops rendered like train.py's pool, so the
network keeps reading the hands it was trained on. The result goes through ensemble.py's
export like the shipped model (one member, float16, the same temperature), so the graph keeps
its shape: the reader takes the input of the last Gemm (the 96 hidden units) as the embedding.

Prints, per folder, its held-out TPS (`--real-held-out`) and, per `--crops` set written by
pleno-reader's heldout_crops example, the figures of examples/adaptation.rs (digit accuracy,
share of boxes under the gate, error among the accepted) for the base and the fine-tuned model;
writes training.json beside --out.
"""
import argparse
import json
import os
import platform
import tempfile
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import numpy_helper

import ensemble
import evaluate
import mnist_data
import real_crops
import simulate as S
import train

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SEED = 20240214


def load_onnx(path):
    """DigitNet with the ONNX's weights, and the temperature the graph divides by.

    The export folded each BatchNorm into its convolution (a bias appeared); here the BatchNorm
    stays but is the identity plus that bias (mean 0, variance 1 - eps), and is kept in eval
    mode while fine-tuning: a few hundred small office batches must not re-estimate statistics
    the network learnt over 600,000 crops."""
    m = onnx.load(path)
    g = m.graph
    casts = {n.output[0]: n.input[0] for n in g.node if n.op_type == "Cast"}
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}

    def value(name):
        return torch.from_numpy(inits[casts.get(name, name)].astype(np.float32))

    convs = [n for n in g.node if n.op_type == "Conv"]
    gemms = [n for n in g.node if n.op_type == "Gemm"]
    for n in gemms:
        tb = [a.i for a in n.attribute if a.name == "transB"]
        if tb != [1]:
            raise SystemExit(f"{path}: Gemm without transB=1, not a train.py export")
    fc = value(gemms[0].input[1]).shape[0]
    width = value(convs[-1].input[1]).shape[0]
    net = train.DigitNet(width, fc)
    conv_mods = [c for c in net if isinstance(c, nn.Conv2d)]
    bn_mods = [c for c in net if isinstance(c, nn.BatchNorm2d)]
    lin_mods = [c for c in net if isinstance(c, nn.Linear)]
    if (len(conv_mods), len(lin_mods)) != (len(convs), len(gemms)):
        raise SystemExit(f"{path}: {len(convs)} Conv / {len(gemms)} Gemm, not DigitNet's")
    with torch.no_grad():
        for node, conv, bn in zip(convs, conv_mods, bn_mods):
            conv.weight.copy_(value(node.input[1]))
            bn.weight.fill_(1.0)
            bn.bias.copy_(value(node.input[2]))
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0 - bn.eps)
        for node, lin in zip(gemms, lin_mods):
            lin.weight.copy_(value(node.input[1]))
            lin.bias.copy_(value(node.input[2]))
    scale = [n for n in g.node if n.op_type == "Mul" and n.output[0] == "logits"]
    temperature = 1.0 / float(inits[scale[0].input[1]]) if scale else 1.0
    return net.eval(), temperature


def export(net, temperature, path):
    """ensemble.py's path: train.py's export, then one member with float16 weights and T."""
    with tempfile.TemporaryDirectory() as d:
        member = os.path.join(d, "digits.onnx")
        train.export_onnx(net, member)
        onnx.save(ensemble.join([member], temperature=temperature), path)


def figures(P, y, gate):
    """examples/adaptation.rs's figures: digits right among digit boxes; a box is accepted when
    its top probability reaches the gate; error = wrong class (EMPTY vs MARK too) among those."""
    pred, conf = P.argmax(1), P.max(1)
    dig = y <= 9
    acc = conf >= gate
    wrong = pred != y
    return {"boxes": int(len(y)), "digit_accuracy": 100.0 * float((pred[dig] == y[dig]).mean()),
            "review": 100.0 * float(1 - acc.mean()),
            "accepted_error": 100.0 * float((wrong & acc).sum() / max(acc.sum(), 1))}


def load_heldout(d):
    """A heldout_crops set as the model's inputs (the reader's normalisation) and labels."""
    X = S.to_input(np.fromfile(os.path.join(d, "crops.u8"), np.uint8).reshape(-1, 56, 56))
    y = np.loadtxt(os.path.join(d, "labels.csv"), delimiter=",", skiprows=1, usecols=0,
                   dtype=np.int64, ndmin=1)
    return X, y


def replay_pool(cache, n_digits, seed):
    """Simulated crops in train.py's proportions (per MNIST digit crop: 0.11 font, 0.10 empty,
    0.04 hard empty, 0.09 mark, 0.5 traced), rendered once and cached."""
    path = os.path.join(cache, f"replay-s{seed}-n{n_digits}.npz")
    if os.path.exists(path):
        z = np.load(path)
        return z["X"], z["Y"]
    t0 = time.time()
    xtr, ytr = mnist_data.load()["train"]
    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(len(xtr), n_digits, replace=False))
    sim = S.Simulator(xtr[idx], ytr[idx])
    X, Y = train.make_pool(sim, np.arange(n_digits), 1, int(round(n_digits / 9)),
                           int(0.10 * n_digits), int(0.04 * n_digits), int(0.09 * n_digits), rng,
                           log_every=0, n_traced=int(0.5 * n_digits))
    os.makedirs(cache, exist_ok=True)
    np.savez(path, X=X, Y=Y)
    print(f"replay pool: {len(Y)} crops rendered in {time.time() - t0:.0f}s -> {path}", flush=True)
    return X, Y


def logits(net, X, temperature, bs=1024):
    """The network's logits divided by the temperature, as the exported graph gives them."""
    net.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(X), bs):
            xb = torch.from_numpy(np.ascontiguousarray(X[i:i + bs], np.float32)).unsqueeze(1)
            out.append(net(xb).numpy() / temperature)
    return np.concatenate(out)


def probabilities(net, X, temperature):
    return evaluate.softmax(logits(net, X, temperature))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default=os.path.join(ROOT, "assets", "model", "digits.onnx"))
    ap.add_argument("--real", nargs="+", required=True, metavar="DIR",
                    help="folders written by `pleno crops export`")
    ap.add_argument("--real-held-out", type=float, default=0.2,
                    help="share of TPS never trained on, measured per folder (real_crops.py)")
    ap.add_argument("--out", required=True, help="the fine-tuned ONNX")
    # Defaults: recipe E of issue 22's measurement (docs/reader.md), chosen on set 42.
    ap.add_argument("--steps", type=int, default=1000, help="batches of training")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--office-share", type=float, default=0.5,
                    help="share of each batch drawn from the office's crops")
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--freeze-conv", action="store_true",
                    help="train only the two dense layers (the features stay the base model's)")
    ap.add_argument("--affine", type=float, default=0.5, help="as train.py --affine")
    ap.add_argument("--replay", type=int, default=20000,
                    help="MNIST training digits in the replay pool (plus fonts, traced, blanks)")
    ap.add_argument("--crops", nargs="*", default=[], metavar="NAME=DIR",
                    help="heldout_crops sets to measure base and fine-tuned model on")
    ap.add_argument("--gate", type=float, default=0.98)
    ap.add_argument("--cache", default="/opt/digits-cache")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    net, temperature = load_onnx(a.base)
    # The copy must read like the shipped graph, or everything after measures something else.
    probe = S.to_input(np.random.default_rng(1).integers(0, 256, (64, 56, 56), dtype=np.uint8))
    probe[:32] = replay_pool(a.cache, a.replay, a.seed)[0][:32] / 255.0
    ref = evaluate.Model(a.base).logits(probe)
    with torch.no_grad():
        mine = net(torch.from_numpy(probe).unsqueeze(1)).numpy() / temperature
    diff = float(np.abs(mine - ref).max())
    print(f"base {a.base}: T = {temperature:.4f}, torch copy vs onnxruntime max |logit diff| "
          f"{diff:.2e}", flush=True)
    if diff > 1e-3:
        raise SystemExit("the torch copy does not reproduce the ONNX")

    RX, RY, HX, HY, HS, sources = real_crops.load(a.real, a.real_held_out)
    print(f"office crops: {len(RY)} to train on, {len(HY)} held out by TPS; {sources}",
          flush=True)
    if not len(RY):
        raise SystemExit("no office crops to train on")
    PX, PY = replay_pool(a.cache, a.replay, a.seed)
    sets = {}
    for spec in a.crops:
        name, d = spec.split("=", 1)
        sets[name] = load_heldout(d)

    def measure(model, label):
        res = {}
        if len(HY):
            P = probabilities(model, HX.astype(np.float32) / 255.0, temperature)
            res["office_held_out"] = [
                dict(dir=s["dir"], **figures(P[HS == si], HY[HS == si], a.gate))
                for si, s in enumerate(sources) if (HS == si).any()]
        for name, (X, y) in sets.items():
            res[name] = figures(probabilities(model, X, temperature), y, a.gate)
        for name, f in res.items():
            for r in (f if isinstance(f, list) else [f]):
                print(f"  {label} {r.get('dir', name)}: {r['boxes']} boxes, digits "
                      f"{r['digit_accuracy']:.2f}%, review {r['review']:.2f}%, accepted-box "
                      f"error {r['accepted_error']:.3f}%", flush=True)
        return res

    before = measure(net, "base")

    if a.freeze_conv:
        for mod in net:
            if not isinstance(mod, nn.Linear):
                for p in mod.parameters():
                    p.requires_grad_(False)
    params = [p for p in net.parameters() if p.requires_grad]
    # No weight decay: it would pull the shipped weights towards zero, not towards themselves.
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.0)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.steps,
                                                pct_start=0.1)
    lossf = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(a.seed)
    n_off = max(1, int(round(a.batch * a.office_share)))
    RYt, PYt = torch.from_numpy(RY), torch.from_numpy(PY)
    perm, pos = torch.randperm(len(PY), generator=g), 0
    t0, c0 = time.time(), time.process_time()
    tot = 0.0
    for step in range(a.steps):
        net.train()
        for mod in net:
            if isinstance(mod, nn.BatchNorm2d):
                mod.eval()
        jo = torch.randint(0, len(RY), (n_off,), generator=g)
        if pos + a.batch - n_off > len(perm):
            perm, pos = torch.randperm(len(PY), generator=g), 0
        jp = perm[pos:pos + a.batch - n_off]
        pos += len(jp)
        xb = torch.cat([train.to_tensor(RX[jo.numpy()]), train.to_tensor(PX[jp.numpy()])])
        yb = torch.cat([RYt[jo], PYt[jp]])
        xb = train.random_shift(xb, g)
        if a.affine > 0:
            xb = train.random_affine(xb, g, a.affine)
        opt.zero_grad(set_to_none=True)
        loss = lossf(net(xb), yb)
        loss.backward()
        opt.step()
        sched.step()
        tot += loss.item()
        if (step + 1) % 100 == 0 or step + 1 == a.steps:
            print(f"step {step + 1}/{a.steps} loss {tot / ((step % 100) + 1):.4f} "
                  f"({time.time() - t0:.0f}s)", flush=True)
            tot = 0.0
    train_s, train_cpu = time.time() - t0, time.process_time() - c0
    net.eval()

    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    export(net, temperature, a.out)
    tuned = evaluate.Model(a.out)
    check = float(np.abs(tuned.logits(probe) - logits(net, probe, temperature)).max())
    print(f"exported {a.out} ({os.path.getsize(a.out)} bytes; float16 vs torch max |logit diff| "
          f"{check:.2e}); fine-tuning {train_s:.1f}s", flush=True)
    # Figures of the file as the reader will load it (float16 weights), not of the torch copy.
    after = {}
    if len(HY):
        P = evaluate.softmax(tuned.logits(HX.astype(np.float32) / 255.0))
        after["office_held_out"] = [dict(dir=s["dir"], **figures(P[HS == si], HY[HS == si], a.gate))
                                    for si, s in enumerate(sources) if (HS == si).any()]
    for name, (X, y) in sets.items():
        after[name] = figures(evaluate.softmax(tuned.logits(X)), y, a.gate)
    for name, f in after.items():
        for r in (f if isinstance(f, list) else [f]):
            print(f"  tuned {r.get('dir', name)}: {r['boxes']} boxes, digits "
                  f"{r['digit_accuracy']:.2f}%, review {r['review']:.2f}%, accepted-box error "
                  f"{r['accepted_error']:.3f}%", flush=True)

    info = {
        "base": os.path.abspath(a.base), "temperature": temperature,
        "real_sources": sources, "real_held_out_share": a.real_held_out,
        "office_train_boxes": int(len(RY)), "office_held_out_boxes": int(len(HY)),
        "office_class_counts": np.bincount(RY, minlength=12).tolist(),
        "replay_crops": int(len(PY)), "replay_mnist_digits": a.replay,
        "steps": a.steps, "batch": a.batch, "office_share": a.office_share,
        "office_passes": round(a.steps * n_off / len(RY), 1), "max_lr": a.lr,
        "freeze_conv": a.freeze_conv, "affine": a.affine, "seed": a.seed, "threads": a.threads,
        "gate": a.gate, "before": before, "after": after,
        "training_seconds": round(train_s, 1), "training_cpu_seconds": round(train_cpu, 1),
        "torch": torch.__version__, "numpy": np.__version__,
        "python": platform.python_version(), "date": time.strftime("%Y-%m-%d"),
        "onnx_bytes": os.path.getsize(a.out),
    }
    with open(os.path.join(os.path.dirname(os.path.abspath(a.out)), "training.json"), "w") as f:
        json.dump(info, f, indent=1)


if __name__ == "__main__":
    main()
