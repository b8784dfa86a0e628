"""The page's state as one declarative, JSON-able description, checked in one place.

Every control of the page is a key here; :func:`checked` merges changes into
a configuration and refuses a bad value with a message naming the key, so the
page (or anyone with the API) can send any subset and rebuild the same run.
"""

from __future__ import annotations

import math

from .. import activations as _activations
from .. import losses as _losses
from .. import optimizers as _optimizers

__all__ = ["DEFAULTS", "PRESETS", "SCHEDULES", "MAX_LAYERS", "MAX_WIDTH", "checked", "choices"]

SCHEDULES = ("constant", "invscaling", "adaptive")
MAX_LAYERS, MAX_WIDTH = 6, 64

DEFAULTS = {
    "hidden": [8, 8],
    "activation": ["tanh", "tanh"],
    "output_activation": "auto",  # softmax to classify, identity to regress
    "loss": "auto",               # cross_entropy to classify, squared_error to regress
    "optimizer": "adam",
    "learning_rate": 0.03,
    "schedule": "constant",
    "batch_size": 10,             # 0 is the whole set at each step
    "weight_decay": 0.0,
    "momentum": 0.0,
    "seed": 0,
    "preset": "tutorial",         # fast and best: a table with glassnet.tabular's recipe
}

#: The presets of a table (``glassnet.tabular.presets``); the built-in sets train ``tutorial``.
PRESETS = ("tutorial", "fast", "best")


def choices() -> dict:
    """What each named option may be, for the page's menus."""
    return {"activation": _activations.names(),
            "output_activation": ["auto", *_activations.names()],
            "loss": ["auto", *_losses.names()], "optimizer": _optimizers.names(),
            "schedule": list(SCHEDULES), "preset": list(PRESETS)}


def _number(key, value, low, high, integer=False):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(value) or not low <= value <= high or \
            (integer and int(value) != value):
        kind = "a whole number" if integer else "a number"
        bounds = f"{low:,} to {high:,}" if integer else f"{low:g} to {high:g}"
        got = "nothing readable" if value is None else repr(value)  # (the page's NaN: null)
        raise ValueError(f"{key} must be {kind} from {bounds}, got {got}")
    return int(value) if integer else float(value)


def _name(key, value, allowed):
    if value not in allowed:
        raise ValueError(f"{key} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def checked(config: dict, changes: dict) -> dict:
    """``config`` with ``changes`` applied, every value checked.

    ``activation`` may be one name (for every hidden layer) or one per layer;
    when ``hidden`` changes length, a shorter list of activations is padded
    with its last one.

    Raises
    ------
    ValueError
        An unknown key, or a value out of its range, naming the key.
    """
    unknown = sorted(set(changes) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"unknown setting {unknown[0]!r}; the settings are {', '.join(DEFAULTS)}")
    new = {**config, **changes}
    hidden = new["hidden"]
    if not isinstance(hidden, list) or len(hidden) > MAX_LAYERS:
        raise ValueError(f"hidden must be a list of at most {MAX_LAYERS} layer sizes, "
                         f"got {hidden!r}")
    new["hidden"] = [_number("hidden", n, 1, MAX_WIDTH, integer=True) for n in hidden]
    acts = new["activation"]
    acts = [acts] if isinstance(acts, str) else acts
    if not hidden:  # no hidden layer: the inputs meet the outputs, no hidden activation
        acts = ["tanh"] if acts == [] else acts
    if not isinstance(acts, list) or not acts or not all(isinstance(a, str) for a in acts):
        raise ValueError(f"activation must be a name or a list of names, one per hidden "
                         f"layer, got {acts!r}")
    acts = (acts + [acts[-1]] * len(hidden))[:len(hidden)]
    new["activation"] = [_name("activation", a, _activations.names()) for a in acts]
    for key in ("output_activation", "loss", "optimizer", "schedule", "preset"):
        new[key] = _name(key, new[key], choices()[key])
    new["learning_rate"] = _number("learning_rate", new["learning_rate"], 1e-6, 10)
    new["batch_size"] = _number("batch_size", new["batch_size"], 0, 1_000_000, integer=True)
    new["weight_decay"] = _number("weight_decay", new["weight_decay"], 0, 10)
    new["momentum"] = _number("momentum", new["momentum"], 0, 0.999)
    new["seed"] = _number("seed", new["seed"], 0, 2**32 - 1, integer=True)
    return new
