"""Unknown keyword arguments answered with the valid names and the closest one.

Python's own message for a misspelt keyword names the function that refused it,
which may be one the user never called (``Adam.__init__`` behind ``fit``).
:func:`checked_keywords` wraps a function with an explicit signature so that an
unknown keyword is a ``TypeError`` naming the function the user called, every
keyword it takes, and the closest one -- or, for the names other libraries use
(``verbose``, ``random_state``, ``lr``, ...), glassnet's word for them.

Examples
--------
>>> @checked_keywords
... def fit(X, *, epochs=100, learning_rate=0.1):
...     return epochs
>>> try:
...     fit(None, epoch=3)
... except TypeError as error:
...     print(error)
fit() got an unexpected keyword argument 'epoch'; valid keywords are: epochs,
learning_rate; did you mean 'epochs'?
"""

from __future__ import annotations

import difflib
import functools
import inspect

__all__ = ["checked_keywords", "unknown_keyword_message", "HINTS"]

#: Names from Keras, scikit-learn and PyTorch, and what glassnet calls them.
HINTS = {
    "verbose": "callbacks=[glassnet.callbacks.HistoryLogger()] prints a line per epoch",
    "random_state": "seed",
    "lr": "learning_rate",
    "learning_rate_init": "learning_rate",
    "nb_epoch": "epochs",
    "n_epochs": "epochs",
    "max_iter": "epochs",
    "validation_split": "validation_fraction",
    "n_iter_no_change": "patience",
    "alpha": "weight_decay",
    "clipnorm": "clip_norm",
    "num_classes": "n_classes",
    "activation_output": "output_activation",
    "random_seed": "seed",
}


def unknown_keyword_message(where: str, name: str, valid) -> str:
    """The message for keyword ``name`` refused by ``where``, among the ``valid`` names."""
    valid = list(valid)
    message = (f"{where} got an unexpected keyword argument {name!r}; valid keywords are: "
               f"{', '.join(valid)}")
    hint = HINTS.get(name)
    if hint in valid:
        return message + f"; did you mean {hint!r}?"
    if hint is not None and "=" in hint:
        return message + f"; {hint}"
    close = difflib.get_close_matches(name, valid, n=1, cutoff=0.6)
    if close:
        message += f"; did you mean {close[0]!r}?"
    return message


def checked_keywords(func):
    """Wrap ``func`` so an unknown keyword names the valid ones and the closest match.

    The wrapper keeps ``func``'s signature (``inspect.signature`` and ``help``
    show it) and costs one set difference per call.
    """
    parameters = inspect.signature(func).parameters
    accepted = frozenset(name for name, p in parameters.items()
                         if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))
    # Shown: the keyword-only options when there are some, else every name but self.
    shown = [name for name, p in parameters.items() if p.kind == p.KEYWORD_ONLY] or [
        name for name, p in parameters.items()
        if name in accepted and name not in ("self", "cls")]
    # A class is called by its name; a function or a method by its own.
    where = (func.__qualname__.rsplit(".", 1)[0] if func.__name__ == "__init__"
             else func.__name__) + "()"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        unknown = kwargs.keys() - accepted
        if unknown:
            name = sorted(unknown)[0]
            raise TypeError(unknown_keyword_message(where, name, shown))
        return func(*args, **kwargs)

    return wrapper

