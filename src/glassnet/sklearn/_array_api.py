"""scikit-learn's array API dispatch for the estimators: fit and predict in the input's namespace.

With ``sklearn.set_config(array_api_dispatch=True)`` (scikit-learn also wants
``SCIPY_ARRAY_API=1`` in the environment) and ``X`` an array of another
library than NumPy -- a PyTorch tensor (CPU or CUDA), a CuPy array, an
``array_api_strict`` array -- the estimators do what scikit-learn's own
array-API-ready estimators do:

* the network's parameters move to ``X``'s namespace and device and the
  epochs run there, on the engine's array API path (:mod:`glassnet.arrays`);
  ``coefs_`` and ``intercepts_`` are arrays of that namespace;
* ``predict``, ``predict_proba`` and ``predict_log_proba`` return arrays of
  the namespace, on the device, of the ``X`` they are given.

What is not arithmetic on the batches runs on a host copy, as
:class:`~glassnet.training.Trainer` checks any foreign array: scikit-learn's
input checks, the labels' encoding (``classes_`` stays a NumPy array; labels
that are not numbers come back from ``predict`` as NumPy), sample weights, and
``solver="lbfgs"`` (SciPy's L-BFGS-B works on NumPy vectors: the network
trains on the host, then its weights move to ``X``'s device). With dispatch
off (the default), nothing changes: a tensor is converted to NumPy by
scikit-learn's checks and everything is NumPy.
"""

from __future__ import annotations

import types

import numpy as np

from ..arrays import device, is_foreign, namespace, on_host, to_namespace, to_numpy

__all__ = ["dispatched", "prepare", "prepared_input", "place", "settle", "moved", "predict",
           "hidden", "labels", "two_columns", "flat", "log", "squared_norm", "all_finite"]


def dispatched(X):
    """``X`` when scikit-learn's ``array_api_dispatch`` is on and ``X`` is not NumPy; else None."""
    if not is_foreign(X):
        return None
    import sklearn

    return X if sklearn.get_config().get("array_api_dispatch", False) else None


def prepare(X, y, sample_weight):
    """``(like, X, y, sample_weight)``: ``like`` from :func:`dispatched`, and with it the
    three on the host for scikit-learn's checks (as given without it)."""
    like = dispatched(X)
    if like is None:
        return None, X, y, sample_weight
    return (like, *on_host(X, y, sample_weight))


def prepared_input(est, X, method: str):
    """``(like, X)`` for a fitted ``est``'s ``method``: as :func:`prepare`, after
    scikit-learn's rule that, with dispatch on, ``X`` comes from the namespace and device
    the estimator was fitted on.

    Raises
    ------
    ValueError
        Naming ``est``'s class and ``method`` and both places, if it does not.
    """
    import sklearn

    home = _home(est._network)
    if sklearn.get_config().get("array_api_dispatch", False) and (is_foreign(home)
                                                                  or is_foreign(X)):
        if not (is_foreign(home) and is_foreign(X) and namespace(home) is namespace(X)
                and device(home) == device(X)):
            raise ValueError(f"{type(est).__name__}.{method}() must use the same namespace "
                             f"and device as fit: fitted on {_where(home)}, X is on "
                             f"{_where(X)}")
    like, X, _, _ = prepare(X, None, None)
    return like, X


def _where(a) -> str:
    return f"{namespace(a).__name__} ({device(a)})" if is_foreign(a) else "numpy (cpu)"


def place(net, like) -> None:
    """Put ``net``'s parameters where this fit's data are: ``like``'s device, else the host."""
    net.place(np.empty(0) if like is None else like)


def settle(est, like) -> None:
    """After a fit: ``est``'s network on ``like``'s device (the weights of ``solver="lbfgs"``
    move from the host), and ``coefs_``, ``intercepts_`` views of its arrays."""
    place(est._network, like)
    est._expose_parameters()
    # The training labels (the classifier's, for the fit's class weights and split) are
    # the fit's alone: kept, they would be a NumPy attribute beside X's namespace.
    est.__dict__.pop("_labels", None)


def moved(X, like):
    """The NumPy ``X`` in the namespace and on the device of ``like`` (``X`` if None)."""
    return X if like is None else to_namespace(X, namespace(like), device(like))


def _home(net):
    """An array where ``net``'s parameters live."""
    return net.layers[0].weights


def predict(net, X, like):
    """``net.predict`` of the checked NumPy ``X``: computed where the parameters are, returned
    in ``like``'s namespace (NumPy when ``like`` is None)."""
    home = _home(net)
    return _out(net.predict(moved(X, home) if is_foreign(home) else X), like)


def _out(a, like):
    """The engine's output ``a`` in ``like``'s namespace, on its device (NumPy if None)."""
    if like is None:
        return to_numpy(a)
    same = is_foreign(a) and namespace(a) is namespace(like) and device(a) == device(like)
    return a if same else moved(to_numpy(a), like)


def hidden(net, X, like) -> list:
    """Every hidden layer's output for the checked NumPy ``X``, in ``like``'s namespace."""
    home = _home(net)
    _, records = net.forward(moved(X, home) if is_foreign(home) else X)
    return [_out(record.a, like) for record in records[:-1]]


def labels(binarizer, out):
    """``binarizer.inverse_transform`` of the network's ``out``, in ``out``'s namespace when
    the labels are numbers (NumPy otherwise, and for NumPy ``out``)."""
    found = binarizer.inverse_transform(to_numpy(out))
    if not is_foreign(out) or np.asarray(found).dtype.kind not in "biuf":
        return found
    return moved(np.asarray(found), out)


def two_columns(p):
    """``[1 - p, p]`` as an (n, 2) array of ``p``'s namespace."""
    if not is_foreign(p):
        return np.column_stack([1 - p, p])
    xp = namespace(p)
    return xp.stack([1 - p, p], axis=1)


def flat(out):
    """``out`` as a 1-D array of its namespace."""
    return out.ravel() if not is_foreign(out) else namespace(out).reshape(out, (-1,))


def log(P):
    """``log(P)`` in ``P``'s namespace (``log 0 = -inf`` without a warning)."""
    if not is_foreign(P):
        with np.errstate(divide="ignore"):
            return np.log(P)
    return namespace(P).log(P)


def squared_norm(W) -> float:
    """``Σ w²`` over the weights ``W`` of any namespace (``inf`` past the float's range: a
    diverging fit, which says so itself)."""
    if not is_foreign(W):
        with np.errstate(over="ignore"):
            return float(np.dot(W.ravel(), W.ravel()))
    xp = namespace(W)
    return float(xp.sum(W * W))


def all_finite(params: dict) -> bool:
    """Whether every parameter array (of any namespace) is finite."""
    for p in params.values():
        xp = namespace(p)
        if not bool(xp.all(xp.isfinite(p))):
            return False
    return True


#: This module's functions as one namespace, ``api.predict(...)``, for the estimators.
api = types.SimpleNamespace(**{name: globals()[name] for name in __all__})
