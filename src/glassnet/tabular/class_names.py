"""Classes written alike are one class: ``Yes``, ``yes``, ``YES``, ``Yes.`` and ``Y`` in a
target are the same answer, typed by different hands (trial 41's call log: six classes for
two, accuracy 0.26 against 0.66 for the same model on the answers made one).

Two labels are *alike* when they are equal once letter case and a final ``.`` or ``!`` are
set aside, with ``y`` and ``n`` read as ``yes`` and ``no`` (and ``1``, ``0``, ``true``,
``false``, ``t``, ``f`` too, among labels that say yes and no in words). A label of one or
two characters is alike only to itself (and a final stop), but for ``y``, ``n``, ``no`` and
``ok``: ``C`` and ``c`` (a major and a minor key), ``AA``, ``Aa`` and ``aa`` (genotypes),
``CO`` and ``Co`` are classes of their own. Should making labels one leave a single class,
they stay apart.

A fit names each group of alike labels by its commonest spelling (the first in sorted order
on a tie); the model's classes are those names, so nothing else needs to be stored: a label
later given to the model (to evaluate it) is its class when written as the class is, else
the class it is alike to.

An input column's categories written alike are one category the same way
(:func:`merged_spellings`): its state keeps, beside each category, the other spellings seen
in training (``"spellings"``), so that every reader of the state (the encoder, its target
means, the ONNX export) maps them alike (:func:`spelled`). A spelling training never saw
(``"AUTOMATIC"``) is its category too where it is alike to one (:func:`alike_places`); ONNX
Runtime, which cannot fold letter case without a locale, reads it as unseen.
"""

from __future__ import annotations

__all__ = ["TRUE_WORDS", "FALSE_WORDS", "UNKNOWN_WORDS", "alike_key", "says_yes_no", "one_spelling",
           "spellings_of", "class_index", "spellings_note", "merged_spellings", "spelled",
           "alike_places", "alike_written"]

_YES_NO = {"y": "yes", "n": "no"}
_SHORT_WORDS = frozenset(("y", "n", "no", "ok"))  # short labels alike in any letter case
# Among labels that are all yes and no, one at least in a word, these are yes and no too
# (trial 42's gym: "yes", "no", "1" and "0" were four classes for two; not amino acids'
# T and F beside Y and N, nor 0 to 3 beside yes and no: the review).
TRUE_WORDS = ("yes", "true", "y", "t", "1", "si", "sí", "ja", "oui", "j")  # (in the order a
FALSE_WORDS = ("no", "false", "n", "f", "0", "nein", "non")  # column's table names them)
# Beside yes and no, a column's "unknown" (and "k.A.", keine Angabe) is a missing answer: a
# yes/no column with it was three categories, not yes or no and a missing indicator.
UNKNOWN_WORDS = frozenset(("unknown", "unk", "not known", "k.a.", "keine angabe", "inconnu",
                           "unbekannt", "desconocido", "sconosciuto", "onbekend"))
_TRUTHS = {**dict.fromkeys((*TRUE_WORDS, "1.0"), "yes"),
           **dict.fromkeys((*FALSE_WORDS, "0.0"), "no")}
_WORDS = frozenset(("yes", "no", "y", "n", "true", "false", "ja", "nein", "oui", "non",
                    "si", "sí"))  # (a word for yes or no: what makes the rest yes and no)


def alike_key(label, yes_no: bool = False, short: bool = False) -> str:
    """The key that labels written alike share (``"Yes."`` and ``"y"``: ``"yes"``); with
    ``yes_no`` (:func:`says_yes_no` of the labels), ``"1"``, ``"TRUE"`` and ``"ja"`` too;
    with ``short``, labels of one or two characters in any letter case too."""
    text = str(label).strip()
    bare = text.rstrip(".!").strip() or text
    if yes_no and bare.casefold() in _TRUTHS:
        return _TRUTHS[bare.casefold()]
    if len(bare) <= 2 and bare.casefold() not in _SHORT_WORDS and not short:
        return bare  # ("C" and "c": a major and a minor key; "Aa" and "aa", genotypes)
    key = bare.casefold()
    return _YES_NO.get(key, key)


def says_yes_no(labels) -> bool:
    """Whether ``labels`` all say yes or no, both, one of them at least in a word (``yes``,
    ``False``): then ``1``, ``0``, ``t`` and ``f`` among them are yes and no as well."""
    said = [_said(v) for v in labels]
    letters = {"t", "f"} & set(said) and not {"true", "false"} & set(said)  # (T, F: amino
    return {_TRUTHS.get(s) for s in said} == {"yes", "no"} and any(  # acids beside Y and N)
        s in _WORDS for s in said) and not letters


def one_spelling(counts, short: bool = False) -> dict:
    """``{label: class}`` for labels with their row counts (``{"Y": 40, "yes": 25, ...}``):
    each label's class is the commonest spelling of the labels alike to it (``short``: as
    :func:`alike_key` says)."""
    groups, yes_no = {}, says_yes_no(counts)
    for label, n in counts.items():
        groups.setdefault(alike_key(label, yes_no, short), []).append((label, n))
    family = _family(counts) if yes_no else None  # ("Yes" and "No", not "Yes" and "FALSE")
    named = {}
    for group in groups.values():  # (yes and no named by a word: "1" says no "yes")
        worded = [pair for pair in group if not yes_no or _said(pair[0]) in _WORDS]
        worded = [pair for pair in worded if _said(pair[0]) in family] if family else worded
        spelling = min(worded or group, key=lambda pair: (-pair[1], str(pair[0])))[0]
        named.update((label, spelling) for label, _ in group)
    return named


_FAMILIES = (("yes", "no"), ("true", "false"), ("y", "n"), ("ja", "nein"), ("oui", "non"),
             ("si", "no"), ("sí", "no"))


