"""Preparing data: train/test and validation splits, one-hot encoding, standardization."""

from __future__ import annotations

import numpy as np

from .initializers import as_generator
from .keywords import checked_keywords

__all__ = ["train_test_split", "validation_split", "one_hot", "Standardizer",
           "balanced_weights"]

Array = np.ndarray


@checked_keywords
def train_test_split(*arrays, test_size: float | int = 0.25, shuffle: bool = True,
                     stratify=None, seed: int | np.random.Generator | None = None,
                     random_state: int | np.random.Generator | None = None):
    """Split arrays into a training part and a test part, the same rows in each.

    Parameters
    ----------
    *arrays : array-like, each with n_samples rows
    test_size : float in (0, 1) or int
        The fraction (rounded up) or the number of samples held out for testing.
    shuffle : bool
        Shuffle before splitting; without it the last rows are the test part.
    stratify : array-like of shape (n_samples,), optional
        Labels whose proportions both parts keep (requires ``shuffle``).
    seed : int, numpy.random.Generator or None
    random_state : int, numpy.random.Generator or None
        scikit-learn's name for ``seed``; give one or the other.

    Returns
    -------
    list
        ``[a_train, a_test, b_train, b_test, ...]``.

    Examples
    --------
    >>> import numpy as np
    >>> X, y = np.arange(20).reshape(10, 2), np.arange(10)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, seed=0)
    >>> X_train.shape, X_test.shape
    ((7, 2), (3, 2))
    """
    if not arrays:
        raise ValueError("train_test_split needs at least one array")
    arrays = [np.asarray(a) for a in arrays]
    n = arrays[0].shape[0]
    for i, a in enumerate(arrays[1:], start=1):
        if a.shape[0] != n:
            raise ValueError(f"array {i} has {a.shape[0]} rows but array 0 has {n}")
    if isinstance(test_size, (float, np.floating)) and 0 < test_size < 1:
        n_test = int(np.ceil(test_size * n))
    elif isinstance(test_size, (int, np.integer)) and 0 < test_size < n:
        n_test = int(test_size)
    else:
        raise ValueError(f"test_size must be a fraction in (0, 1) or a count in [1, {n - 1}], "
                         f"got {test_size!r}")
    if n_test >= n:
        raise ValueError(f"test_size={test_size!r} leaves no training samples out of {n}")
    if random_state is not None:
        if seed is not None:
            raise ValueError("give seed or random_state (its scikit-learn name), not both")
        seed = random_state
    rng = as_generator(seed)
    if stratify is not None:
        if not shuffle:
            raise ValueError("stratify requires shuffle=True")
        train_idx, test_idx = _stratified_split(np.asarray(stratify), n_test, rng)
    else:
        order = rng.permutation(n) if shuffle else np.arange(n)
        train_idx, test_idx = order[: n - n_test], order[n - n_test:]
    out = []
    for a in arrays:
        out += [a[train_idx], a[test_idx]]
    return out


def validation_split(n_samples: int, fraction: float, rng: np.random.Generator,
                     stratify=None, rounding: str = "round") -> tuple[Array, Array]:
    """Which rows to train on and which to hold out for validation.

    The one split of training data behind ``validation_fraction``:
    :func:`glassnet.fit`, the scikit-learn estimators' early stopping, and
    the command line's ``--validation-fraction``.

    ``n_val = round(fraction · n_samples)`` rows are held out: the first
    ``n_val`` of ``rng.permutation(n_samples)``, the rest train (in that
    shuffled order). With ``stratify``, each class gives its share of the
    ``n_val`` rows instead (largest remainders), as :func:`train_test_split`.

    Parameters
    ----------
    n_samples : int
    fraction : float in [0, 1)
        ``0`` holds nothing out (the training rows still come shuffled, so
        ``rng`` advances the same way for every fraction).
    rng : numpy.random.Generator
    stratify : array-like of shape (n_samples,), optional
        Labels whose proportions both parts keep.
    rounding : {"round", "ceil"}, default "round"
        How ``fraction · n_samples`` becomes a count of rows: ``"ceil"``
        holds out as scikit-learn's ``train_test_split`` does.

    Returns
    -------
    train_idx, val_idx : ndarray of int
        Disjoint; together every row once.

    Raises
    ------
    ValueError
        If ``fraction`` is not in [0, 1), or a positive fraction leaves no
        training row or no validation row; the message names
        ``validation_fraction``.

    Examples
    --------
    >>> import numpy as np
    >>> train, val = validation_split(10, 0.2, np.random.default_rng(0))
    >>> len(train), len(val), sorted([*train, *val]) == list(range(10))
    (8, 2, True)
    """
    if not (isinstance(fraction, (int, float, np.integer, np.floating)) and 0 <= fraction < 1):
        raise ValueError(f"validation_fraction must be in [0, 1), got {fraction!r}")
    if rounding not in ("round", "ceil"):
        raise ValueError(f"rounding must be 'round' or 'ceil', got {rounding!r}")
    n_val = int(round(fraction * n_samples) if rounding == "round"
                else np.ceil(fraction * n_samples))
    if fraction and n_val < 1:
        raise ValueError(f"validation_fraction={fraction} holds out fewer than one of "
                         f"{n_samples} rows; raise it or give more data")
    if n_val >= n_samples:
        raise ValueError(f"validation_fraction={fraction} leaves no training data out of "
                         f"{n_samples} rows")
    if stratify is not None and n_val:
        stratify = np.asarray(stratify)
        if stratify.shape != (n_samples,):
            raise ValueError(f"stratify must have shape ({n_samples},), got {stratify.shape}")
        return _stratified_split(stratify, n_val, rng)
    order = rng.permutation(n_samples)
    return order[n_val:], order[:n_val]


