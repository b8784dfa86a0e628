"""Every figure of a table model by name: what ``glassnet plot`` and the report draw."""

from __future__ import annotations

import numpy as np

__all__ = ["FIGURES", "NEEDS_DATA", "model_figure", "member_caption"]

FIGURES = ("network", "history", "decision", "activations", "confusion", "importance",
           "residuals")
NEEDS_DATA = ("decision", "confusion", "importance", "residuals")
IMPORTANCE_ROWS = 20_000  # importance scores at most so many rows, drawn at random
_CLASSIFIER_ONLY = ("decision", "confusion")


def model_figure(what: str, model=None, evaluation=None, *, x=None, features=None,
                 normalize=None, n_repeats: int = 5, seed: int = 0, member: int = 1):
    """One figure of a table model, with its feature and class names.

    Parameters
    ----------
    what : {"network", "history", "decision", "activations", "confusion", "importance", "residuals"}
    model : TabularModel or TableEnsemble
        What ``glassnet train`` or :func:`~glassnet.tabular.fit_table` made. Not
        needed for ``activations`` (then every activation is drawn; with a
        model, the ones its layers use). Of an ensemble, ``network`` and
        ``history`` draw one network (``member``); the figures drawn from
        scored rows take the whole ensemble, its inputs the encoded columns.
    evaluation : Evaluation, optional
        The model on a table with targets (:func:`~.evaluate.evaluate_table`);
        needed for decision, confusion, importance and residuals.
    x : array-like of shape (n_inputs,), optional
        For ``network``: an input row of the network drawn, whose z and a are
        shown (an ensemble member's inputs are the encoded row and its bins:
        ``model.binned(model.clipped(model.encoder.transform(frame)))``).
    features : (str, str), optional
        For ``decision``: the two inputs of the plane, by name.
    normalize : {None, "true", "pred", "all"}
        For ``confusion``.
    n_repeats, seed : int
        For ``importance``: shuffles per column, and their seed (which also draws the
        :data:`IMPORTANCE_ROWS` rows scored, of a larger evaluation).
    member : int
        For ``network`` and ``history`` of an ensemble: which of its networks,
        from 1.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        For an unknown figure, a figure that needs data without it, a
        classifier's figure asked of a regression (and the other way round), a
        ``member`` the model does not have, a model with no history, or an
        evaluation with another number of inputs than the model's encoder.
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
    if what in ("network", "history"):
        return _one_network(what, model, x, member)
    from .evaluate import encoded_view

    model = encoded_view(model)  # an ensemble: its encoded columns in, as the rows were scored
    if evaluation is not None and evaluation.X.shape[1] != len(model.feature_names):
        raise ValueError(f"the evaluation has {evaluation.X.shape[1]} inputs a row, the model "
                         f"{len(model.feature_names)}: score it with evaluate_table(model, "
                         "frame)")
    classes = [str(c) for c in model.classes] if model.classes else None
    if what == "decision":
        numeric = {c["name"] for c in model.encoder.columns_ if c.get("kind") == "numeric"}
        names = [f"{n} (standardized)" if n in numeric else n for n in model.feature_names]
        if features is not None:  # by the names the user knows
            features = [model.feature_names.index(f) if f in model.feature_names else f
                        for f in features]
        # One network's outputs become classes by argmax; an ensemble's view predicts the
        # labels themselves, so the points are given as labels too, in the classes' order
        # (class 1 of labels 1, 2, 3 is no index).
        labels = np.empty(len(model.classes), dtype=object)
        labels[:] = model.classes
        return plot.plot_decision_boundary(getattr(model, "network", model), evaluation.X,
                                           labels[evaluation.y_true], features=features,
                                           classes=list(model.classes), feature_names=names)
    if what == "confusion":
        return plot.plot_confusion_matrix(evaluation.y_true, evaluation.y_pred,
                                          classes=classes, normalize=normalize)
    if what == "residuals":
        return plot.plot_residuals(evaluation.y_true, evaluation.y_pred,
                                   target_name=model.target_name)
    from .evaluate import column_groups

    rng, n = np.random.default_rng(seed), len(evaluation.X)
    # Each shuffle scores every row again: on 250,000 rows and 19 columns, 2 minutes
    # (trial 29). Rows drawn at random say the same, as scikit-learn's max_samples does.
    rows = np.sort(rng.choice(n, IMPORTANCE_ROWS, replace=False)) if n > IMPORTANCE_ROWS \
        else None
    X = evaluation.X if rows is None else evaluation.X[rows]
    state = rng.bit_generator.state  # (the same shuffles, should log loss be needed)
    result = plot.permutation_importance(
        model.outputs_of, X, None, lambda outputs, _: evaluation.score(outputs, rows),
        groups=column_groups(model), n_repeats=n_repeats, rng=rng)
    loss = classes is not None and not np.any(result["mean"]) and not np.any(result["std"])
    if loss:  # a model that answers one class for every row: no accuracy can move (trial 35)
        rng.bit_generator.state = state
        result = plot.permutation_importance(
            model.outputs_of, X, None, lambda outputs, _: evaluation.score(outputs, rows, True),
            groups=column_groups(model), n_repeats=n_repeats, rng=rng)
        result["why"] = "no shuffle moved the accuracy (every row kept its class): log loss"
    if rows is not None:
        result["rows"] = (len(rows), n)
    return plot.plot_importance(result, score_name="log loss" if loss else "accuracy"
                                if classes else "R²", lower_is_better=loss)


def _one_network(what, model, x, member):
    """The network or history figure of a single network's model, or of an ensemble's
    ``member`` (1-based): its own inputs, bins included."""
    from .. import plot
    from ..tabular.in_units import input_names

    model = getattr(model, "ensemble", model)  # (a view of an ensemble: the ensemble)
    networks = getattr(model, "networks", None)
    if networks is None and member != 1:
        raise ValueError(f"member={member}: this model has one network")
    if networks is not None and not 1 <= member <= len(networks):
        raise ValueError(f"member must be 1 to {len(networks)} (the ensemble's networks), "
                         f"not {member}")
    if what == "history":
        info = model.info or {}
        history = info.get("history") if networks is None else \
            (info.get("members") or [{}] * len(networks))[member - 1].get("history")
        if not isinstance(history, dict) or not history.get("loss"):
            raise ValueError("this model holds no training history to plot")
        return member_caption(plot.plot_history(with_smoothing(history, info)), networks,
                              member)
    inputs = model.feature_names if networks is None else input_names(model)
    outputs = [str(c) for c in model.classes] if model.classes else [model.target_name]
    net = model.network if networks is None else networks[member - 1]
    return member_caption(plot.plot_network(net, x=x, input_names=inputs, output_names=outputs),
                   networks, member)


def with_smoothing(history, info):
    """``history`` with the recipe's ``label_smoothing`` (of a model's ``info``) when it has
    one: :func:`~glassnet.plot.plot_history` then says the training loss is against
    smoothed labels (trial 31: above the validation loss, and nothing said why)."""
    smoothing = ((info or {}).get("recipe") or {}).get("label_smoothing") or 0
    return {**history, "label_smoothing": smoothing} if smoothing else history


def member_caption(fig, networks, member):
    """``fig``, an ensemble member's figure, saying which of ``networks`` it draws (1-based
    ``member``) and that the model is their mean: in its title, or in its lower left
    corner when it has none (the network diagram)."""
    if networks is not None and len(networks) > 1:
        said = f"network {member} of {len(networks)} (the model averages {len(networks)})"
        ax = fig.axes[0] if fig.axes else None
        if ax is not None and ax.get_title():
            ax.set_title(f"{ax.get_title()}: {said}")
        else:
            fig.text(0.005, 0.005, said, ha="left", va="bottom", fontsize=9, style="italic")
    return fig
