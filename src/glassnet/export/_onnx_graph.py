"""The ONNX graph of a network: a builder of named nodes and constants, and σ(z) as nodes.

Each dense layer is one ``Gemm`` (``Z = A·Wᵀ + b``, ``transB=1``: the weights
keep glassnet's (n_out, n_in) layout), followed by its activation:

* an ONNX operator where one computes glassnet's formula: ``Sigmoid``,
  ``Tanh``, ``Relu``, ``Softsign``, ``Softmax`` (last axis), ``Identity``;
* composed from primitives otherwise: the step ``Cast(z ≥ t)``, softplus as
  ``max(z, 0) + log(1 + e^{-|z|})`` (ONNX Runtime's float64 ``Softplus``
  overflows for z past 710), swish ``z·Sigmoid(z)``, GELU's tanh form
  ``½z(1 + tanh(√(2/π)(z + 0.044715z³)))`` (ONNX's ``Gelu`` only arrives in
  opset 20), and the activations with a
  parameter -- leaky ReLU, ELU, SELU -- as ``Where(z > 0, ...)``: an ONNX
  attribute is a float32, so a float64 model would lose the last digits of its
  slope or α; a tensor constant keeps them; the output link ``exp`` as
  ``Exp(Min(z, cap))``, capped as glassnet caps it.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["Graph", "network_nodes", "ACTIVATIONS", "OPSET"]

OPSET = 18  # every operator used here exists in 18 with these attributes; ONNX Runtime ≥ 1.14
_SELU_ALPHA = 1.6732632423543772  # as glassnet.activations has them
_SELU_SCALE = 1.0507009873554805
_GELU_C = math.sqrt(2 / math.pi)


def _onnx():
    try:
        import onnx
    except ImportError as exc:
        raise ImportError('ONNX export needs the onnx package: pip install "glassnet[onnx]"') \
            from exc
    return onnx


class Graph:
    """The nodes and constants of a graph under construction, each value named once.

    Parameters
    ----------
    dtype : numpy.float32 or numpy.float64
        The network's dtype: constants made by :meth:`const` without a dtype have it.
    """

    def __init__(self, dtype):
        self.onnx = _onnx()
        self.dtype = np.dtype(dtype)
        self.elem = self.onnx.helper.np_dtype_to_tensor_dtype(self.dtype)
        self.nodes, self.initializers, self.domains = [], [], {"": OPSET}
        self._count = 0
        self._scalars = {}

    def name(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, value, hint: str = "const", dtype=None) -> str:
        """A constant tensor (the graph's dtype unless ``dtype`` says otherwise); its name."""
        array = np.asarray(value, dtype=dtype or self.dtype)
        key = (array.item(), array.dtype.str) if array.ndim == 0 else None
        if key in self._scalars:  # one initializer per scalar, however often it is used
            return self._scalars[key]
        name = self.name(hint)
        if key is not None:
            self._scalars[key] = name
        if array.dtype.kind in "OU":  # strings: numpy_helper wants bytes or str objects
            tensor = self.onnx.helper.make_tensor(name, self.onnx.TensorProto.STRING,
                                                  array.shape, [str(v).encode() for v in
                                                                array.ravel()])
        else:
            tensor = self.onnx.numpy_helper.from_array(array, name)
        self.initializers.append(tensor)
        return name

    def op(self, op_type: str, *inputs: str, hint: str | None = None, domain: str = "",
           **attributes) -> str:
        """Add one node of ``op_type`` on ``inputs``; the name of its one output."""
        output = self.name(hint or op_type.lower())
        self.nodes.append(self.onnx.helper.make_node(op_type, list(inputs), [output],
                                                     name=output, domain=domain, **attributes))
        return output

    def model(self, inputs, outputs, doc: str = "", name: str = "glassnet"):
        """The finished, checked :class:`onnx.ModelProto`."""
        onnx = self.onnx
        graph = onnx.helper.make_graph(self.nodes, name, inputs, outputs, self.initializers,
                                       doc_string=doc)
        model = onnx.helper.make_model(
            graph, producer_name="glassnet",
            opset_imports=[onnx.helper.make_opsetid(d, v) for d, v in self.domains.items()])
        model.ir_version = min(model.ir_version, 9)  # IR 9 (18 needs 8): older runtimes read it
        onnx.checker.check_model(model, full_check=True)
        return model


# --- the activations: σ(z) as nodes, each beside glassnet's formula -----------------------------

def _where_positive(g: Graph, z: str, positive: str, negative: str) -> str:
    return g.op("Where", g.op("Greater", z, g.const(0.0)), positive, negative)


def _exp_minus_one(g: Graph, z: str, alpha: float) -> str:
    """α(e^min(z, 0) - 1): the negative branch of ELU, never overflowing for z ≫ 0."""
    e = g.op("Exp", g.op("Min", z, g.const(0.0)))
    return g.op("Mul", g.const(alpha), g.op("Sub", e, g.const(1.0)))


def _step(g, z, threshold=0.0):
    return g.op("Cast", g.op("GreaterOrEqual", z, g.const(threshold)), to=g.elem)


def _leaky_relu(g, z, slope=0.01):
    return _where_positive(g, z, z, g.op("Mul", z, g.const(slope)))


def _elu(g, z, alpha=1.0):
    return _where_positive(g, z, z, _exp_minus_one(g, z, alpha))


def _selu(g, z):
    return g.op("Mul", g.const(_SELU_SCALE), _elu(g, z, _SELU_ALPHA))


def _softplus(g, z):
    # ONNX's Softplus is log(e^z + 1), and ONNX Runtime's float64 kernel computes just that:
    # inf past z ≈ 710. glassnet's max(z, 0) + log(1 + e^{-|z|}) never overflows.
    e = g.op("Exp", g.op("Neg", g.op("Abs", z)))
    return g.op("Add", g.op("Max", z, g.const(0.0)), g.op("Log", g.op("Add", g.const(1.0), e)))


def _swish(g, z):
    return g.op("Mul", z, g.op("Sigmoid", z))


def _gelu(g, z):
    cube = g.op("Mul", g.op("Mul", z, z), z)
    u = g.op("Mul", g.const(_GELU_C), g.op("Add", z, g.op("Mul", g.const(0.044715), cube)))
    one_plus = g.op("Add", g.const(1.0), g.op("Tanh", u))
    return g.op("Mul", g.op("Mul", g.const(0.5), z), one_plus)


def _exp(g, z):
    # As glassnet: z capped one float below log(largest float), so e^z stays finite.
    cap = np.nextafter(np.log(np.finfo(g.dtype).max), g.dtype.type(0))
    return g.op("Exp", g.op("Min", z, g.const(cap)))


def _operator(op_type, **attributes):
    return lambda g, z: g.op(op_type, z, **attributes)


ACTIVATIONS = {
    "step": _step, "identity": _operator("Identity"), "sigmoid": _operator("Sigmoid"),
    "tanh": _operator("Tanh"), "relu": _operator("Relu"), "leaky_relu": _leaky_relu,
    "elu": _elu, "selu": _selu, "softplus": _softplus,
    "softsign": _operator("Softsign"), "swish": _swish, "gelu": _gelu,
    "softmax": _operator("Softmax", axis=-1), "exp": _exp,
}


def network_nodes(g: Graph, net, x: str) -> str:
    """The nodes of ``net``'s forward pass on the value ``x``; the name of the output ``A^[L]``.

    ``Z^[l] = A^[l-1]·W^[l]ᵀ + b^[l]`` (one ``Gemm``), ``A^[l] = σ(Z^[l])``.
    """
    a = x
    for i, layer in enumerate(net.layers):
        weights = g.const(layer.weights, f"layers.{i}.weights")
        inputs = [a, weights] + ([] if layer.bias is None else
                                 [g.const(layer.bias, f"layers.{i}.bias")])
        z = g.op("Gemm", *inputs, hint=f"layers.{i}.z", transB=1)
        act = layer.activation
        if act.name not in ACTIVATIONS:
            raise ValueError(f"layer {i}: activation {act.name!r} has no ONNX translation; "
                             f"those that have one: {', '.join(ACTIVATIONS)}")
        a = ACTIVATIONS[act.name](g, z, **act.params)
    return a
