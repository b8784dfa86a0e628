"""Early stopping's validation rows, held out as scikit-learn's ``train_test_split`` would."""

from __future__ import annotations

import math

import numpy as np

from ..data import validation_split

__all__ = ["split_rows"]


def split_rows(n_samples: int, fraction: float, rng, stratify=None):
    """``(train, val)`` indices: ``ceil(fraction · n_samples)`` rows held out.

    By :func:`glassnet.data.validation_split` with ``rounding="ceil"``,
    stratified by ``stratify`` if given, and refusing, in scikit-learn's
    words, what its (stratified) split and its MLP refuse.
    """
    if stratify is not None:
        _check_stratifiable(stratify, n_samples, fraction)
    train, val = validation_split(n_samples, fraction, rng, stratify=stratify,
                                  rounding="ceil")
    if len(val) < 2:
        raise ValueError("The validation set is too small. Increase 'validation_fraction' "
                         "or the size of your dataset.")
    return train, val


def _check_stratifiable(labels, n_samples: int, fraction: float) -> None:
    """Refuse, in scikit-learn's words, a stratified split it would refuse."""
    classes, counts = np.unique(labels, return_counts=True)
    if counts.min() < 2:
        raise ValueError("The least populated classes in y have only 1 member, which is too "
                         "few. The minimum number of groups for any class cannot be less "
                         f"than 2. Classes with too few members are: "
                         f"{classes[counts < 2].tolist()}")
    n_val = math.ceil(fraction * n_samples)
    for name, size in (("train_size", n_samples - n_val), ("test_size", n_val)):
        if size < len(classes):
            raise ValueError(f"The {name} = {size} should be greater or equal to the number "
                             f"of classes = {len(classes)}")
