"""Every figure of a table model by name: what ``glassnet plot`` and the report draw."""

from __future__ import annotations

import numpy as np

__all__ = ["FIGURES", "NEEDS_DATA", "model_figure"]

FIGURES = ("network", "history", "decision", "activations", "confusion", "importance",
           "residuals")
NEEDS_DATA = ("decision", "confusion", "importance", "residuals")
_CLASSIFIER_ONLY = ("decision", "confusion")


def model_figure(what: str, model=None, evaluation=None, *, x=None, features=None,
                 normalize=None, n_repeats: int = 5, seed: int = 0):
    """One figure of a :class:`~glassnet.tabular.TabularModel`, with its feature and class names.

    Parameters
    ----------
    what : {"network", "history", "decision", "activations", "confusion", "importance", "residuals"}
    model : TabularModel
        Not needed for ``activations`` (then every activation is drawn; with
        a model, the ones its layers use).
    evaluation : Evaluation, optional
        The model on a table with targets (:func:`~.evaluate.evaluate_table`);
        needed for decision, confusion, importance and residuals.
    x : array-like of shape (n_inputs,), optional
        For ``network``: an encoded row whose z and a are shown.
    features : (str, str), optional
        For ``decision``: the two inputs of the plane, by name.
    normalize : {None, "true", "pred", "all"}
        For ``confusion``.
    n_repeats, seed : int
        For ``importance``: shuffles per column, and their seed.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        For an unknown figure, a figure that needs data without it, or a
        classifier's figure asked of a regression (and the other way round).
    """
    from .. import plot

    if what not in FIGURES:
        raise ValueError(f"unknown figure {what!r}; choose one of {', '.join(FIGURES)}")
    if what == "activations":  # a model's own activations, or all of them
        # An ensemble's networks share one architecture: the first one's activations.
        net = None if model is None else (getattr(model, "networks", None) or [model.network])[0]
        used = [] if net is None else [layer.activation.name for layer in net.layers]
        return plot.plot_activations(list(dict.fromkeys(used)) or None)
    if model is None:
        raise ValueError(f"the {what} figure needs a model")
    if what in NEEDS_DATA and evaluation is None:
        raise ValueError(f"the {what} figure needs data with the target column "
                         f"{model.target_name!r}")
    if what in _CLASSIFIER_ONLY and model.task != "classification":
        raise ValueError(f"the {what} figure is for classifiers; this model is a regression "
                         "(try residuals)")
    if what == "residuals" and model.task != "regression":
        raise ValueError("the residuals figure is for regressions; this model is a classifier "
                         "(try confusion)")
    if what == "network":
        outputs = [str(c) for c in model.classes] if model.classes else [model.target_name]
        return plot.plot_network(model.network, x=x, input_names=model.feature_names,
                                 output_names=outputs)
    if what == "history":
        history = model.info.get("history")
        if not isinstance(history, dict) or not history.get("loss"):
            raise ValueError("the model file holds no training history to plot")
        return plot.plot_history(history)
    classes = [str(c) for c in model.classes] if model.classes else None
    if what == "decision":
        numeric = {c["name"] for c in model.encoder.columns_ if c.get("kind") == "numeric"}
        names = [f"{n} (standardized)" if n in numeric else n for n in model.feature_names]
        if features is not None:  # by the names the user knows
            features = [model.feature_names.index(f) if f in model.feature_names else f
                        for f in features]
        # One network's outputs become classes by argmax; an ensemble's view predicts names.
        return plot.plot_decision_boundary(getattr(model, "network", model), evaluation.X,
                                           evaluation.y_true,
                                           features=features, classes=classes,
                                           feature_names=names)
    if what == "confusion":
        return plot.plot_confusion_matrix(evaluation.y_true, evaluation.y_pred,
                                          classes=classes, normalize=normalize)
    if what == "residuals":
        return plot.plot_residuals(evaluation.y_true, evaluation.y_pred,
                                   target_name=model.target_name)
    from .evaluate import column_groups

    result = plot.permutation_importance(model.outputs_of, evaluation.X, None,
                                         lambda outputs, _: evaluation.score(outputs),
                                         groups=column_groups(model), n_repeats=n_repeats,
                                         rng=np.random.default_rng(seed))
    return plot.plot_importance(result, score_name="accuracy" if classes else "R²")
