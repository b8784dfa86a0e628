"""The playground's data sets without a file: the tutorial's, XOR, spirals, circles, scikit-learn's.

Each is made by a function of a :class:`numpy.random.Generator`, so the same
seed gives the same points. A classification's targets are one-hot rows (one
output per class); a regression's are standardized, and the scaler is kept to
show predictions in the target's units.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..data import Standardizer, one_hot

__all__ = ["Dataset", "BUILTIN", "builtin", "from_arrays"]


@dataclass
class Dataset:
    """What the playground trains on.

    Attributes
    ----------
    name : str
        ``"xor"``, ``"spirals"``, ..., or the uploaded file's name.
    X : ndarray of shape (n_samples, n_inputs)
        The network's inputs.
    Y : ndarray of shape (n_samples, n_outputs)
        One-hot classes (two classes in one 0/1 column for the tutorial's set, whose
        network has one output), or a standardized target.
    feature_names : list of str
    task : {"classification", "regression"}
    classes : list or None
        The class labels, one per output.
    validation : (X_val, Y_val) or None
    target_scaler : Standardizer or None
        A regression target's standardization.
    rows : list of str
        Where each training example came from ("row 12 (line 14)"), for the explanation.
    table : object or None
        The uploaded table's :class:`~glassnet.tabular.prepare.PreparedTable` and frame.
    run : PresetRun or None
        With the ``fast`` or ``best`` preset: the run whose member trains on
        these rows (:mod:`.recipes`); None for the tutorial network.
    """

    name: str
    X: np.ndarray
    Y: np.ndarray
    feature_names: list[str]
    task: str = "classification"
    classes: list | None = None
    validation: tuple | None = None
    target_scaler: Standardizer | None = None
    rows: list[str] = field(default_factory=list)
    table: object = None
    run: object = None

    def describe(self) -> dict:
        """The data set as the page needs it: names, classes, and its points (at most 1,000)."""
        n = min(len(self.X), 1000)
        labels = (self.Y[:n].argmax(axis=1) if self.task == "classification" and
                  self.Y.shape[1] > 1 else (self.Y[:n, 0] >= 0.5).astype(int)
                  if self.task == "classification" else self.Y[:n, 0])
        return {"name": self.name, "task": self.task, "n_samples": len(self.X),
                "n_inputs": self.X.shape[1], "n_outputs": self.Y.shape[1],
                "feature_names": self.feature_names,
                "classes": None if self.classes is None else [str(c) for c in self.classes],
                "points": self.X[:n].tolist(), "labels": labels.tolist(),
                "validation": 0 if self.validation is None else len(self.validation[0])}


def from_arrays(name, X, labels=None, target=None, feature_names=None) -> Dataset:
    """A :class:`Dataset` from inputs and class labels (or a regression ``target``)."""
    X = np.asarray(X, dtype=np.float64)
    names = feature_names or [f"x{i + 1}" for i in range(X.shape[1])]
    rows = [f"example {i + 1}" for i in range(len(X))]
    if labels is not None:
        classes = sorted(set(np.asarray(labels).tolist()))
        return Dataset(name, X, one_hot(labels, classes), names, "classification",
                       classes, rows=rows)
    y = np.asarray(target, dtype=np.float64).reshape(-1, 1)
    scaler = Standardizer().fit(y)
    return Dataset(name, X, scaler.transform(y), names, "regression", None,
                   target_scaler=scaler, rows=rows)


def _tutorial(rng):
    from ..tutorial import truth_table

    X, y = truth_table()  # one output, as the tutorial's 3-3-1 network has: F's 0 or 1
    rows = [f"example {i + 1}" for i in range(len(X))]
    return Dataset("tutorial", np.asarray(X, dtype=np.float64),
                   np.asarray(y, dtype=np.float64).reshape(-1, 1), ["x", "y", "z"],
                   "classification", [0, 1], rows=rows)


def _xor(rng, n=200):
    # Points in the four quadrants, kept 0.1 away from the axes so the classes are apart.
    u = rng.uniform(-1, 1, size=(n, 2))
    X = u + 0.1 * np.sign(u)
    return from_arrays("xor", X, (X[:, 0] * X[:, 1] > 0).astype(int))


def _spirals(rng, n=200):
    t = np.sqrt(rng.uniform(0.05, 1, size=n)) * 3 * np.pi
    label = np.arange(n) % 2
    angle = t + np.pi * label
    X = np.column_stack([t * np.cos(angle), t * np.sin(angle)]) / (3 * np.pi)
    return from_arrays("spirals", X + rng.normal(0, 0.02, size=X.shape), label)


def _circles(rng, n=200):
    label = np.arange(n) % 2
    radius = np.where(label == 0, rng.uniform(0, 0.45, n), rng.uniform(0.65, 1.0, n))
    angle = rng.uniform(0, 2 * np.pi, n)
    return from_arrays("circles", np.column_stack([radius * np.cos(angle),
                                                  radius * np.sin(angle)]), label)


def _sklearn(loader_name, regression=False):
    def make(rng):
        try:
            from sklearn import datasets
        except ImportError:
            raise ImportError('the scikit-learn data sets need scikit-learn: '
                              'pip install "glassnet[sklearn]"') from None
        bunch = getattr(datasets, loader_name)()
        X = Standardizer().fit(bunch.data).transform(bunch.data)
        names = [str(n) for n in bunch.feature_names]
        name = loader_name.removeprefix("load_")
        if regression:
            return from_arrays(name, X, target=bunch.target, feature_names=names)
        labels = np.asarray(bunch.target_names)[bunch.target]
        return from_arrays(name, X, labels, feature_names=names)
    return make


# name -> (title, maker); the page lists them in this order.
BUILTIN = {
    "tutorial": ("the tutorial's Boolean function F(x,y,z) = xy + z̄", _tutorial),
    "xor": ("XOR: the four quadrants", _xor),
    "spirals": ("two spirals", _spirals),
    "circles": ("a circle in a ring", _circles),
    "iris": ("iris (scikit-learn, standardized)", _sklearn("load_iris")),
    "wine": ("wine (scikit-learn, standardized)", _sklearn("load_wine")),
    "breast_cancer": ("breast cancer (scikit-learn, standardized)",
                      _sklearn("load_breast_cancer")),
    "diabetes": ("diabetes, a regression (scikit-learn, standardized)",
                 _sklearn("load_diabetes", regression=True)),
}


def builtin(name: str, seed: int = 0) -> Dataset:
    """The built-in data set ``name`` (a key of :data:`BUILTIN`), its points drawn with ``seed``.

    Raises
    ------
    ValueError
        For an unknown name, listing the known ones.
    """
    if name not in BUILTIN:
        raise ValueError(f"dataset must be one of {', '.join(BUILTIN)}; got {name!r}")
    return BUILTIN[name][1](np.random.default_rng(seed))
