"""The checked, public side of a :class:`~glassnet.Network`: what practitioners call.

:class:`Evaluation` is the part of ``Network`` that checks what it is given and
reports on the trained network -- :meth:`~Evaluation.evaluate`,
:meth:`~Evaluation.predict_proba`, :meth:`~Evaluation.predict_classes`,
:meth:`~Evaluation.summary` -- so that ``network.py`` keeps the math: the
forward and backward loops.

Examples
--------
>>> import glassnet
>>> print(glassnet.Network([4, 8, 3], activation="relu", output_activation="softmax",
...                        dropout=0.5, seed=0).summary())
Network: 4 inputs -> 3 outputs, 67 parameters, float64
layer  shape (out, in)  activation  dropout  parameters
-----  ---------------  ----------  -------  ----------
0      (8, 4)           relu        0.5      40
1      (3, 8)           softmax     0        27
"""

from __future__ import annotations

import numpy as np

from . import losses as _losses
from .fitting import encode_targets, resolve_loss
from .frame_names import by_name
from .keywords import checked_keywords
from .metrics import MetricAccumulator, labels_from_outputs, mean_squared_error, r2_score
from .registry import format_rows

__all__ = ["Evaluation", "Table"]

Array = np.ndarray


class Table(str):
    """A text table that shows as itself at the prompt, not as a quoted string."""

    def __repr__(self) -> str:
        return str(self)


class Evaluation:
    """Input checks at the edge, and the reports on a network; mixed into ``Network``."""

    feature_names_in_ = None  # the columns of the DataFrame fit was given (frame_names)

    # --- input checks at the edge --------------------------------------------

    def check_inputs(self, X, name: str = "X") -> Array:
        """``X`` as an array of the network's dtype and shape (n_samples, n_inputs); a
        DataFrame's columns read by the names fit was given (:func:`~.frame_names.by_name`)."""
        return self.as_inputs(self.named(X, name), name)

    def named(self, X, name: str = "X"):
        """A DataFrame (a Series: one row) in the order of the names fit was given."""
        return by_name(X, self.feature_names_in_, name)

    def as_inputs(self, X, name: str = "X") -> Array:
        """:meth:`check_inputs` of an ``X`` whose columns are in the network's order."""
        if np.iscomplexobj(X):  # the cast would drop the imaginary part without a word
            raise ValueError(f"{name} is complex; glassnet takes real numbers only")
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim != 2 or X.shape[1] != self.n_inputs:
            raise ValueError(
                f"{name} must have shape (n_samples, {self.n_inputs}), got {X.shape}"
            )
        return X

    def check_targets(self, Y, n_samples: int, name: str = "Y") -> Array:
        """``Y`` as an array of shape (n_samples, n_outputs); 1-D for one output."""
        if np.iscomplexobj(Y):
            raise ValueError(f"{name} is complex; glassnet takes real numbers only")
        Y = np.asarray(Y, dtype=self.dtype)
        if Y.ndim == 1 and self.n_outputs == 1:
            Y = Y.reshape(-1, 1)
        if Y.shape != (n_samples, self.n_outputs):
            hint = (f"; for class labels pass integers or strings (one-hot encoded by fit), or "
                    f"glassnet.one_hot(y, {self.n_outputs})" if Y.ndim == 1 else "")
            raise ValueError(
                f"{name} must have shape ({n_samples}, {self.n_outputs}), got {Y.shape}{hint}")
        return Y

    # --- reports ---------------------------------------------------------------

    def loss(self, X, Y, loss="squared_error", reduction: str = "mean",
             sample_weight=None) -> float:
        """The loss of the network's outputs on ``X`` against targets ``Y``."""
        X = self.check_inputs(X)
        Y = self.check_targets(Y, X.shape[0])
        return _losses.get(loss).value(self.forward(X)[0], Y, reduction, sample_weight)

    def predict_proba(self, X) -> Array:
        """Class probabilities: the outputs of a softmax or sigmoid output layer.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Softmax: the outputs, each row summing to 1. One sigmoid output:
            the two columns ``[1 - p, p]`` (classes 0 and 1). Several sigmoid
            outputs: each column's own probability, as they are.

        Raises
        ------
        ValueError
            If the output layer is neither softmax nor sigmoid.
        """
        name = self.output_activation.name
        if name not in ("softmax", "sigmoid"):
            raise ValueError(f"predict_proba needs a softmax or sigmoid output layer; this "
                             f"network's output is {name}, whose values are not probabilities. "
                             "Build it with output_activation='softmax' (one class per row) "
                             "or 'sigmoid' (two classes, or independent labels)")
        P = self.predict(X)
        return np.concatenate([1 - P, P], axis=-1) if self.n_outputs == 1 else P

    def predict_classes(self, X) -> Array:
        """The predicted class of each row, as a label of ``classes`` if fit was given labels.

        Several outputs: the column with the largest output. One output: class
        1 where the output is ≥ 0.5.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        index = labels_from_outputs(self.forward(self.check_inputs(X))[0])
        return index if self.classes is None else self.classes[index]

    @checked_keywords
    def evaluate(self, X, y, *, loss=None, sample_weight=None) -> dict:
        """The loss and the metrics of the network on ``X`` against ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs)
        y : array-like
            Targets, or class labels as :meth:`fit` takes them.
        loss : str or Loss, optional
            By default the loss the last :meth:`fit` trained with, else ``"auto"``.
        sample_weight : array-like of shape (n_samples,), optional
            Weights of the loss (not of the metrics).

        Returns
        -------
        dict
            ``loss`` (the mean over samples), then ``accuracy`` for a
            classifier (labels, or a cross-entropy loss), else
            ``mean_squared_error`` and ``r2``.
        """
        X = self.check_inputs(X)
        Y, classes = encode_targets(self, y, self.classes)
        if loss is None:
            loss = self.training_loss or "auto"
        loss = resolve_loss(self, loss, classes is not None)
        Y = self.check_targets(Y, X.shape[0])
        output = self.forward(X)[0]
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=self.dtype)
        result = {"loss": float(loss.value(output, Y, "mean", weights))}
        if classes is not None or loss.name in ("cross_entropy", "binary_cross_entropy"):
            result["accuracy"] = MetricAccumulator("accuracy", Y).score(output, Y)
        else:
            result["mean_squared_error"] = mean_squared_error(Y, output)
            result["r2"] = r2_score(Y, output)
        return result

    def summary(self) -> Table:
        """The layers as a table: shape, activation, dropout and parameter count.

        Returns
        -------
        Table
            A ``str`` that shows as the table at the prompt; ``print`` it.
        """
        rows = [{"layer": str(i), "shape": str(layer.weights.shape),
                 "activation": layer.activation.name, "dropout": f"{layer.dropout:g}",
                 "parameters": str(sum(p.size for p in layer.parameters().values()))}
                for i, layer in enumerate(self.layers)]
        head = (f"Network: {self.n_inputs} inputs -> {self.n_outputs} outputs, "
                f"{self.n_parameters} parameters, {self.dtype}")
        if self.classes is not None:
            head += f", classes {self.classes.tolist()}"
        table = format_rows(rows, {"layer": "layer", "shape": "shape (out, in)",
                                   "activation": "activation", "dropout": "dropout",
                                   "parameters": "parameters"})
        return Table(f"{head}\n{table}")
