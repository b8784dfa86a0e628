"""Bagged table networks: ``k`` members over folds, their outputs averaged.

:func:`fit_ensemble` encodes the training rows once (the encoder sees no
target), optionally clips the continuous inputs smoothly, then splits the
rows into ``k`` folds (by class for a classification). Member ``i`` trains
on the other folds and stops early on fold ``i``: every row trains ``k - 1``
members and validates one, so none is held back from the ensemble. The
members' predictions on their own folds are the out-of-fold predictions,
an honest score of the ensemble's recipe on the training rows.

The ensemble's output for a row is the mean of its members' outputs
(probabilities for a classification, values in the target's units for a
regression)::

    ŷ(x) = (1/k) Σᵢ fᵢ(clip(encode(x)))
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from ..data import balanced_weights
from ..metrics import accuracy, r2_score
from ..network import Network
from ..training import Trainer
from .blocks import predict_in_blocks
from .calibration import fit_temperature, with_temperature
from .embeddings import PiecewiseLinear
from .errors import DataError, option
from .model import TableFacts
from .prepare import prepare_training
from .source import source_path
from .target import decode_outputs, within_sign

__all__ = ["TableEnsemble", "fit_ensemble", "smooth_clip", "fold_ids", "train_network",
           "network_and_trainer", "smoothed_targets", "batch_size_for_rows", "loss_for"]


def smooth_clip(X: np.ndarray, c: float, mask: np.ndarray) -> np.ndarray:
    """``x / √(1 + (x/c)²)`` on the columns where ``mask`` is true; a new array.

    The map is odd, increasing, ≈ x near 0 (slope 1 at 0) and tends to ±c:
    an outlier's input stays below ``c`` in size. Shape of ``X``: (n, d);
    ``mask``: (d,) of bool.
    """
    out = np.array(X, copy=True)
    cols = out[:, mask]
    with np.errstate(over="ignore"):  # (x/c)² overflows past about 1e154 (float32: 1e19)
        square = (cols / c) ** 2
    # There x/√(1 + (x/c)²) would be x/∞ = 0; its limit, and the value to the last bit, is ±c.
    out[:, mask] = np.where(np.isinf(square), np.copysign(c, cols), cols / np.sqrt(1.0 + square))
    return out


def continuous_columns(X: np.ndarray) -> np.ndarray:
    """Columns with more than two distinct values (not one-hot or 0/1 flags), shape (d,)."""
    return np.array([len(np.unique(X[:, j])) > 2 for j in range(X.shape[1])], dtype=bool)


def fold_ids(n: int, k: int, rng: np.random.Generator, labels=None) -> np.ndarray:
    """The fold (0 … k-1) of each of ``n`` rows; with ``labels``, each class spread evenly.

    Rows are shuffled with ``rng``; with labels they are then ordered by class
    (stably), and the ``j``-th row of that order goes to fold ``j mod k``.
    """
    order = rng.permutation(n)
    if labels is not None:
        order = order[np.argsort(np.asarray(labels)[order], kind="stable")]
    folds = np.empty(n, dtype=np.int64)
    folds[order] = np.arange(n) % k
    return folds


@dataclass
class TableEnsemble(TableFacts):
    """``k`` networks on one encoding of raw table rows, their outputs averaged.

    Attributes
    ----------
    networks : list of Network
    encoder : TableEncoder
    target : dict
        As :class:`~.model.TabularModel`'s.
    target_scaler : Standardizer or None
    clip : float or None
        ``c`` of :func:`smooth_clip`.
    clip_mask : ndarray of bool, shape (n_inputs,)
        The inputs clipped.
    bins : PiecewiseLinear or None
        The piecewise-linear encoding appended to the (clipped) inputs
        (:mod:`.embeddings`); the members take ``n_inputs + bins.n_outputs`` inputs.
    info : dict
        The recipe, each member's epochs and validation score, the
        out-of-fold score.
    """

    networks: list
    encoder: object
    target: dict
    target_scaler: object = None
    clip: float | None = None
    clip_mask: np.ndarray | None = None
    info: dict = field(default_factory=dict)
    bins: PiecewiseLinear | None = None

    @property
    def n_parameters(self) -> int:
        return sum(net.n_parameters for net in self.networks)

    def inputs(self, frame) -> np.ndarray:
        """Raw rows → the members' inputs (encoded, clipped, bins appended), shape (n, inputs)."""
        X = self.encoder.transform(frame, dtype=self.networks[0].dtype)
        return self.binned(self.clipped(X))

    @property
    def temperature(self) -> float:
        """``T`` of :func:`~.calibration.with_temperature` for a classification's probabilities,
        fitted on the out-of-fold predictions (1.0: none; an ensemble saved before it)."""
        return float(self.info.get("temperature", 1.0))

    def outputs_of(self, X: np.ndarray) -> np.ndarray:
        """The mean of the members' outputs for inputs ``X`` (from :meth:`inputs`), (n, outputs);
        a classification's probabilities then calibrated, ``softmax(log p̄ / T)``."""
        mean = self.member_outputs(X).mean(axis=0)
        return with_temperature(mean, self.temperature) if self.task == "classification" \
            else within_sign(mean, self.target)

    def save(self, path):
        """Write the ensemble as one model file, atomically; returns its path.

        The file is a glassnet model file whose network is member 0, the other
        members extra arrays ``members.{i}.layers.{j}.weights`` / ``.bias``;
        :func:`~.ensemble_file.load_table_model` reads it back.

        Raises
        ------
        ValueError
            If the members do not share one architecture.
        """
        from ..files import modelfile
        from .model import TabularModel

        first = self.networks[0]
        metadata, arrays = TabularModel(first, self.encoder, self.target,
                                        self.target_scaler).metadata()
        for i, net in enumerate(self.networks[1:], start=1):
            if net.config() != first.config():
                raise ValueError(f"ensemble member {i} has architecture {net.sizes}; "
                                 f"member 0 has {first.sizes}: members must share one")
            arrays.update({f"members.{i}.{k}": v for k, v in net.parameters().items()})
        if self.clip is not None:
            arrays["clip_mask"] = np.asarray(self.clip_mask, dtype=bool)
        if self.bins is not None:
            arrays.update(self.bins.to_arrays("bins"))
        metadata.update({"kind": "ensemble", "members": len(self.networks), "clip": self.clip,
                         "loss": loss_for(self.task), "ensemble": self.info})
        return modelfile.save(first, path, metadata=metadata, arrays=arrays)

    def clipped(self, X: np.ndarray) -> np.ndarray:
        """Encoded inputs after the smooth clipping (``X`` itself without one)."""
        return X if self.clip is None else smooth_clip(X, self.clip, self.clip_mask)

    def binned(self, X: np.ndarray) -> np.ndarray:
        """Clipped inputs with their piecewise-linear encoding appended (``X`` without one)."""
        return X if self.bins is None else self.bins.transform(X)

    def member_outputs(self, X: np.ndarray) -> np.ndarray:
        """Each member's outputs for inputs ``X``, shape (k, n, n_outputs), target units."""
        outs = np.stack([predict_in_blocks(net, X) for net in self.networks])
        if self.target_scaler is not None:
            outs = np.stack([self.target_scaler.inverse_transform(o) for o in outs])
        return outs

    def outputs(self, frame) -> np.ndarray:
        """The mean of the members' outputs for raw rows, shape (n, n_outputs)."""
        return self.outputs_of(self.inputs(frame))

    def predict(self, frame) -> np.ndarray:
        """Class labels, or predicted values, one per row."""
        return decode_outputs(self.outputs(frame), self.task, self.classes)

    def explain_row(self, frame, row: int = 0) -> dict:
        """Every step for row ``row`` (a position) of ``frame``, as JSON-able data.

        ``{"inputs": [{"name", "encoded", "clipped"}, ...], "members": [outputs
        of member i, ...], "average": mean of those, "calibrated": a
        classification's probabilities from that mean (:attr:`temperature`), a
        regression's value of a sign its training targets had (:func:`within_sign`),
        "temperature", "prediction": label or value, "recipe": the recipe}``;
        ``encoded`` is the encoder's value
        (standardized, one-hot, ...), ``clipped`` the member's input after
        :func:`smooth_clip` (equal to ``encoded`` for a column not clipped);
        ``"bins"``: one line per binned input, the bins its clipped value fills.
        """
        one = self._one_row(frame, row)
        encoded = self.encoder.transform(one, dtype=self.networks[0].dtype)
        clipped = self.clipped(encoded)
        members = self.member_outputs(self.binned(clipped))[:, 0, :]
        average = members.mean(axis=0)
        final = with_temperature(average[None, :], self.temperature)[0] \
            if self.task == "classification" else within_sign(average, self.target)
        names = [str(n) for n in self.encoder.get_feature_names_out()]
        label = decode_outputs(final[None, :], self.task, self.classes)[0]
        return {
            "inputs": [{"name": n, "encoded": float(e), "clipped": float(c)}
                       for n, e, c in zip(names, encoded[0], clipped[0])],
            "bins": [] if self.bins is None else self.bins.explain(clipped[0], names),
            "members": members.tolist(), "average": average.tolist(),
            "calibrated": final.tolist(), "temperature": self.temperature,
            "prediction": label.item() if isinstance(label, np.generic) else label,
            "recipe": self.info.get("recipe")}


