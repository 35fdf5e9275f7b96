"""Teach one small network what the three-network mean knows (knowledge distillation), so the
reader can run one network per box instead of three.

The teacher (an ONNX from ensemble.py) labels the cached training pools once with soft
probabilities; the student starts from member A's weights and trains a few passes on
0.5 * cross-entropy(truth) + 0.5 * T^2 * KL(teacher || student) at temperature T, with the same
shift/affine augmentation as train.py.

    /opt/digits-venv/bin/python distill.py --teacher ENS.onnx --init A.pt --out DIR/digits.onnx
"""
import argparse
import json
import os
import time

import numpy as np
import onnxruntime as ort
import torch
import torch.nn as nn

import train as T

SEED = 20240214


def teacher_logits(path, X, bs=2048):
    o = ort.SessionOptions()
    o.intra_op_num_threads = 2
    s = ort.InferenceSession(path, o, providers=["CPUExecutionProvider"])
    out = []
    for i in range(0, len(X), bs):
        x = X[i:i + bs].astype(np.float32)[:, None] / 255.0
        out.append(s.run(None, {"input": x})[0])
    return np.concatenate(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--teacher", required=True)
    ap.add_argument("--init", required=True, help="member A state dict (train.py saves it in --cache)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--pools", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--temp", type=float, default=2.0)
    ap.add_argument("--affine", type=float, default=0.5)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--cache", default="/opt/digits-cache")
    a = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(SEED)

    Xs, Ys = [], []
    for k in range(a.pools):
        z = np.load(os.path.join(a.cache, f"pool-s{SEED + 1000 * k}-n55000-r3.npz"))
        Xs.append(z["X"])
        Ys.append(z["Y"])
    X, Y = np.concatenate(Xs), np.concatenate(Ys)
    t0 = time.time()
    TL = torch.from_numpy(teacher_logits(a.teacher, X))
    print(f"teacher labelled {len(X)} crops in {time.time() - t0:.0f}s; teacher agrees with the "
          f"truth on {(TL.argmax(1).numpy() == Y).mean() * 100:.2f}%", flush=True)
    z = np.load(os.path.join(a.cache, f"dev-s{SEED}.npz"))
    DX, DY = z["X"], z["Y"]

    model = T.DigitNet()
    model.load_state_dict(torch.load(a.init))
    model = model.to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=5e-4)
    steps = (len(X) + a.batch - 1) // a.batch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, epochs=a.epochs,
                                                steps_per_epoch=steps, pct_start=0.2)
    ce = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(SEED + 7)
    Yt = torch.from_numpy(Y)
    log = []
    for ep in range(a.epochs):
        model.train()
        perm = torch.randperm(len(X), generator=g).numpy()
        te, tot = time.time(), 0.0
        for b in range(steps):
            j = perm[b * a.batch:(b + 1) * a.batch]
            xb = T.random_shift(T.to_tensor(X[j]), g)
            if a.affine > 0:
                xb = T.random_affine(xb, g, a.affine)
            out = model(xb)
            soft = torch.nn.functional.log_softmax(TL[j] / a.temp, 1)
            kl = torch.nn.functional.kl_div(torch.nn.functional.log_softmax(out / a.temp, 1), soft,
                                            log_target=True, reduction="batchmean")
            loss = 0.5 * ce(out, Yt[j]) + 0.5 * a.temp * a.temp * kl
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item()
        pred = T.predict(model, DX)
        dig = DY < 10
        acc = float((pred[dig] == DY[dig]).mean())
        rec = dict(epoch=ep + 1, loss=tot / steps, dev_digit_acc=acc, seconds=time.time() - te)
        log.append(rec)
        print(f"epoch {ep + 1}/{a.epochs} loss {tot / steps:.4f} dev digits {acc * 100:.2f}% "
              f"({rec['seconds']:.0f}s)", flush=True)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    T.export_onnx(model, a.out)
    info = {"distilled_from": a.teacher, "init": a.init, "pools": a.pools, "epochs": a.epochs,
            "max_lr": a.lr, "temperature": a.temp, "affine": a.affine, "seed": SEED,
            "parameters": int(sum(p.numel() for p in model.parameters())),
            "onnx_bytes": os.path.getsize(a.out), "torch": torch.__version__,
            "date": time.strftime("%Y-%m-%d"), "epochs_log": log}
    with open(os.path.join(os.path.dirname(a.out), "training.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps({k: v for k, v in info.items() if k != "epochs_log"}))


if __name__ == "__main__":
    main()
