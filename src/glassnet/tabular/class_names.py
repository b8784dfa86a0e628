"""Classes written alike are one class: ``Yes``, ``yes``, ``YES``, ``Yes.`` and ``Y`` in a
target are the same answer, typed by different hands (trial 41's call log: six classes for
two, accuracy 0.26 against 0.66 for the same model on the answers made one).

Two labels are *alike* when they are equal once letter case and a final ``.`` or ``!`` are
set aside, with ``y`` and ``n`` read as ``yes`` and ``no``. A label of one or two characters
is alike only to itself (and a final stop), but for ``y``, ``n``, ``no`` and ``ok``: ``C`` and
``c`` (a major and a minor key), ``AA``, ``Aa`` and ``aa`` (genotypes), ``CO`` and ``Co`` are
classes of their own. Should making labels one leave a single class, they stay apart.

A fit names each group of alike labels by its commonest spelling (the first in sorted order
on a tie); the model's classes are those names, so nothing else needs to be stored: a label
later given to the model (to evaluate it) is its class when written as the class is, else
the class it is alike to.
"""

from __future__ import annotations

__all__ = ["alike_key", "one_spelling", "spellings_of", "class_index", "spellings_note"]

_YES_NO = {"y": "yes", "n": "no"}
_SHORT_WORDS = frozenset(("y", "n", "no", "ok"))  # short labels alike in any letter case


def alike_key(label) -> str:
    """The key that labels written alike share (``"Yes."`` and ``"y"``: ``"yes"``)."""
    text = str(label).strip()
    bare = text.rstrip(".!").strip() or text
    if len(bare) <= 2 and bare.casefold() not in _SHORT_WORDS:
        return bare  # ("C" and "c": a major and a minor key; "Aa" and "aa", genotypes)
    key = bare.casefold()
    return _YES_NO.get(key, key)


def one_spelling(counts) -> dict:
    """``{label: class}`` for labels with their row counts (``{"Y": 40, "yes": 25, ...}``):
    each label's class is the commonest spelling of the labels alike to it."""
    groups = {}
    for label, n in counts.items():
        groups.setdefault(alike_key(label), []).append((label, n))
    named = {}
    for group in groups.values():
        spelling = min(group, key=lambda pair: (-pair[1], str(pair[0])))[0]
        named.update((label, spelling) for label, _ in group)
    return named


def spellings_of(named) -> dict:
    """``{class: [the other labels it stands for]}`` from :func:`one_spelling`'s ``named``, in
    order, for the classes that stand for more than one label."""
    spellings = {}
    for label, spelling in named.items():
        if label != spelling:
            spellings.setdefault(spelling, []).append(label)
    return {spelling: sorted(others, key=str)
            for spelling, others in sorted(spellings.items(), key=lambda pair: str(pair[0]))}


def class_index(classes, keys) -> list[int]:
    """Each of ``keys``' class in ``classes`` (as :func:`~.values.value_keys` writes them):
    its position when written as a class is, else that of the one class alike to it; -1 for
    neither (a label the classes do not know, or one alike to two of them)."""
    exact = {key: j for j, key in enumerate(classes)}
    alike = {}
    for j, key in enumerate(classes):
        alike.setdefault(alike_key(key), []).append(j)
    found = []
    for key in keys:
        same = alike.get(alike_key(key), ())
        found.append(exact[key] if key in exact else same[0] if len(same) == 1 else -1)
    return found


def spellings_note(name, spellings, most: int = 4) -> str:
    """The note that says which labels of the target ``name`` were made one class:
    ``the target 'Escalated': labels written alike are one class: 'Y' and 'yes' as 'Yes';
    'N' and 'no' as 'No'``; empty when none were."""
    if not spellings:
        return ""
    said = [", ".join(map(repr, others[:-1])) + " and " * (len(others) > 1) + repr(others[-1])
            + f" as {spelling!r}" for spelling, others in list(spellings.items())[:most]]
    more = f"; and {len(spellings) - most} more" if len(spellings) > most else ""
    return (f"the target {name!r}: labels written alike are one class (letter case, a final "
            f"stop, y/n for yes/no): {'; '.join(said)}{more}")
