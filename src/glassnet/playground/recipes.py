"""The ``fast`` and ``best`` presets on a table, trained live, one epoch after another.

:func:`glassnet.tabular.fit_table` trains a preset's networks in one call;
:class:`PresetRun` lays out the very same steps so the page can show each
epoch of each network (:mod:`glassnet.tabular.presets`, ``docs/presets.md``):

1. the table encoded (the encoder fitted on all its rows: no row is held
   back from it, as in ``fit_table``), the continuous inputs clipped smoothly,
   ``x / √(1 + (x/c)²)``, and their piecewise-linear bins appended
   (:class:`~glassnet.tabular.embeddings.PiecewiseLinear`);
2. the rows cut into folds (``best``: ``k`` of them, each class spread
   evenly) or 20 % held out (``fast``);
3. member ``i``: a ReLU network seeded from the run's generator, trained by
   glassnet's ``Trainer`` with AdamW (decoupled weight decay), a warm-up +
   cosine schedule and label-smoothed targets, stopping after ``patience``
   epochs without a better validation loss (or at the last epoch) and
   keeping its best epoch's weights;
4. the members' outputs averaged: a
   :class:`~glassnet.tabular.ensemble.TableEnsemble`, saved as one model file.

The random numbers are drawn in ``fit_table``'s order from one generator, so
a run trained to its end with the *train* button is ``fit_table(frame,
target, preset=..., seed=seed)`` bit for bit (the *step* button takes its
own batches, as it does for the tutorial network).
"""

from __future__ import annotations

import copy

import numpy as np

from .config import PRESETS as PRESET_NAMES
from .datasets import Dataset

__all__ = ["PRESET_NAMES", "PresetRun", "table_dataset"]


def table_dataset(upload, target: str, overrides: dict | None, seed: int,
                  preset: str = "tutorial") -> Dataset:
    """The uploaded table prepared for ``preset``: member 0's rows for fast and best.

    ``tutorial`` is :func:`~.tables.prepare` (what ``glassnet train`` does at
    its defaults); ``fast`` and ``best`` carry their :class:`PresetRun` in
    ``Dataset.run``.
    """
    from .tables import prepare

    if preset not in PRESET_NAMES:
        raise ValueError(f"preset must be one of {', '.join(PRESET_NAMES)}; got {preset!r}")
    if preset == "tutorial":
        return prepare(upload, target, overrides, seed)
    return PresetRun(upload, target, overrides, seed, preset).start(0)[0]