def fit_ensemble(frame, target: str, recipe, *, task: str = "auto", seed: int = 0,
                 on_member=None, on_prepared=None, on_epoch=None,
                 **prepare_options) -> TableEnsemble:
    """Train ``recipe.members`` networks of ``recipe`` over folds of ``frame``'s rows.

    With one member, ``recipe.validation_fraction`` of the rows validate it
    (as the ``tutorial`` preset). Member ``i``'s weights come from its own
    seed, drawn from ``seed``: the same seed gives bit-identical members.
    ``on_member(i, k, summary)`` is called after each member (``summary`` as
    in ``info["members"]``), ``on_prepared(prepared)`` once the columns are
    encoded, before any network trains, ``on_epoch(i, k, logs)`` after each of
    member ``i``'s epochs (``logs`` as ``Trainer.run_epoch`` returns them);
    ``prepare_options`` (``dtype``, ``encoder_options``, ``max_classes``) go to
    :func:`~.prepare.prepare_training`.
    """
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    prepared = prepare_training(frame, target, task=task, validation_fraction=0.0, rng=rng,
                                **prepare_options)
    if on_prepared is not None:
        on_prepared(prepared)
    if prepared.task == "regression" and recipe.label_smoothing:
        # Smoothing is for labels; the recipe kept in the file says what was done.
        recipe = replace(recipe, label_smoothing=0.0)
    X, Y = prepared.X, prepared.Y
    mask = continuous_columns(X) if recipe.clip is not None else None
    X = X if recipe.clip is None else smooth_clip(X, recipe.clip, mask)
    bins = None
    if recipe.bins:
        bins = PiecewiseLinear(recipe.bins).fit(X, continuous_columns(X) if mask is None else mask)
        X = bins.transform(X)
    classification, k = prepared.task == "classification", recipe.members
    labels = Y.argmax(axis=1) if classification else None
    if k > len(X):  # a fold of its own to validate each network
        raise DataError(f"{source_path(frame)}: {k} networks over {k} folds need at least {k} "
                        f"rows with a target; there are {len(X)}: train at most {len(X)} "
                        f"({option('members', len(X))})")
    if k > 1:
        folds = fold_ids(len(X), k, rng, labels if classification else None)
    else:
        from ..data import validation_split

        _, val = validation_split(len(X), recipe.validation_fraction, rng)
        folds = np.ones(len(X), dtype=np.int64)
        folds[val] = 0
    seeds = rng.integers(0, 2**31 - 1, size=k)
    networks, members, oof = [], [], np.zeros_like(Y)
    for i in range(k):
        train, val = folds != i, folds == i
        validation = (X[val], Y[val]) if val.any() else None
        net, trainer = train_network(recipe, prepared.task, X[train], Y[train], validation,
                                     int(seeds[i]), rng,
                                     None if on_epoch is None else partial(on_epoch, i, k))
        networks.append(net)
        if validation is not None:
            oof[val] = net.predict(X[val])
        members.append({"epochs": trainer.epoch, "best_epoch": trainer.history.best_epoch,
                        "validation_rows": int(val.sum()),
                        "history": trainer.history.to_dict(finite=True)})  # glassnet plot history
        if on_member is not None:
            on_member(i, k, members[-1])
        trainer = validation = None  # (their copies of rows go before the next member's)
    # k > 1: every row scored by the member that did not train on it; one
    # member: the rows held out to validate it.
    scored = np.ones(len(X), dtype=bool) if k > 1 else folds == 0
    if not classification and prepared.target_scaler is not None:  # scored as predicted:
        scaler = prepared.target_scaler  # of a sign the targets had (within_sign)
        raw = scaler.inverse_transform(oof)
        bounded = within_sign(raw, prepared.target.to_dict())
        if not np.array_equal(bounded, raw):
            oof = scaler.transform(bounded)
    score = None
    if scored.any():
        score = (accuracy(labels[scored], oof[scored].argmax(axis=1)) if classification
                 else r2_score(Y[scored], oof[scored]))
    info = {"recipe": recipe.to_dict(), "members": members, "notes": list(prepared.notes),
            ("out_of_fold_score" if k > 1 else "validation_score"): score,
            **_baseline(recipe, labels, scored, classification),
            # The probabilities' scale, learned on those same predictions (calibration.py),
            # and their log loss so scaled, as the model answers.
            **(_calibrated(oof[scored], labels[scored]) if classification and scored.any()
               else {}),
            "seconds": round(time.perf_counter() - started, 3)}
    return TableEnsemble(networks, prepared.encoder, prepared.target.to_dict(),
                         prepared.target_scaler, recipe.clip, mask, info, bins)


