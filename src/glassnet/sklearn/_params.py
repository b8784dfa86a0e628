"""The estimators' hyperparameters: one signature, checked at fit, never in ``__init__``."""

from __future__ import annotations

import inspect
import math
import numbers

import numpy as np

from ..schedules import Schedule

__all__ = ["with_keywords", "with_leading", "check_params", "check_sample_weight",
           "stochastic_solver"]


def with_keywords(base_init, **extra):
    """``base_init`` plus keyword-only parameters ``extra`` (name=default), stored as attributes.

    scikit-learn reads an estimator's parameters from the signature of its
    class's ``__init__`` (for ``get_params``, ``clone``, grid search). The
    returned ``__init__`` reports ``base_init``'s signature followed by
    ``extra``, so the shared parameter list is written once, in
    ``_BaseMLP.__init__``, and a subclass adds only what is its own.

    Examples
    --------
    >>> class Base:
    ...     def __init__(self, size=3, *, alpha=0.1):
    ...         self.size, self.alpha = size, alpha
    >>> class Weighted(Base):
    ...     __init__ = with_keywords(Base.__init__, class_weight=None)
    >>> inspect.signature(Weighted)
    <Signature (size=3, *, alpha=0.1, class_weight=None)>
    >>> vars(Weighted(5, class_weight="balanced")) == {
    ...     "size": 5, "alpha": 0.1, "class_weight": "balanced"}
    True
    """
    signature = inspect.signature(base_init)
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default)
             for name, default in extra.items()]

    def __init__(self, *args, **kwargs):
        for name, default in extra.items():
            setattr(self, name, kwargs.pop(name, default))
        base_init(self, *args, **kwargs)

    __init__.__signature__ = signature.replace(
        parameters=[*signature.parameters.values(), *added])
    return __init__


def with_leading(base_init, name, default):
    """``base_init`` with its keyword ``name`` made the first parameter, default ``default``:
    scikit-learn's ``MLPRegressor(loss="squared_error", hidden_layer_sizes, activation, *,
    ...)``, so that a positional argument means what it means there.

    Examples
    --------
    >>> class Base:
    ...     def __init__(self, size=3, *, loss=None):
    ...         self.size, self.loss = size, loss
    >>> class Led(Base):
    ...     __init__ = with_leading(Base.__init__, "loss", "squared_error")
    >>> inspect.signature(Led)
    <Signature (loss='squared_error', size=3)>
    >>> vars(Led("poisson", 5)) == {"size": 5, "loss": "poisson"}
    True
    """
    signature = inspect.signature(base_init)
    rest = [p for p in signature.parameters.values() if p.name != name]

    def __init__(self, *args, **kwargs):
        if args and name in kwargs:
            raise TypeError(f"{type(self).__name__}() got multiple values for argument {name!r}")
        value = kwargs.pop(name) if name in kwargs else args[0] if args else default
        if args and args[0] is not None and not isinstance(args[0], str) \
                and not hasattr(args[0], "gradient"):
            raise TypeError(f"{type(self).__name__}'s first parameter is {name}, as in "
                            f"scikit-learn's; got {args[0]!r}: give "
                            f"{list(signature.parameters)[1]}={args[0]!r} by name")
        base_init(self, *args[1:], **{name: value}, **kwargs)

    first = inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default)
    __init__.__signature__ = signature.replace(parameters=[rest[0], first, *rest[1:]])
    return __init__


def check_params(est) -> list[int]:
    """Check ``est``'s hyperparameters; return the hidden layer sizes as a list.

    Raises
    ------
    ValueError
        Naming the first bad parameter, what it must be, and its value.
    """
    hidden = est.hidden_layer_sizes
    if isinstance(hidden, (str, bytes)) or not (isinstance(hidden, numbers.Integral)
                                                or hasattr(hidden, "__iter__")):
        raise ValueError(f"hidden_layer_sizes must be a positive integer or a sequence of "
                         f"them, such as (100,) or [64, 32]; got {hidden!r}")
    hidden = [hidden] if isinstance(hidden, numbers.Integral) else list(hidden)
    if not all(isinstance(h, numbers.Integral) and h > 0 for h in hidden):
        raise ValueError(f"hidden_layer_sizes must be positive integers, got {hidden!r}")
    checks = [  # (holds, parameter, what it must be)
        (est.solver in ("lbfgs", "sgd", "adam"), "solver", "'lbfgs', 'sgd' or 'adam'"),
        (isinstance(est.learning_rate, Schedule)
         or est.learning_rate in ("constant", "invscaling", "adaptive"), "learning_rate",
         "'constant', 'invscaling', 'adaptive' or a glassnet.schedules.Schedule"),
        (_positive(est.learning_rate_init), "learning_rate_init", "> 0"),
        (_non_negative(est.alpha), "alpha", ">= 0"),
        (isinstance(est.max_iter, numbers.Integral) and est.max_iter >= 1, "max_iter",
         "a positive integer"),
        (_non_negative(est.tol), "tol", ">= 0"),
        ((isinstance(est.n_iter_no_change, numbers.Integral) and est.n_iter_no_change >= 1)
         or est.n_iter_no_change == math.inf, "n_iter_no_change", "a positive integer or inf"),
        (isinstance(est.max_fun, numbers.Integral) and est.max_fun >= 1, "max_fun",
         "a positive integer"),
        (_non_negative(est.momentum) and est.momentum < 1, "momentum", "in [0, 1)"),
        (_non_negative(est.beta_1) and est.beta_1 < 1, "beta_1", "in [0, 1)"),
        (_non_negative(est.beta_2) and est.beta_2 < 1, "beta_2", "in [0, 1)"),
        (_positive(est.epsilon), "epsilon", "> 0"),
        (_non_negative(est.power_t), "power_t", ">= 0"),
        (_positive(est.validation_fraction) and est.validation_fraction < 1,
         "validation_fraction", "in (0, 1)"),
        (est.batch_size == "auto" or (isinstance(est.batch_size, numbers.Integral)
                                      and est.batch_size >= 1),
         "batch_size", "'auto' or a positive integer"),
        (est.dtype in (None, np.float32, np.float64, "float32", "float64"), "dtype",
         "None, numpy.float32 or numpy.float64"),
    ]
    for holds, name, requirement in checks:
        if not holds:
            raise ValueError(f"{name} must be {requirement}; got {name}={getattr(est, name)!r}")
    return hidden


def check_sample_weight(sample_weight, n_samples):
    """``sample_weight`` as a float64 array of shape (n_samples,) (a scalar: each row's), or
    None; a ValueError for a wrong shape, a negative or non-finite weight, or all zeros."""
    if sample_weight is None:
        return None
    weights = np.asarray(sample_weight, dtype=np.float64)
    if weights.ndim == 0:
        weights = np.full(n_samples, float(weights))
    if weights.shape != (n_samples,):
        raise ValueError(f"sample_weight.shape == {weights.shape}, expected ({n_samples},)!")
    if not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise ValueError("sample_weight must be finite and non-negative")
    if not weights.any():
        raise ValueError("Sample weights must contain at least one non-zero number.")
    return weights


def _positive(value) -> bool:
    return isinstance(value, numbers.Real) and value > 0 and math.isfinite(value)


def _non_negative(value) -> bool:
    return isinstance(value, numbers.Real) and value >= 0 and math.isfinite(value)


def stochastic_solver(est) -> bool:
    """``partial_fit`` exists for the stochastic solvers only, as in scikit-learn."""
    if est.solver == "lbfgs":
        raise AttributeError("partial_fit is only available for stochastic optimizers. "
                             "lbfgs is not stochastic.")
    return True
