"""Ordered scales written in words, as surveys and listings write them: ``Strongly disagree``
... ``Strongly agree``, ``Never`` ... ``Daily``, ``Poor`` ... ``Excellent``, ``Low``,
``Medium``, ``High``, ``S``, ``M``, ``L``, ``XL``.

A column whose cells (nine rows in ten or more, in any letter case and spacing) are words
of one scale, three levels of it at least, is read as numbers: each word its place on the
scale (``Strongly disagree`` -2, ``Disagree`` -1, ``Neither agree nor disagree`` 0, ...),
so the network sees the order one-hot inputs hide, and explanations read as a score. The
other cells (``Prefer not to say``, ``Don't know``) are missing, as text in a column of
numbers is. The scale is the column's unit (``"agreement scale"``): every reader of a
column of numbers with a unit (in memory, streamed, at predict time) reads its words the
same way (:func:`scale_value`).
"""

from __future__ import annotations

__all__ = ["SCALES", "scale_of", "scale_value"]

_WORDS = {  # each scale's words and their places (several words may share one)
    "agreement scale": {
        "strongly disagree": -2, "disagree": -1, "mostly disagree": -1,
        "somewhat disagree": -0.5, "slightly disagree": -0.5, "tend to disagree": -0.5,
        "neither agree nor disagree": 0, "neutral": 0, "somewhat agree": 0.5,
        "slightly agree": 0.5, "tend to agree": 0.5, "mostly agree": 1, "agree": 1,
        "strongly agree": 2},
    "satisfaction scale": {
        "very dissatisfied": -2, "extremely dissatisfied": -2, "dissatisfied": -1,
        "somewhat dissatisfied": -0.5, "slightly dissatisfied": -0.5,
        "neither satisfied nor dissatisfied": 0, "neutral": 0, "somewhat satisfied": 0.5,
        "slightly satisfied": 0.5, "satisfied": 1, "very satisfied": 2,
        "extremely satisfied": 2, "completely satisfied": 2},
    "likelihood scale": {
        "very unlikely": -2, "extremely unlikely": -2, "unlikely": -1, "somewhat unlikely": -0.5,
        "neither likely nor unlikely": 0, "neutral": 0, "somewhat likely": 0.5, "likely": 1,
        "very likely": 2, "extremely likely": 2},
    "importance scale": {
        "not at all important": 0, "not important": 0, "slightly important": 1,
        "somewhat important": 1.5, "moderately important": 2, "important": 2,
        "very important": 3, "extremely important": 4},
    "frequency scale": {  # how often: in words, or by the period (a column uses one style)
        "never": 0, "almost never": 0.5, "rarely": 1, "seldom": 1, "yearly": 1,
        "once a year": 1, "sometimes": 2, "occasionally": 2, "monthly": 2, "once a month": 2,
        "a few times a month": 2.5, "several times a month": 2.5, "often": 3,
        "frequently": 3, "weekly": 3, "once a week": 3, "very often": 4, "almost always": 4,
        "several times a week": 4, "a few times a week": 4, "usually": 4, "always": 5,
        "daily": 5, "every day": 5, "several times a day": 6},
    "quality scale": {
        "terrible": -2, "very poor": -2, "poor": -1, "below average": -0.5, "fair": 0,
        "average": 0, "ok": 0, "okay": 0, "good": 1, "above average": 1, "very good": 1.5,
        "excellent": 2, "like new": 2.5, "mint": 3, "new": 3, "brand new": 3},
    "level scale": {
        "very low": -2, "low": -1, "medium": 0, "moderate": 0, "mid": 0, "average": 0,
        "high": 1, "very high": 2},
    "size scale": {
        "xxs": -1, "xs": 0, "extra small": 0, "s": 1, "small": 1, "m": 2, "medium": 2,
        "l": 3, "large": 3, "xl": 4, "extra large": 4, "xxl": 5, "2xl": 5, "xxxl": 6,
        "3xl": 6}}
SCALES = tuple(_WORDS)
_MOST_KEYS = 200  # distinct texts: more is no scale (and costs nothing to refuse)


def _said(text) -> str:
    return " ".join(str(text).casefold().replace("’", "'").split())


def scale_value(text, scale) -> float:
    """The place of ``text`` on ``scale`` (one of :data:`SCALES`), NaN for another text."""
    return float(_WORDS[scale].get(_said(text), float("nan")))


def scale_of(keys, count_rows) -> str | None:
    """The scale the distinct texts ``keys`` are words of (``count_rows()``: each key's rows),
    when nine rows in ten or more are and three of its levels are used; else None."""
    if not 3 <= len(keys) <= _MOST_KEYS:
        return None
    said = [_said(k) for k in keys]
    best, most = None, 0
    for scale, words in _WORDS.items():  # (a glance first: half the texts its words)
        found = sum(s in words for s in said)
        if found * 2 >= len(said) and found > most:
            best, most = scale, found
    if best is None or len({_WORDS[best][s] for s in said if s in _WORDS[best]}) < 3:
        return None
    rows = count_rows()
    inside = sum(int(n) for s, n in zip(said, rows) if s in _WORDS[best])
    return best if inside >= 0.9 * sum(int(n) for n in rows) else None
