"""Ready-made recipes for tables: ``tutorial``, ``fast`` and ``best``.

A preset is a :class:`Recipe`, plain data naming every choice -- the
network's sizes, the optimizer and its weight decay, the schedule, label
smoothing, how many networks are bagged -- and :func:`fit_table` trains it on
a DataFrame. Each step is one the rest of glassnet already explains:

* ``tutorial``: what ``glassnet train FILE --target COL --preset tutorial`` does at its defaults
  (a 64-32 ReLU network, Adam at η = 0.001, 20 % of the rows held out to
  stop early and keep the best epoch's weights); bit for bit the same model;
* ``fast``: one network with the ``best`` recipe's inputs and schedule;
* ``best``: ``k`` networks, each trained with one fold of the training rows
  held out (its early-stopping signal; no row is wasted), their outputs
  averaged (:class:`~.ensemble.TableEnsemble`).

``best`` also clips the continuous inputs smoothly, ``x ↦ x / √(1 + (x/c)²)``
after standardizing (RealMLP's recipe, with c = 3): an outlier moves its
input to at most ±c, and values within a deviation or so barely change.
``fast`` and ``best`` then append a piecewise-linear encoding of each
continuous input over 6 quantile bins (:mod:`.embeddings`): the network is
handed the thresholds a tree would find.

Examples
--------
>>> default_model("classification", "best").members
5
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass, replace
from functools import partial

import numpy as np

from .ensemble import (
    batch_size_for_rows,
    fit_ensemble,
    loss_for,
    smoothed_targets,
    train_network,
)
from .frames import pandas_frame
from .model import TabularModel
from .prepare import prepare_training

__all__ = ["Recipe", "PRESETS", "default_model", "fit_table", "batch_size_for_rows",
           "smoothed_targets"]


@dataclass(frozen=True)
class Recipe:
    """Every choice of a table model, as plain data.

    Attributes
    ----------
    name : str
    hidden : tuple of int
        Hidden layer sizes.
    optimizer : str
        ``"adam"`` or ``"adamw"`` (:mod:`glassnet.optimizers`).
    learning_rate : float
        η (the peak with a schedule).
    weight_decay : float
        λ of AdamW (0 with Adam).
    schedule : str
        ``"constant"`` or ``"cosine"`` (:mod:`glassnet.schedules`).
    warmup : int
        Epochs of linear warm-up with ``"cosine"``.
    epochs : int
        At most this many epochs.
    patience : int
        Epochs without a better validation loss before stopping (the best
        epoch's weights are kept).
    validation_fraction : float
        With one member: the rows held out to stop early.
    members : int
        ``k``: 1 for one network; otherwise ``k`` networks, each validated
        on its own fold of the rows.
    label_smoothing : float
        ε: a classification's one-hot targets become ``(1 - ε)·y + ε/K``.
    clip : float or None
        ``c`` of the smooth clipping of continuous inputs; None for none.
    dropout : float
        Dropout rate of the hidden layers (0 for none).
    bins : int
        ``B`` of the piecewise-linear encoding appended to the continuous
        inputs (:mod:`.embeddings`); 0 for none.
    class_weight : {None, "balanced"}
        ``"balanced"``: a classification's rows weighted ``n / (K · n_class)``
        in the training loss (:func:`glassnet.data.balanced_weights`), so a
        rare class counts as much as a common one.
    init : str
        The initial weights (:mod:`glassnet.initializers`): ``"auto"`` (the
        tutorial preset's) is He's uniform before ReLU layers and Glorot's for
        the output layer; ``fast`` and ``best`` use ``"glorot_uniform"``
        throughout, as scikit-learn's MLP does (better on small tables).
    """

    name: str = "tutorial"
    hidden: tuple = (64, 32)
    optimizer: str = "adam"
    learning_rate: float = 0.001
    weight_decay: float = 0.0
    schedule: str = "constant"
    warmup: int = 0
    epochs: int = 200
    patience: int = 25
    validation_fraction: float = 0.2
    members: int = 1
    label_smoothing: float = 0.0
    clip: float | None = None
    dropout: float = 0.0
    bins: int = 0
    class_weight: str | None = None
    init: str = "auto"

    def to_dict(self) -> dict:
        """The recipe as JSON-able data (lists for tuples)."""
        out = asdict(self)
        out["hidden"] = list(self.hidden)
        return out

    def fit(self, frame, target: str, *, task: str = "auto", seed: int = 0):
        """:func:`fit_table` with this recipe."""
        return fit_table(frame, target, recipe=self, task=task, seed=seed)


PRESETS = {
    "tutorial": Recipe(),
    # Glorot's initial weights, not He's: on five tables of 32 to 162 rows (benchmarks/
    # RESULTS.md, session 14) best's mean score rose from 0.745 to 0.758, organ donations'
    # R² from 0.887 to 0.925; the thirteen larger tables scored the same (0.8253, 0.8255).
    "fast": Recipe(name="fast", optimizer="adamw", learning_rate=0.003, weight_decay=0.01,
                   schedule="cosine", warmup=3, epochs=60, patience=20,
                   label_smoothing=0.1, clip=3.0, bins=6, init="glorot_uniform"),
    "best": Recipe(name="best", optimizer="adamw", learning_rate=0.003, weight_decay=0.01,
                   schedule="cosine", warmup=3, epochs=60, patience=20, members=5,
                   label_smoothing=0.1, clip=3.0, bins=6, init="glorot_uniform"),
}


def default_model(task: str = "auto", preset: str = "best") -> Recipe:
    """The recipe of ``preset`` for ``task``.

    Parameters
    ----------
    task : {"auto", "classification", "regression"}
        Label smoothing is dropped for a regression (it has no labels).
    preset : {"tutorial", "fast", "best"}

    Raises
    ------
    ValueError
        An unknown preset or task, naming the choices.
    """
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {', '.join(PRESETS)}; got {preset!r}")
    if task not in ("auto", "classification", "regression"):
        raise ValueError(f"task must be 'auto', 'classification' or 'regression'; got {task!r}")
    recipe = PRESETS[preset]
    return replace(recipe, label_smoothing=0.0) if task == "regression" else recipe


def fit_table(frame, target: str, *, preset: str = "best", recipe: Recipe | None = None,
              task: str = "auto", seed: int = 0, on_member=None, on_prepared=None,
              on_epoch=None, verbose: bool = False, **prepare_options):
    """Train a model for ``frame[target]`` from the other columns with a preset.

    Parameters
    ----------
    frame : pandas.DataFrame
        Raw rows, as :func:`~.read.read_table` gives them.
    target : str
    preset : {"tutorial", "fast", "best"}
        Ignored when ``recipe`` is given.
    recipe : Recipe, optional
    task : {"auto", "classification", "regression"}
    seed : int
        All randomness (split, folds, weights, batches) comes from it: the same
        seed gives bit-identical models.
    on_member : callable, optional
        ``on_member(i, k, summary)`` after each network of an ensemble is trained.
    on_prepared : callable, optional
        ``on_prepared(prepared)`` once the columns are encoded
        (:class:`~.prepare.PreparedTable`), before any network trains.
    on_epoch : callable, optional
        ``on_epoch(i, k, logs)`` after each epoch of network ``i`` of ``k``
        (``logs``: ``Trainer.run_epoch``'s, plus ``metric_name``); for a progress bar.
    verbose : bool
        Print what training does to standard output (a notebook shows it): the
        encoded shape, a line every 5 seconds while a network trains, and one as
        each network ends (:class:`~.verbose.TrainingLines`).
    **prepare_options
        ``dtype``, ``encoder_options`` (``drop``, ``features``, ``categorical``,
        ``numeric``, ``max_categories``) and ``max_classes``, as
        :func:`~.prepare.prepare_training` takes them.

    Returns
    -------
    TabularModel (one member) or TableEnsemble (``k`` members)
        Either has ``predict(frame)`` and ``outputs(frame)``; ``info["recipe"]``
        holds the recipe, ``info["notes"]`` what preparing the rows noticed (rows
        without a target left out, rows repeated, ...: ``glassnet train`` prints them).
    """
    started = time.perf_counter()
    frame = pandas_frame(frame)  # (a pyarrow Table, a polars DataFrame: as pandas')
    _check_arguments(frame, target, prepare_options)
    recipe = recipe or default_model(task, preset)
    lines = None
    if verbose:
        from .verbose import TrainingLines

        lines = TrainingLines(recipe)
        on_prepared, on_epoch = _both(on_prepared, lines.prepared), _both(on_epoch, lines.epoch)
        on_member = _both(on_member, lines.member)
    if recipe.members > 1 or recipe.clip is not None or recipe.bins:
        return fit_ensemble(frame, target, recipe, task=task, seed=seed, on_member=on_member,
                            on_prepared=on_prepared, on_epoch=on_epoch, **prepare_options)

    rng = np.random.default_rng(seed)
    prepared = prepare_training(frame, target, task=task,
                                validation_fraction=recipe.validation_fraction, rng=rng,
                                **prepare_options)
    if on_prepared is not None:
        on_prepared(prepared)
    net, trainer = train_network(recipe, prepared.task, prepared.X, prepared.Y,
                                 prepared.validation, seed, rng,
                                 None if on_epoch is None else partial(on_epoch, 0, 1))
    if lines is not None:
        lines.member(0, 1, {"epochs": trainer.epoch, "best_epoch": trainer.history.best_epoch})
    return TabularModel(net, prepared.encoder, prepared.target.to_dict(), prepared.target_scaler,
                        info={"loss": loss_for(prepared.task), "recipe": recipe.to_dict(),
                              "notes": list(prepared.notes),
                              "epochs": trainer.epoch,
                              "history": trainer.history.to_dict(finite=True),
                              "seconds": round(time.perf_counter() - started, 3)})


_PREPARE_OPTIONS = ("dtype", "encoder_options", "max_classes")


def _check_arguments(frame, target, prepare_options) -> None:
    """A TypeError naming what is wrong: a frame that is no DataFrame, or a keyword that
    neither fit_table nor the encoder takes (with the valid names and the closest)."""
    import inspect

    from ..keywords import unknown_keyword_message
    from .encoder import TableEncoder

    if isinstance(frame, (str, os.PathLike)):
        raise TypeError(f"fit_table needs a pandas DataFrame, not the path {str(frame)!r}: "
                        "glassnet.tabular.read_table(path) reads the file into one")
    if not hasattr(frame, "columns") or not hasattr(frame, "iloc"):
        shape = getattr(frame, "shape", None)
        raise TypeError(f"fit_table needs a pandas DataFrame, whose columns are named (the "
                        f"target is one of them), not {type(frame).__name__}"
                        + (f" of shape {shape}" if shape is not None else "")
                        + ": pandas.DataFrame(X, columns=[...]) names them")
    import difflib

    ours = [p for p in inspect.signature(fit_table).parameters if p not in (
        "frame", "target", "prepare_options")]
    if hasattr(target, "shape") or isinstance(target, (list, tuple)):  # (y, as scikit-learn)
        raise TypeError(f"fit_table's target is the name of the frame's column to predict (a "
                        f"str), not {type(target).__name__}: for features X and labels y, "
                        "fit_table(X.assign(y=y), 'y')")
    encoder = list(inspect.signature(TableEncoder).parameters)
    for name, value in prepare_options.items():
        if name not in _PREPARE_OPTIONS:
            message = unknown_keyword_message("fit_table()", name, [*ours, *_PREPARE_OPTIONS])
            close = difflib.get_close_matches(name, encoder, n=1, cutoff=0.6)
            if name in ("epochs", "epoch", "max_epochs", "max_iter", "n_epochs"):
                message = message.split("; did you mean")[0] + (
                    f"; epochs are the recipe's: recipe=dataclasses.replace(default_model("
                    f"task, preset), epochs={value!r})")
            elif close and "did you mean" not in message:  # max_categorie: the encoder's
                message += f"; the encoder's is encoder_options={{{close[0]!r}: {value!r}}}"
            raise TypeError(message)
    for name in prepare_options.get("encoder_options") or {}:
        if name not in encoder:
            raise TypeError(unknown_keyword_message("fit_table(encoder_options=...)", name,
                                                    encoder))


def _both(first, second):
    """A callback that calls ``first`` (the caller's, if any), then ``second``."""
    if first is None:
        return second

    def both(*args):
        first(*args)
        second(*args)
    return both
