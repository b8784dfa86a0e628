"""What surrounds the network in an exported graph: raw table columns in, class labels out.

A table model's encoder (:class:`~glassnet.tabular.TableEncoder`) becomes ONNX
operators, one block per column in the encoder's order, concatenated into the
network's input exactly as ``TableEncoder.transform`` lays it out:

* numeric: ``x' = (Where(IsNaN(x) ∨ IsInf(x), median, x) - mean) / scale``, and
  ``Cast(missing)`` as the ``name.missing`` column when training had missing cells;
* categorical: an ``ai.onnx.ml`` ``LabelEncoder`` maps each text to its one-hot
  position (an infrequent or unseen text to ``(other)``, or to none; a missing
  text -- empty, ``NA``, ``?``... -- to ``(missing)``), then
  ``Cast(Equal(position, [0, 1, ..., k-1]))`` is the one-hot block; its target
  means, where learned, a second ``LabelEncoder`` to a row of their table and a
  ``Gather`` of it;
* boolean: a ``LabelEncoder`` from the text, in any case, to 1/0 (-1 when
  missing or unseen), the training mode where -1, and the missing indicator.

The numbers are computed in float64, as the encoder does, and cast to the
network's dtype. Date columns are refused: parsing dates is not an ONNX operator.
"""

from __future__ import annotations

import numpy as np

from ..network import Network
from ._onnx_ensemble import mean_of, recipe_inputs
from ._onnx_graph import Graph, network_nodes

__all__ = ["build", "onnx_inputs"]

_ML = "ai.onnx.ml"


def build(model, dtype, name):
    """The ModelProto for :func:`glassnet.export.to_onnx` (see there)."""
    from ..tabular.ensemble import TableEnsemble
    from ..tabular.model import TabularModel

    if _is_sklearn_mlp(model):
        from ..sklearn._convert import from_sklearn

        model = from_sklearn(model)
    if isinstance(model, Network):
        return _network(model, dtype, name)
    if isinstance(model, (TabularModel, TableEnsemble)):
        return _table(model, dtype, name)
    if type(model).__module__.startswith("glassnet.sklearn"):
        return _estimator(model, dtype, name)
    raise TypeError(f"to_onnx exports a glassnet Network, TabularModel, TableEnsemble or "
                    f"MLPClassifier/"
                    f"MLPRegressor (or scikit-learn's), not a {type(model).__name__}")


def _is_sklearn_mlp(model) -> bool:
    return type(model).__module__.startswith("sklearn.neural_network")