class PresetRun:
    """The state of one ``fast`` or ``best`` run on an uploaded table.

    Parameters
    ----------
    upload : Upload
    target : str
    overrides : dict
        Column → ``numeric`` / ``categorical`` / ``drop`` / ``auto``.
    seed : int
        As ``fit_table``'s: the split, the folds, every member's weights and batches.
    preset : {"fast", "best"}

    Attributes
    ----------
    recipe : Recipe
    prepared : PreparedTable
        The encoder, the target and its scaler (all rows encoded).
    X : ndarray of shape (n, d + bins)
        Every row's inputs: encoded, clipped, bins appended.
    Y : ndarray of shape (n, outputs)
        One-hot classes or the standardized target (not smoothed).
    mask : ndarray of bool, shape (d,)
        The clipped (and binned) inputs.
    bins : PiecewiseLinear
    folds : ndarray of int, shape (n,)
        Member ``i`` validates on the rows of fold ``i`` and trains on the others.
    member : int
        The member in training (from 0); ``members`` once all are trained.
    networks : list of Network
        The trained members (best epoch's weights), copies.
    """

    def __init__(self, upload, target, overrides, seed, preset):
        from ..data import validation_split
        from ..tabular.embeddings import PiecewiseLinear
        from ..tabular.ensemble import continuous_columns, fold_ids, smooth_clip
        from ..tabular.prepare import prepare_training
        from ..tabular.presets import default_model
        from .tables import _encoder_options

        frame = upload.frame
        if target not in frame.columns:
            raise ValueError(f"target: {upload.name} has no column {target!r}")
        rng = np.random.default_rng(seed)
        prepared = prepare_training(frame, target, validation_fraction=0.0, rng=rng,
                                    encoder_options=_encoder_options(overrides))
        recipe = default_model(prepared.task, preset)
        X = prepared.X
        self.mask = continuous_columns(X)
        X = smooth_clip(X, recipe.clip, self.mask)
        self.bins = PiecewiseLinear(recipe.bins).fit(X, self.mask)
        self.X, self.Y = self.bins.transform(X), prepared.Y
        self.classification = prepared.task == "classification"
        self.labels = self.Y.argmax(axis=1) if self.classification else None
        k = recipe.members
        if k > 1:
            self.folds = fold_ids(len(X), k, rng, self.labels)
        else:  # one network: 20 % of the rows held out, as fit_table does
            _, val = validation_split(len(X), recipe.validation_fraction, rng)
            self.folds = np.ones(len(X), dtype=np.int64)
            self.folds[val] = 0
        self.seeds = rng.integers(0, 2**31 - 1, size=k)
        self._rng, self._rng_state = rng, copy.deepcopy(rng.bit_generator.state)
        self.upload, self.frame, self.prepared, self.recipe = upload, frame, prepared, recipe
        self.names = self.bins.feature_names(
            [str(n) for n in prepared.encoder.get_feature_names_out()])
        self.n_encoded = X.shape[1]
        self.member, self.networks, self.summaries, self.result = 0, [], [], None

    # -- the members, one after another ---------------------------------------------------

    @property
    def members(self) -> int:
        return self.recipe.members

    @property
    def done(self) -> bool:
        return self.member >= self.members

    def positions(self, i: int) -> np.ndarray:
        """The frame positions of member ``i``'s training rows, in order."""
        return self.prepared.train_rows[self.folds != i]

    def start(self, i: int):
        """Member ``i``'s data set, network and Trainer: ``(Dataset, Network, Trainer)``.

        ``i = 0`` starts the run again: the generator goes back to where
        ``fit_table`` starts training, the trained members are forgotten.
        """
        from ..tabular.ensemble import network_and_trainer
        from ..tabular.read import where

        if i == 0:
            self._rng.bit_generator.state = copy.deepcopy(self._rng_state)
            self.member, self.networks, self.summaries, self.result = 0, [], [], None
            self._oof = np.zeros_like(self.Y)
        task = self.prepared.task
        train, val = self.folds != i, self.folds == i
        X = self.X[train]
        validation = (self.X[val], self.Y[val]) if val.any() else None
        # fit_ensemble's member, built the same way: a finished run is fit_table's model.
        net, trainer = network_and_trainer(self.recipe, task, X, self.Y[train], validation,
                                           int(self.seeds[i]), self._rng)
        Y = trainer.Y  # label-smoothed for a classification
        p = self.prepared
        dataset = Dataset(self.upload.name, X, Y, list(self.names), task, p.target.classes,
                          validation, p.target_scaler,
                          rows=[where(self.frame, int(j)) for j in self.positions(i)],
                          table=(p, self.frame), run=self)
        return dataset, net, trainer

    def finished(self, trainer) -> bool:
        """Whether the member in training is at its end (the last epoch, or out of patience)."""
        return trainer.epoch >= self.recipe.epochs or trainer.stopped

    def complete(self, net, trainer) -> None:
        """The member in training is done: its best epoch kept, its held-out rows predicted."""
        trainer.finish()
        i, kept = self.member, net.copy()
        val = self.folds == i
        if val.any():
            self._oof[val] = kept.predict(self.X[val])
        self.networks.append(kept)
        self.summaries.append({"epochs": trainer.epoch, "best_epoch": trainer.history.best_epoch,
                               "validation_rows": int(val.sum()),
                               "history": trainer.history.to_dict()})
        self.member += 1
        if self.done:
            self.result = self._scores()

    def _score(self, rows, outputs) -> float:
        from ..metrics import accuracy, r2_score

        if self.classification:
            return float(accuracy(self.labels[rows], outputs.argmax(axis=1)))
        return float(r2_score(self.Y[rows], outputs))

    def _scores(self) -> dict:
        """The held-out score (``best``: out of fold, every row) and the average's on every row."""
        held = self.folds < self.members
        average = np.mean([net.predict(self.X) for net in self.networks], axis=0)
        every = np.ones(len(self.X), dtype=bool)
        return {"metric": "accuracy" if self.classification else "r2",
                "held_out": self._score(held, self._oof[held]), "held_out_rows": int(held.sum()),
                "average": self._score(every, average), "rows": len(self.X)}

    def progress(self) -> dict:
        """What the page shows of the run, JSON-able."""
        return {"name": self.recipe.name, "members": self.members,
                "member": min(self.member + 1, self.members), "done": self.done,
                "trained": list(self.summaries), "result": self.result}

    def describe(self) -> dict:
        """The recipe and the inputs' count, for the page's settings."""
        from ..tabular.ensemble import batch_size_for_rows

        # (each member's batch size follows its training rows, as glassnet train's does)
        return {"recipe": {**self.recipe.to_dict(), "batch_size": batch_size_for_rows(
                    int((self.folds != 0).sum()))},
                "encoded_inputs": self.n_encoded,
                "bin_inputs": self.bins.n_outputs, "clipped_inputs": int(self.mask.sum())}

    # -- the model ----------------------------------------------------------------------------

    def complete_inputs(self, G: np.ndarray) -> np.ndarray:
        """Grid points over the clipped inputs (n, d + bins) with their bins recomputed."""
        return self.bins.transform(np.asarray(G)[:, :self.n_encoded])

    def ensemble(self, current=None, partial: bool = False):
        """The :class:`~glassnet.tabular.ensemble.TableEnsemble` of the run.

        The trained members; ``fast`` before its end: ``current`` (the network
        as it is now); with ``partial``, ``best`` before its end: the members
        trained so far and ``current``.

        Raises
        ------
        ValueError
            ``best`` before all its members are trained.
        """
        from ..tabular.ensemble import TableEnsemble

        if not self.done and (current is None or (self.members > 1 and not partial)):
            raise ValueError(f"{self.recipe.name}: {len(self.networks)} of {self.members} "
                             "members trained; train until all are, then save the ensemble")
        networks = self.networks if self.done else [*self.networks, current.copy()]
        score = self.result["held_out"] if self.result and self.members > 1 else None
        info = {"recipe": self.recipe.to_dict(), "members": list(self.summaries),
                "out_of_fold_score": score, "source": "glassnet playground"}
        if self.done and self.classification:  # fit_ensemble's calibration, on the same rows
            from ..tabular.calibration import fit_temperature

            held = self.folds < self.members
            info["temperature"] = fit_temperature(self._oof[held], self.labels[held])
        p = self.prepared
        return TableEnsemble(networks, p.encoder, p.target.to_dict(), p.target_scaler,
                             self.recipe.clip, self.mask, info, self.bins)
