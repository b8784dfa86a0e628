"""One registry by name, shared by activations, losses, initializers and optimizers.

Names are found one way everywhere: case does not matter, and ``-`` or a space
stand for ``_``, so ``"Leaky-ReLU"`` finds ``leaky_relu``. An entry may have
aliases. An unknown name is a ``ValueError`` that names the kind, lists the
valid names and suggests the closest one.

Examples
--------
>>> from glassnet.registry import Registry
>>> colours = Registry("colour")
>>> colours.register("#ff0000", "red", aliases=("rouge",))
'#ff0000'
>>> colours.get("Rouge")
'#ff0000'
>>> colours.get("rde")
Traceback (most recent call last):
...
ValueError: unknown colour 'rde'; valid names are: red (aliases: rouge); did you mean 'red'?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Generic, TypeVar

__all__ = ["Registry", "format_rows", "normalize"]

T = TypeVar("T")


def normalize(name: str) -> str:
    """The key a name is looked up by: ``" Leaky-ReLU"`` becomes ``"leaky_relu"``."""
    return name.strip().lower().replace("-", "_").replace(" ", "_")


class Registry(Generic[T]):
    """Entries of one kind by name, with aliases, in the order registered.

    Parameters
    ----------
    kind : str
        What the entries are, for messages: ``"activation"``, ``"loss"``.
    instance_of : type, optional
        Objects of this type stand for themselves: :meth:`get` returns them as
        they are. Without it, :meth:`get` takes names only.
    """

    def __init__(self, kind: str, instance_of: type | None = None):
        self.kind = kind
        self.instance_of = instance_of
        self._entries: dict[str, T] = {}  # canonical name → entry
        self._aliases: dict[str, list[str]] = {}  # canonical name → its aliases
        self._keys: dict[str, str] = {}  # normalized name or alias → canonical name

    def register(self, obj: T, name: str, aliases: Iterable[str] = ()) -> T:
        """Add ``obj`` under ``name`` and ``aliases``, and return it.

        Registering a name again replaces its entry. A name or alias that
        already belongs to another entry is a ``ValueError``: it would make
        one of the two unreachable.
        """
        aliases = list(aliases)
        keys = [normalize(n) for n in (name, *aliases)]
        for key in keys:
            owner = self._keys.get(key, name)
            if owner != name:
                raise ValueError(f"{self.kind} name {key!r} is already taken by {owner!r}")
        self._entries[name] = obj
        known = self._aliases.setdefault(name, [])
        known += [a for a in aliases if a not in known]
        self._keys.update(dict.fromkeys(keys, name))
        return obj

    def names(self) -> list[str]:
        """The canonical names, in the order registered."""
        return list(self._entries)

    def aliases(self, name: str) -> list[str]:
        """The aliases of the canonical ``name``, in the order registered."""
        return list(self._aliases[name])

    def table(self, **columns: str) -> list[dict[str, str]]:
        """One row per entry: ``name``, ``aliases`` and a column per attribute.

        ``columns`` maps a column to the attribute of the entry it shows, e.g.
        ``formula="formula", range="output_range"``.
        """
        return [{"name": name, "aliases": ", ".join(self._aliases[name]),
                 **{column: getattr(entry, attr) for column, attr in columns.items()}}
                for name, entry in self._entries.items()]

    def get(self, name: str | T) -> T:
        """The entry called ``name`` (a canonical name or an alias).

        Raises
        ------
        ValueError
            If no entry has that name; the message lists the valid names.
        TypeError
            If ``name`` is neither a str nor an ``instance_of`` object.
        """
        if self.instance_of is not None and isinstance(name, self.instance_of):
            return name
        if not isinstance(name, str):
            wanted = "a name (str)"
            if self.instance_of is not None:
                kind = self.instance_of.__name__
                wanted += f" or {'an' if kind[0] in 'AEIOU' else 'a'} {kind}"
            raise TypeError(f"{self.kind} must be {wanted}, got {type(name).__name__}")
        canonical = self._keys.get(normalize(name))
        if canonical is None:
            raise ValueError(self._unknown(name))
        return self._entries[canonical]

    def _unknown(self, name: str) -> str:
        """The message for an unknown name: the valid names and the closest one."""
        message = f"unknown {self.kind} {name!r}; valid names are: {', '.join(self._entries)}"
        aliases = sorted(a for names in self._aliases.values() for a in names)
        if aliases:
            message += f" (aliases: {', '.join(aliases)})"
        close = difflib.get_close_matches(normalize(name), self._keys, n=1)
        if close:
            message += f"; did you mean {close[0]!r}?"
        return message


def format_rows(rows: list[dict[str, str]], headers: dict[str, str]) -> str:
    """``rows`` as aligned plain text for a terminal, under ``headers`` (column → title)."""
    widths = {k: max(len(title), *(len(row[k]) for row in rows)) for k, title in headers.items()}
    lines = ["  ".join(title.ljust(widths[k]) for k, title in headers.items()).rstrip(),
             "  ".join("-" * width for width in widths.values())]
    lines += ["  ".join(row[k].ljust(widths[k]) for k in headers).rstrip() for row in rows]
    return "\n".join(lines)