def _family(counts):
    """The pair of words for yes and no that names the most rows, of those ``counts`` (labels'
    rows) holds both of; None for none."""
    said = {}
    for label, n in counts.items():
        said[_said(label)] = said.get(_said(label), 0) + n
    pairs = [pair for pair in _FAMILIES if pair[0] in said and pair[1] in said]
    return max(pairs, key=lambda pair: said[pair[0]] + said[pair[1]]) if pairs else None


def _said(label) -> str:
    return str(label).strip().rstrip(".!").casefold()


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
    exact, yes_no = {key: j for j, key in enumerate(classes)}, says_yes_no(classes)
    alike, plain = {}, {}  # (a model of "0", "1", "no", "yes": "Y" is "yes", as it was)
    for j, key in enumerate(classes):
        alike.setdefault(alike_key(key, yes_no), []).append(j)
        plain.setdefault(alike_key(key), []).append(j)
    found = []
    for key in keys:
        same = alike.get(alike_key(key, yes_no), ())
        same = same if len(same) == 1 else plain.get(alike_key(key), ())
        found.append(exact[key] if key in exact else same[0] if len(same) == 1 else -1)
    return found


def spellings_note(name, spellings, most: int = 4, target: bool = True) -> str:
    """The note that says which labels of the target ``name`` were made one class:
    ``the target 'Escalated': labels written alike are one class: 'Y' and 'yes' as 'Yes';
    'N' and 'no' as 'No'``, or (not ``target``) which values of the input column ``name``
    were made one category; empty when none were."""
    if not spellings:
        return ""
    said = [", ".join(map(repr, others[:-1])) + " and " * (len(others) > 1) + repr(others[-1])
            + f" as {spelling!r}" for spelling, others in list(spellings.items())[:most]]
    more = f"; and {len(spellings) - most} more" if len(spellings) > most else ""
    if not target:  # (an input's: the rule is the target's, said once in the docs)
        return f"{name}: values written alike are one category: {'; '.join(said)}{more}"
    return (f"the target {name!r}: labels written alike are one class (letter case, a final "
            f"stop, y/n or 1/0 for yes/no): {'; '.join(said)}{more}")


def merged_spellings(counts, keep=frozenset()) -> tuple[dict, dict]:
    """``(counts, spellings)`` for an input column's ``{value: rows}``: the rows of values
    written alike added up under their commonest spelling, and :func:`spellings_of` of
    them. Values in ``keep`` alike to another there (units: ``MW`` and ``mW`` differ; a
    section ``bar`` is its ``Bar``) and values with a digit
    (codes: ``BRCA1`` and ``Brca1``, ``AB-1a`` and ``AB-1A``) stay as written; and all do
    where they are short codes in capitals and in title case as often, none in lower case
    (gene symbols, ``KRAS`` and ``Kras``). Values of one or two characters are made one
    too (``hp``, ``HP``) where the values written several ways are half the column's."""
    units = [str(v).lower() for v in counts if v in keep]  # (two units alike: MW and mW;
    keep = {v for v in counts if v in keep and units.count(str(v).lower()) > 1}  # "bar", Bar)
    kept = {value: n for value, n in counts.items() if value not in keep
            and not any(c.isdigit() for c in str(value))}
    named = one_spelling(kept)
    groups = [[spelling, *others] for spelling, others in spellings_of(named).items()]
    # Short codes in capitals and in title case as often, none in lower case: gene symbols
    # (human MYC, mouse Myc: trial 43), not careless hands, whose "automatic" shows, or
    # whose "MALE" is rarer than "Male"
    codes = groups and all(len(str(v)) <= 6 and not str(v).islower() for g in groups
                           for v in g) and all(
        max(counts[v] for v in g) < 0.65 * sum(counts[v] for v in g) for g in groups)
    if codes:
        return dict(counts), {}
    if sum(map(len, groups)) * 2 >= len(counts):  # careless hands: their "hp" is "HP" too
        named = one_spelling(kept, short=True)
    merged = {}
    for value, n in counts.items():
        spelling = named.get(value, value)
        merged[spelling] = merged.get(spelling, 0) + n
    return merged, spellings_of(named)


def spelled(table, col) -> dict:
    """``table`` (``{category: position}``) with each other spelling of a category that
    ``col``'s fit made one (its ``"spellings"``) at the category's position."""
    spellings = col.get("spellings") or {}
    return table | {other: table[spelling] for spelling, others in spellings.items()
                    if spelling in table for other in others}


def alike_places(keys, table) -> list[int]:
    """Each of ``keys``' (texts not in ``table``) place in ``table``: that of the entries
    alike to it where they all have one place, else -2 (none, or alike to two categories)."""
    places, yes_no = {}, says_yes_no(table)  # (not two letters: a key's e is no E, mW no MW)
    for key, place in table.items():
        places.setdefault(alike_key(key, yes_no), set()).add(place)
    found = [places.get(alike_key(key, yes_no), ()) for key in keys]
    return [next(iter(p)) if len(p) == 1 else -2 for p in found]


def alike_written(s, table, codes, found, unseen):
    """:func:`~.values.lookup`'s answer for the Series ``s`` (``codes, found, unseen``, and
    the unseen rows), each unseen value at the place of the entries of ``table`` alike to it
    (:func:`alike_places`), where they have one."""
    import numpy as np

    from .values import distinct_counts

    places, found = alike_places(unseen, table), found.copy()
    found[np.flatnonzero(found[:-1] == -2)] = places
    still = found[:-1] == -2
    n = int(distinct_counts(s)[2][still].sum()) if still.any() else 0
    return codes, found, [k for k, p in zip(unseen, places) if p == -2], n
