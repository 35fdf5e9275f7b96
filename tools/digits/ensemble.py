"""Join trained members into the shipped model: one ONNX whose logits are the mean of the members'
logits, weights stored as float16 (cast back to float32 inside the graph, so tract and onnxruntime
fold the casts at load and compute in float32 as before) to keep the file under 1 MB.

Also writes assets/model/training.json listing each member's own training.json.

    /opt/digits-venv/bin/python ensemble.py A/digits.onnx B/digits.onnx [--temperature T]
"""
import argparse
import json
import os

import numpy as np
import onnx
from onnx import compose, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def half_weights(graph, prefix):
    """Float32 initializers -> float16 initializers + a Cast node each (same output name)."""
    casts, keep = [], []
    for init in graph.initializer:
        if init.data_type != onnx.TensorProto.FLOAT or len(init.dims) == 0:
            keep.append(init)
            continue
        w = numpy_helper.to_array(init).astype(np.float16)
        keep.append(numpy_helper.from_array(w, init.name + "_f16"))
        casts.append(helper.make_node("Cast", [init.name + "_f16"], [init.name],
                                      to=onnx.TensorProto.FLOAT, name=f"{prefix}cast_{init.name}"))
    del graph.initializer[:]
    graph.initializer.extend(keep)
    return casts


def join(paths, fp16=True, temperature=1.0):
    nodes, inits = [], []
    first = None
    for k, p in enumerate(paths):
        m = compose.add_prefix(onnx.load(p), f"m{k}_")
        if first is None:
            first = m
        if fp16:
            nodes += half_weights(m.graph, f"m{k}_")
        for n in m.graph.node:
            n.input[:] = ["input" if i == f"m{k}_input" else i for i in n.input]
            nodes.append(n)
        inits += list(m.graph.initializer)
    names = [f"m{k}_logits" for k in range(len(paths))]
    nodes.append(helper.make_node("Sum", names, ["logit_sum"]))
    # Mean of the members' logits, divided by the calibration temperature (calibrate.py): the
    # softmax the reader takes of them is then a calibrated probability.
    inits.append(helper.make_tensor("inv_members", onnx.TensorProto.FLOAT, [],
                                    [1.0 / (len(paths) * temperature)]))
    nodes.append(helper.make_node("Mul", ["logit_sum", "inv_members"], ["logits"]))
    g = helper.make_graph(
        nodes, "pleno_digits_ensemble",
        [helper.make_tensor_value_info("input", onnx.TensorProto.FLOAT, ["N", 1, 28, 28])],
        [helper.make_tensor_value_info("logits", onnx.TensorProto.FLOAT, ["N", 12])],
        inits)
    m = helper.make_model(g, opset_imports=first.opset_import)
    m.ir_version = first.ir_version
    onnx.checker.check_model(m)
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("members", nargs="+", help="ONNX files written by train.py --out")
    ap.add_argument("--out", default=os.path.join(ROOT, "assets", "model", "digits.onnx"))
    ap.add_argument("--fp32", action="store_true", help="keep float32 weights")
    ap.add_argument("--temperature", type=float, default=1.0,
                    help="divide the mean logits by this (calibrate.py finds it)")
    a = ap.parse_args()
    m = join(a.members, fp16=not a.fp32, temperature=a.temperature)
    onnx.save(m, a.out)
    size = os.path.getsize(a.out)
    info = {"ensemble": "mean of member logits", "weights": "float32" if a.fp32 else "float16",
            "temperature": a.temperature, "onnx_bytes": size, "members": []}
    for p in a.members:
        tj = os.path.join(os.path.dirname(p), "training.json")
        if os.path.exists(tj):
            with open(tj) as f:
                info["members"].append(json.load(f))
        else:
            info["members"].append({"onnx": p})
    with open(os.path.join(os.path.dirname(a.out), "training.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(f"{a.out}: {len(a.members)} members, {size} bytes")


if __name__ == "__main__":
    main()