def _baseline(recipe, labels, scored, classification) -> dict:
    """``{"baseline_score": …}``: what needs no columns scores on the held-out rows (the
    commonest class's share; a regression's mean, R² 0); none where that says nothing: fewer
    than 30 such rows, one class among them, or rows weighted by class (a rarer class
    found, not accuracy, is then the aim)."""
    if scored.sum() < 30:
        return {}
    if not classification:
        return {"baseline_score": 0.0}
    counts = np.bincount(labels[scored])
    if np.count_nonzero(counts) < 2 or getattr(recipe, "class_weight", None) == "balanced":
        return {}
    return {"baseline_score": float(counts.max() / scored.sum())}


def _calibrated(P, labels) -> dict:
    """The temperature fitted to the held-out rows' probabilities ``P``; their log loss so
    scaled, that of answering each row with the classes' shares among them (what a model
    that reads no column answers), and the standard error of the rows' differences."""
    temperature = fit_temperature(P, labels)
    P = with_temperature(P, temperature)
    shares = np.bincount(labels, minlength=P.shape[1]) / len(labels)
    ours = -np.log(np.clip(P[np.arange(len(P)), labels], 1e-15, 1))
    theirs = -np.log(shares[labels])
    error = float(np.std(ours - theirs, ddof=1) / np.sqrt(len(ours))) if len(ours) > 1 else 0.0
    return {"temperature": temperature, "log_loss": float(ours.mean()),
            "baseline_log_loss": float(theirs.mean()), "log_loss_error": error}