def _cast(net, dtype) -> Network:
    dtype = np.dtype(dtype or net.dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    if dtype == net.dtype:
        return net
    from ..layers import Dense

    return Network.from_layers([
        Dense(layer.weights.astype(dtype), None if layer.bias is None else
              layer.bias.astype(dtype), layer.activation) for layer in net.layers])


def _info(g: Graph, name: str, elem, shape):
    return g.onnx.helper.make_tensor_value_info(name, elem, shape)


def _network(net, dtype, name):
    labels = getattr(net, "classes", None)  # the labels fit was given, if any
    net = _cast(net, dtype)
    g = Graph(net.dtype)
    out = network_nodes(g, net, "input")
    _rename(g, out, "output")
    outputs = [_info(g, "output", g.elem, ["n", net.n_outputs])]
    if labels is not None:  # as predict_classes: output ≥ 0.5 for one output, else argmax
        classes, elem = _labels(g, labels)
        if net.n_outputs == 1:
            flat = g.op("Reshape", out, g.const([-1], dtype=np.int64))
            index = g.op("Cast", g.op("GreaterOrEqual", flat, g.const(0.5)),
                         to=g.onnx.TensorProto.INT64)
        else:
            index = g.op("ArgMax", out, axis=1, keepdims=0)
        _rename(g, g.op("Gather", classes, index), "label")
        outputs.append(_info(g, "label", elem, ["n"]))
    return g.model([_info(g, "input", g.elem, ["n", net.n_inputs])], outputs,
                   doc=f"glassnet {net!r}", name=name)


def _rename(g: Graph, value: str, final: str) -> None:
    """Give the node that makes ``value`` the graph output's name ``final``."""
    g.op("Identity", value)
    g.nodes[-1].output[0] = final


def _labels(g: Graph, classes) -> tuple[str, int]:
    """The class labels as a constant, and its ONNX element type."""
    classes = np.asarray(classes)
    if classes.dtype.kind in "iu":
        array, elem = classes.astype(np.int64), g.onnx.TensorProto.INT64
    elif classes.dtype.kind == "b":
        array, elem = classes.astype(bool), g.onnx.TensorProto.BOOL
    elif classes.dtype.kind == "f":
        array, elem = classes.astype(np.float64), g.onnx.TensorProto.DOUBLE
    else:
        array, elem = np.array([str(c) for c in classes], dtype=object), g.onnx.TensorProto.STRING
    return g.const(array, "classes", dtype=array.dtype), elem


def _estimator(est, dtype, name):
    net = _cast(est.network_, dtype)
    g = Graph(net.dtype)
    out = network_nodes(g, net, "input")
    n_out = net.n_outputs
    inputs = [_info(g, "input", g.elem, ["n", net.n_inputs])]
    if not hasattr(est, "classes_"):  # a regressor: predict's shape, (n,) for one output
        if n_out == 1:
            out = g.op("Reshape", out, g.const([-1], dtype=np.int64))
        _rename(g, out, "predictions")
        shape = ["n"] if n_out == 1 else ["n", n_out]
        return g.model(inputs, [_info(g, "predictions", g.elem, shape)], name=name)
    y_type = est._label_binarizer.y_type_
    if y_type == "multilabel-indicator":  # one sigmoid per label: the indicator matrix
        label = g.op("Cast", g.op("Greater", out, g.const(0.5)), to=g.onnx.TensorProto.INT64)
        label_info = _info(g, "label", g.onnx.TensorProto.INT64, ["n", n_out])
        probabilities = out
    else:
        classes, elem = _labels(g, est.classes_)
        if y_type == "binary":  # one sigmoid: p of the second class, as LabelBinarizer reads it
            p = g.op("Reshape", out, g.const([-1], dtype=np.int64))
            index = g.op("Cast", g.op("Greater", p, g.const(0.5)), to=g.onnx.TensorProto.INT64)
            probabilities = g.op("Concat", g.op("Sub", g.const(1.0), out), out, axis=1)
        else:
            index = g.op("ArgMax", out, axis=1, keepdims=0)
            probabilities = out
        label = g.op("Gather", classes, index)
        label_info = _info(g, "label", elem, ["n"])
    _rename(g, label, "label")
    _rename(g, probabilities, "probabilities")
    n_columns = 2 if y_type == "binary" else n_out
    return g.model(inputs, [label_info, _info(g, "probabilities", g.elem, ["n", n_columns])],
                   name=name)


# --- a table model: raw columns → encoded inputs → network → labels or values ------------------

def _table(model, dtype, name):
    # One network, or an ensemble's members (clipping, bins and their mean: _onnx_ensemble).
    nets = [_cast(net, dtype) for net in getattr(model, "networks", None) or [model.network]]
    g = Graph(nets[0].dtype)
    inputs, blocks = [], []
    from ..tabular.errors import option
    from ..tabular.read import NA_TOKENS

    # The texts read as missing: read_table's, less the model's --keep-na, plus its --na.
    remembered = (getattr(model, "info", None) or {}).get("training") or {}
    keep = {str(t).strip().lower() for t in remembered.get("keep_na", ())}
    missing = [v for t in NA_TOKENS for v in (t, t.lower(), t.upper(), t.title())
               if t.lower() not in keep] + [str(t).strip() for t in remembered.get("na", ())]
    for col in model.encoder.columns_:
        if col["kind"] == "datetime":
            raise ValueError(f"column {col['name']!r} holds dates, which an ONNX graph cannot "
                             f"parse; train without it ({option('drop', [col['name']])}) to "
                             "export the model")
        if col["kind"] == "choices":
            raise ValueError(f"column {col['name']!r} holds lists of choices, which this ONNX "
                             f"export does not split; train with "
                             f"{option('categorical', [col['name']])} (one input per "
                             "combination) or without it to export the model")
        numeric = col["kind"] == "numeric"
        elem = g.onnx.TensorProto.DOUBLE if numeric else g.onnx.TensorProto.STRING
        inputs.append(_info(g, col["name"], elem, ["n", 1]))
        blocks += _COLUMNS[col["kind"]](g, col["name"], col, missing)
    x = g.op("Concat", *blocks, axis=1, hint="encoded") if len(blocks) > 1 else blocks[0]
    if g.dtype != np.float64:
        x = g.op("Cast", x, to=g.elem)
    x = recipe_inputs(g, model, x)
    outs = [network_nodes(g, net, x) for net in nets]
    if model.task == "classification":
        out = mean_of(g, outs, g.dtype)
        temperature = getattr(model, "temperature", 1.0)
        if temperature != 1.0:  # softmax(log p̄ / T), as TableEnsemble.outputs_of
            tiny = g.const(float(np.finfo(g.dtype).tiny), dtype=g.dtype)
            out = g.op("Softmax", g.op("Div", g.op("Log", g.op("Max", out, tiny)),
                                       g.const(float(temperature), dtype=g.dtype)), axis=1,
                       hint="calibrated")
        classes, elem = _labels(g, _decoded_classes(model.classes))
        _rename(g, g.op("Gather", classes, g.op("ArgMax", out, axis=1, keepdims=0)), "label")
        _rename(g, out, "probabilities")
        outputs = [_info(g, "label", elem, ["n"]),
                   _info(g, "probabilities", g.elem, ["n", nets[0].n_outputs])]
    else:
        values = [g.op("Cast", out, to=g.onnx.TensorProto.DOUBLE) for out in outs]
        if model.target_scaler is not None:  # outputs back in the target's units
            scaler = model.target_scaler
            values = [g.op("Add", g.op("Mul", value, g.const(scaler.scale_, dtype=np.float64)),
                           g.const(scaler.mean_, dtype=np.float64)) for value in values]
        value = mean_of(g, values, np.float64)
        lowest, highest = model.target.get("range") or (None, None)  # as within_sign bounds it
        if lowest is not None and (lowest >= 0 or highest <= 0):
            value = g.op("Max" if lowest >= 0 else "Min", value, g.const(0.0, dtype=np.float64))
        first = g.op("Slice", value, *(g.const([v], dtype=np.int64) for v in (0, 1, 1)))
        _rename(g, g.op("Reshape", first, g.const([-1], dtype=np.int64)), "predictions")
        outputs = [_info(g, "predictions", g.onnx.TensorProto.DOUBLE, ["n"])]
    what = f"ensemble of {len(nets)} networks" if len(nets) > 1 else "table model"
    return g.model(inputs, outputs, name=name,
                   doc=f"glassnet {what}: {model.task} of {model.target_name!r}")


def _decoded_classes(classes):
    """The labels as :func:`~glassnet.tabular.target.decode_outputs` gives them."""
    from ..tabular.target import decode_outputs

    return decode_outputs(np.arange(len(classes)), "classification", classes)


def _numeric(g: Graph, x: str, col, missing=None) -> list[str]:
    from ..tabular.kinds import FAR

    double = np.float64
    mean, scale = (g.const(col[k], dtype=double) for k in ("mean", "scale"))
    unread = g.op("Or", g.op("IsNaN", x), g.op("IsInf", x))
    # As the encoder: a batch holding a number beyond 1e300 (or a mean beyond it) is
    # standardized as x/s - mean/s, where x - mean could overflow.
    if abs(col["mean"]) > 1e300:
        huge = g.const(True, dtype=bool)
    else:
        size = g.op("Where", unread, g.const(0.0, dtype=double), g.op("Abs", x))
        sizes = g.op("Concat", g.op("Reshape", size, g.const([-1], dtype=np.int64)),
                     g.const([0.0], dtype=double), axis=0)  # (an empty batch: 0)
        huge = g.op("Greater", g.op("ReduceMax", sizes, keepdims=0),
                    g.const(1e300, dtype=double))
    shifted = g.const(col["mean"] / col["scale"], dtype=double)

    def standard(v, hint=None):
        return g.op("Where", huge, g.op("Sub", g.op("Div", v, scale), shifted),
                    g.op("Div", g.op("Sub", v, mean), scale), hint=hint)

    # A cell FAR standard deviations from the mean is missing, as the encoder reads it.
    far = g.op("Greater", g.op("Abs", standard(x)), g.const(FAR, dtype=double))
    missing = g.op("Or", unread, far)
    filled = g.op("Where", missing, g.const(col["median"], dtype=double), x)
    scaled = standard(filled, hint=col["name"])
    indicator = [g.op("Cast", missing, to=g.onnx.TensorProto.DOUBLE)] if col["indicator"] else []
    return [scaled, *indicator]


def _label_encoder(g: Graph, x: str, table: dict, default: int) -> str:
    g.domains[_ML] = 2
    return g.op("LabelEncoder", x, domain=_ML, keys_strings=list(table),
                values_int64s=[int(v) for v in table.values()], default_int64=default)


def _categorical(g: Graph, x: str, col, missing=None) -> list[str]:
    from ..tabular.class_names import spelled  # ("automatic": "Automatic"'s place)

    cats = col["categories"]
    other = len(cats) if col["other"] else -1
    position = len(cats) + col["other"] if col["missing"] else other
    # The texts read_table takes for missing (in the case variants it accepts), or those
    # the model was trained with (--na, --keep-na).
    if missing is None:
        from ..tabular.read import NA_TOKENS

        missing = [v for t in NA_TOKENS for v in (t, t.lower(), t.upper(), t.title())]
    missing = list(dict.fromkeys(missing))
    na = dict.fromkeys(missing, position)
    table = na | spelled(dict.fromkeys(col["infrequent"], other)
                         | {c: i for i, c in enumerate(cats)}, col)
    position = _label_encoder(g, x, table, other)  # an unseen text: (other), or none
    width = len(cats) + col["other"] + col["missing"]
    one_hot = g.op("Equal", position, g.const(np.arange(width), dtype=np.int64))
    blocks = [g.op("Cast", one_hot, to=g.onnx.TensorProto.DOUBLE, hint=col["name"])]
    if "target_means" in col:
        blocks.append(_target_means(g, x, col, missing))
    return blocks


def _target_means(g: Graph, x: str, col, missing) -> str:
    """The column's target means: a LabelEncoder to the value's row of a table (the
    values', then the prior for an unseen text, then missing cells'), and a Gather of it."""
    from ..tabular.class_names import spelled

    means, keys = col["target_means"], col["categories"] + col["infrequent"]
    table = dict.fromkeys(missing, len(keys) + 1) | spelled({k: i for i, k in enumerate(keys)},
                                                            col)
    row = g.op("Reshape", _label_encoder(g, x, table, len(keys)),
               g.const(np.array([-1]), dtype=np.int64))
    values = np.array([*means["values"], means["prior"], means["missing"]], dtype=np.float64)
    return g.op("Gather", g.const(values, dtype=np.float64), row, axis=0,
                hint=f"{col['name']}.target_means")


def _boolean(g: Graph, x: str, col, missing=None) -> list[str]:
    # The encoder lower-cases the text first. ONNX's StringNormalizer would too, but ONNX
    # Runtime's needs an installed en_US.UTF-8 locale; every case variant of the few
    # keys (true, yes, 1, ...) needs nothing.
    from ..tabular.kinds import _truth  # the encoder's own table of yes and no

    table = {variant: value for key, value in _truth(col["true"], col["false"]).items()
             for variant in _case_variants(key)}
    found = _label_encoder(g, x, table, -1)
    missing = g.op("Less", found, g.const(0, dtype=np.int64))
    value = g.op("Where", missing, g.const(col["mode"], dtype=np.int64), found)
    blocks = [g.op("Cast", value, to=g.onnx.TensorProto.DOUBLE, hint=col["name"])]
    if col["indicator"]:
        blocks.append(g.op("Cast", missing, to=g.onnx.TensorProto.DOUBLE))
    return blocks


def _case_variants(key: str) -> list[str]:
    """Every text whose lower case is ``key`` (upper, lower and title only past 8 letters)."""
    if len(key) > 8:
        return list(dict.fromkeys([key, key.upper(), key.title()]))
    variants = [""]
    for c in key:
        variants = [v + x for v in variants for x in dict.fromkeys((c, c.upper()))]
    return variants


_COLUMNS = {"numeric": _numeric, "categorical": _categorical, "boolean": _boolean}


def onnx_inputs(model, frame) -> dict[str, np.ndarray]:
    """A DataFrame's raw columns as the feeds of a table model's ONNX graph.

    Parameters
    ----------
    model : TabularModel
    frame : pandas.DataFrame
        Raw rows, as :func:`~glassnet.tabular.read_table` reads them.

    Returns
    -------
    dict
        Per column the model reads, an array of shape (n_rows, 1): float64 for a
        numeric column (NaN where missing or not a number), and for a categorical
        or boolean one the text glassnet keys each value by (stripped; whole
        numbers without ``.0``; ``""`` where missing).

    Raises
    ------
    DataError
        If a column the model reads is absent.
    """
    from ..tabular.kinds import ANY_UNIT, numbers_in
    from ..tabular.read import DataError, source_path
    from ..tabular.values import distinct_values, value_keys

    absent = [c for c in model.input_columns if c not in frame.columns]
    if absent:
        raise DataError(f"{source_path(frame)}: missing columns the model needs: "
                        f"{', '.join(absent)}")
    feeds = {}
    for col in model.encoder.columns_:
        s = frame[col["name"]]
        if col["kind"] == "numeric":
            # as glassnet reads the cells: "$24,320", "165 lb" in kg (the graph takes numbers)
            v = numbers_in(s, col.get("unit", ANY_UNIT), col.get("clock"))[0]
            feeds[col["name"]] = v.reshape(-1, 1)
            continue
        codes, uniques = distinct_values(s)
        texts = np.array(value_keys(uniques) + [""], dtype=object)
        feeds[col["name"]] = texts[codes].reshape(-1, 1)
    return feeds