def _stratified_split(labels: Array, n_test: int, rng) -> tuple[Array, Array]:
    """Shuffled (train, test) indices, ``n_test`` held out with the classes' proportions."""
    test_idx = _stratified_test_indices(labels, n_test, rng)
    mask = np.zeros(labels.shape[0], dtype=bool)
    mask[test_idx] = True
    return rng.permutation(np.flatnonzero(~mask)), rng.permutation(test_idx)


def _stratified_test_indices(labels: Array, n_test: int, rng) -> Array:
    classes, inverse = np.unique(labels, return_inverse=True)
    counts = np.bincount(inverse)
    # Largest-remainder allocation of n_test across classes by their share.
    exact = counts * n_test / labels.shape[0]
    take = np.floor(exact).astype(int)
    for k in np.argsort(-(exact - take), kind="stable")[: n_test - take.sum()]:
        take[k] += 1
    chosen = [rng.permutation(np.flatnonzero(inverse == k))[: take[k]] for k in range(len(classes))]
    return np.concatenate(chosen)


def balanced_weights(labels) -> Array:
    """Each sample's weight so that every class weighs as much in the loss, shape (n,):
    ``wᵢ = n / (K · n_{yᵢ})`` for ``K`` classes present, ``n_c`` samples of class ``c``
    (scikit-learn's ``class_weight="balanced"``). The weights average 1.

    >>> balanced_weights([0, 0, 0, 1]).tolist()
    [0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 2.0]
    """
    _, index, counts = np.unique(np.asarray(labels), return_inverse=True, return_counts=True)
    return len(index) / (len(counts) * counts[index.reshape(-1)].astype(np.float64))


def one_hot(labels, classes=None, dtype=np.float64) -> Array:
    """One column per class, 1 where the label is that class.

    Parameters
    ----------
    labels : array-like of shape (n_samples,)
    classes : int or array-like, optional
        The column order; by default the sorted unique labels. An int ``n``
        (Keras's ``num_classes``) is the classes ``0, 1, ..., n - 1``.

    Returns
    -------
    ndarray of shape (n_samples, n_classes)

    Raises
    ------
    ValueError
        If a label is not among ``classes`` (the first one is named).

    Examples
    --------
    >>> one_hot([0, 2, 1], 3)
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    """
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D, got shape {labels.shape}")
    if isinstance(classes, (int, np.integer)) and not isinstance(classes, bool):
        if classes < 1:
            raise ValueError(f"n_classes must be a positive integer, got {classes}")
        classes = np.arange(classes)
    if classes is None:
        classes, index = np.unique(labels, return_inverse=True)
    else:
        lookup = {c: i for i, c in enumerate(np.asarray(classes).tolist())}
        try:
            index = np.array([lookup[label] for label in labels.tolist()], dtype=np.int64)
        except KeyError as exc:
            raise ValueError(
                f"label {exc.args[0]!r} is not one of the classes {list(lookup)}"
            ) from None
        classes = np.asarray(classes)
    encoded = np.zeros((labels.shape[0], len(classes)), dtype=dtype)
    encoded[np.arange(labels.shape[0]), index] = 1
    return encoded


class Standardizer:
    """Scale each feature to mean 0 and standard deviation 1.

    A constant feature gets scale 1 (it becomes 0), so nothing is divided by 0.
    A feature with values near 1e308, whose squares overflow, is measured divided
    by a power of two (exact) and scaled back, so its statistics stay finite.
    The statistics are plain arrays, so they can be saved with a model.

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,)
    scale_ : ndarray of shape (n_features,)
    """

    def fit(self, X) -> Standardizer:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[0] == 0:
            raise ValueError(f"X must be a non-empty 2-D array, got shape {X.shape}")
        top = np.max(np.abs(np.where(np.isfinite(X), X, 0.0)), axis=0)
        # Powers of two, so X / unit and the statistics' · unit are exact: 1 for all but huge.
        unit = np.where(top > 1e100, np.ldexp(1.0, np.frexp(np.maximum(top, 1.0))[1] - 1), 1.0)
        self.mean_ = (X / unit).mean(axis=0) * unit
        std = (X / unit).std(axis=0) * unit
        self.scale_ = np.where(std > 0, std, 1.0)
        return self

    def transform(self, X, dtype=None) -> Array:
        X = np.asarray(X)
        dtype = dtype or (X.dtype if np.issubdtype(X.dtype, np.floating) else np.float64)
        if X.ndim != 2 or X.shape[1] != self.mean_.shape[0]:
            raise ValueError(f"X must have {self.mean_.shape[0]} columns, got shape {X.shape}")
        return ((X - self.mean_) / self.scale_).astype(dtype, copy=False)

    def fit_transform(self, X, dtype=None) -> Array:
        return self.fit(X).transform(X, dtype)

    def inverse_transform(self, X) -> Array:
        return np.asarray(X) * self.scale_ + self.mean_