def batch_size_for_rows(n_rows: int) -> int:
    """32 rows a batch, more on big tables: ``min(256, max(32, n // 128))`` (the CLI's rule)."""
    return int(min(256, max(32, n_rows // 128)))


def smoothed_targets(Y: np.ndarray, epsilon: float) -> np.ndarray:
    """Label smoothing: one-hot rows ``Y`` (n, K) become ``(1 - ε)·Y + ε/K``.

    Each row still sums to 1; the true class gets ``1 - ε + ε/K``, every
    other ``ε/K``. With softmax and cross-entropy the output delta is
    ``a - y_smoothed``, so the network is never pushed to certainty.
    """
    if not 0.0 <= epsilon < 1.0:
        raise ValueError(f"label_smoothing must be in [0, 1); got {epsilon!r}")
    return (1.0 - epsilon) * Y + epsilon / Y.shape[1]


def loss_for(task: str) -> str:
    return "cross_entropy" if task == "classification" else "squared_error"


def network_and_trainer(recipe, task: str, X, Y, validation, seed, rng):
    """One network of ``recipe`` (a :class:`~.presets.Recipe`) and its Trainer, before any epoch.

    Returns ``(network, trainer)``; :func:`train_network` runs the epochs, the
    playground runs them one at a time. The network's weights come from
    ``seed``, the batches from ``rng``, as in ``glassnet train``;
    ``validation`` (X_val, Y_val) stops the run early and picks the epoch
    whose weights are kept. A classification's targets are label-smoothed here.
    """
    from .. import schedules

    classification = task == "classification"
    sizes = [X.shape[1], *recipe.hidden, Y.shape[1]]
    net = Network(sizes, activation="relu",
                  output_activation="softmax" if classification else "identity",
                  seed=seed, dtype=X.dtype, dropout=recipe.dropout,
                  init=getattr(recipe, "init", "auto"))
    options = {"weight_decay": recipe.weight_decay} if recipe.optimizer == "adamw" else {}
    if classification and getattr(recipe, "class_weight", None) == "balanced":
        options["sample_weight"] = balanced_weights(Y.argmax(axis=1)).astype(X.dtype)
    if classification and recipe.label_smoothing:
        Y = smoothed_targets(Y, recipe.label_smoothing)
    schedule = recipe.schedule
    if schedule == "cosine":
        schedule = schedules.Cosine(recipe.learning_rate, epochs=recipe.epochs,
                                    warmup=recipe.warmup)
    trainer = Trainer(net, X, Y, loss=loss_for(task), optimizer=recipe.optimizer,
                      learning_rate=recipe.learning_rate, batch_size=batch_size_for_rows(len(X)),
                      seed=rng, validation_data=validation, early_stopping=validation is not None,
                      patience=recipe.patience,
                      metric="accuracy" if classification else "r2",
                      schedule=schedule, epochs=recipe.epochs, **options)
    return net, trainer


def train_network(recipe, task: str, X, Y, validation, seed, rng, on_epoch=None):
    """One network of ``recipe`` trained on ``(X, Y)``: :func:`network_and_trainer`, then its
    epochs until the recipe's last or an early stop, ``on_epoch(logs)`` after each.
    Returns ``(network, trainer)``."""
    net, trainer = network_and_trainer(recipe, task, X, Y, validation, seed, rng)
    while trainer.epoch < recipe.epochs and not trainer.stopped:
        logs = trainer.run_epoch()
        if on_epoch is not None:
            on_epoch({**logs, "metric_name": trainer.metric.name})
    trainer.finish()
    return net, trainer
