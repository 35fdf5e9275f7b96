"""Writes a digit model that is sure and wrong: it reads every box as a 7 with p ~ 1.

The test fixture `crates/pleno-app/tests/fixtures/sure-and-wrong.onnx`: a valid ONNX model
with the shipped model's contract (input [N, 1, 28, 28], 12 logits, a dense last layer whose
input is the box embedding) that `pleno model install` must refuse, because at the office's
gate it would pass wrong digits unseen.

    python3 tools/digits/sure_and_wrong.py crates/pleno-app/tests/fixtures/sure-and-wrong.onnx

With a second argument, the number of classes: `... ten-classes.onnx 10` writes the fixture of
a model that loads but does not give Pleno's 12 classes, which must be refused as no model.

Needs only the `onnx` package (pip install onnx==1.17.0).
"""

import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main(out: str, classes: int = 12) -> None:
    weights = np.zeros((classes, 784), dtype=np.float32)
    bias = np.zeros(classes, dtype=np.float32)
    bias[7] = 20.0
    graph = helper.make_graph(
        [
            helper.make_node("Flatten", ["input"], ["flat"], axis=1),
            helper.make_node("Gemm", ["flat", "w", "b"], ["logits"], transB=1),
        ],
        "sure_and_wrong",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 1, 28, 28])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", classes])],
        initializer=[numpy_helper.from_array(weights, "w"), numpy_helper.from_array(bias, "b")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, out)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 12)
