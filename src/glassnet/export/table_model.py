"""An estimator as a table model, so that the command line can explain, predict and export it.

``glassnet explain --model``, ``predict``, ``evaluate`` and ``export`` read the
model files of ``glassnet train``: a network with its table encoder and its
target. :func:`as_table_model` gives a fitted estimator -- glassnet's, or
scikit-learn's through :func:`glassnet.sklearn.from_sklearn` -- that form: its
features become numeric columns passed through unchanged, its classes the
target's labels.

Examples
--------
>>> import numpy as np
>>> from glassnet.sklearn import MLPClassifier
>>> from glassnet.export import as_table_model
>>> X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
>>> clf = MLPClassifier((3,), solver="lbfgs", random_state=0).fit(X, ["a", "b", "b", "a"])
>>> model = as_table_model(clf, ["left", "right"], target="side")
>>> model.input_columns, model.classes
(['left', 'right'], ['a', 'b'])
"""

from __future__ import annotations

import numpy as np

from .. import activations
from ..layers import Dense
from ..network import Network

__all__ = ["as_table_model"]


def as_table_model(est, feature_names=None, target: str = "target"):
    """A :class:`~glassnet.tabular.TabularModel` predicting what ``est`` predicts.

    Parameters
    ----------
    est : fitted glassnet.sklearn MLPClassifier or MLPRegressor, or scikit-learn's
        One output for a regressor; a classifier of one label (binary or multiclass).
    feature_names : list of str, optional
        The columns, in the order of ``X``'s; default ``est.feature_names_in_``,
        else ``x0, x1, ...``.
    target : str
        The target's name.

    Returns
    -------
    TabularModel
        Its encoder passes each column through (``x' = (x - 0) / 1``, a missing
        value becomes 0); a binary classifier's one sigmoid ``σ(z)`` becomes the
        softmax of ``[0, z]``, which is ``[1 - σ(z), σ(z)]``, so that its
        outputs are one probability per class as a table model's are.
        ``.save(path)`` writes the file the command line reads.

    Raises
    ------
    ValueError
        For a multilabel classifier, a regressor of several outputs, or names
        that do not fit the features.
    """
    import pandas as pd

    from ..tabular.encoder import TableEncoder
    from ..tabular.model import TabularModel

    if type(est).__module__.startswith("sklearn.neural_network"):
        from ..sklearn._convert import from_sklearn

        est = from_sklearn(est)
    net = est.network_  # NotFittedError before fit
    if feature_names is None:
        feature_names = getattr(est, "feature_names_in_", None)
    if feature_names is None:
        feature_names = [f"x{i}" for i in range(net.n_inputs)]
    feature_names = [str(n) for n in feature_names]
    if len(feature_names) != net.n_inputs or len(set(feature_names)) != net.n_inputs:
        raise ValueError(f"feature_names: {net.n_inputs} distinct names are needed, got "
                         f"{feature_names}")
    # Fitted on -1 and 1 in every column: median 0, mean 0, deviation 1, so x' = x.
    encoder = TableEncoder(numeric=feature_names).fit(
        pd.DataFrame({name: [-1.0, 1.0] for name in feature_names}))
    loss = est._loss.name
    if not hasattr(est, "classes_"):
        if net.n_outputs != 1:
            raise ValueError(f"a table model predicts one value; this regressor has "
                             f"{net.n_outputs} outputs")
        spec = {"task": "regression", "name": target, "classes": None}
    else:
        y_type = est._label_binarizer.y_type_
        if y_type == "multilabel-indicator":
            raise ValueError("a table model predicts one label per row; this classifier "
                             "is multilabel")
        if y_type == "binary":
            net, loss = _two_way_softmax(net), "cross_entropy"
        spec = {"task": "classification", "name": target, "classes": est.classes_.tolist()}
    return TabularModel(net, encoder, spec, None, info={"loss": loss})


def _two_way_softmax(net) -> Network:
    """``σ(z)`` as ``softmax([0, z])``: a zero row and a zero bias before the output's own."""
    layers = [Dense(layer.weights.copy(), None if layer.bias is None else layer.bias.copy(),
                    layer.activation) for layer in net.layers]
    top = layers[-1]
    weights = np.vstack([np.zeros_like(top.weights), top.weights])
    bias = None if top.bias is None else np.concatenate([np.zeros_like(top.bias), top.bias])
    layers[-1] = Dense(weights, bias, activations.get("softmax"))
    return Network.from_layers(layers)
