"""A model as an ONNX graph, built with the ``onnx`` package's helper API.

The network's layers and activations are :mod:`~glassnet.export._onnx_graph`'s
(a ``Gemm`` and σ(z) per layer, every activation of glassnet); what surrounds
them -- a table model's raw columns, an estimator's class labels -- is
:mod:`~glassnet.export._onnx_table`'s. Needs ``onnx``
(``pip install "glassnet[onnx]"``); ONNX Runtime runs what it writes.

Examples
--------
>>> import glassnet
>>> from glassnet.export import to_onnx
>>> net = glassnet.Network([3, 4, 2], activation="gelu", output_activation="softmax", seed=0)
>>> model = to_onnx(net)
>>> [i.name for i in model.graph.input], [o.name for o in model.graph.output]
(['input'], ['output'])
"""

from __future__ import annotations

import os
from pathlib import Path

from ._onnx_graph import OPSET
from ._onnx_table import build

__all__ = ["to_onnx", "save_onnx", "OPSET"]


def to_onnx(model, *, dtype=None, name: str = "glassnet"):
    """An ONNX model that computes what ``model`` predicts.

    Parameters
    ----------
    model : Network, TabularModel, TableEnsemble, glassnet.sklearn estimator, or a fitted
        scikit-learn MLP
        * a :class:`~glassnet.Network`: input ``input`` of shape (n, n_inputs),
          output ``output`` of shape (n, n_outputs), ``A^[L]``, and ``label`` (n,)
          as ``predict_classes`` gives it when ``fit`` was given class labels;
        * a :class:`~glassnet.tabular.TabularModel` (what ``glassnet train``
          saves): one input per raw column it reads, named as the column, of shape
          (n, 1) -- float64 for numbers (NaN is missing), strings for categories
          and booleans, missing where empty or a text ``read_table`` takes for
          missing (``NA``, ``?``, ``null``...) -- through the encoder's median
          filling, standardization and one-hot, to ``label`` (n,) and
          ``probabilities`` (n, n_classes) for a classification, ``predictions``
          (n,) in the target's units for a regression;
        * a :class:`~glassnet.tabular.TableEnsemble` (``glassnet train``'s default
          ``best`` preset, and ``fast``): the same inputs and outputs, and
          between them the recipe's smooth clipping
          ``x / √(1 + (x/c)²)``, its piecewise-linear bins and the mean of the
          networks' outputs;
        * an ``MLPClassifier`` or ``MLPRegressor`` of :mod:`glassnet.sklearn` (or of
          scikit-learn, converted by :func:`glassnet.sklearn.from_sklearn`): input
          ``input`` (n, n_features) to ``label`` and ``probabilities`` as its
          ``predict`` and ``predict_proba`` give them, or ``predictions``
          (n, n_outputs).
    dtype : numpy.float32 or numpy.float64, optional
        The graph's floating-point type (default: the network's); the weights are
        cast to it.
    name : str
        The graph's name.

    Returns
    -------
    onnx.ModelProto
        Checked by ``onnx.checker.check_model(full_check=True)``; opset :data:`OPSET`
        (and ``ai.onnx.ml`` 2 for a table model's categories).

    Raises
    ------
    ImportError
        Without the onnx package.
    ValueError
        For what the graph cannot express (a date column of a table model).
    TypeError
        For an object that is none of the above.
    """
    return build(model, dtype, name)


def save_onnx(model, path, **options) -> Path:
    """Write :func:`to_onnx` ``(model, **options)`` to ``path`` atomically; returns the path."""
    from ..files.atomic import atomic_write

    proto = to_onnx(model, **options)
    data = proto.SerializeToString()
    return atomic_write(Path(os.fspath(path)), lambda f: f.write(data))
