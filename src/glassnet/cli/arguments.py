"""Argument types shared by the commands: numbers with their ranges, layer sizes.

Each is an argparse ``type=``: it converts the text or raises
``ArgumentTypeError`` naming what was expected, so a typo gets argparse's
usage line and exit code 2.
"""

from __future__ import annotations

import argparse

__all__ = ["positive_float", "positive_int", "fraction", "decimals", "hidden_sizes"]


def _checked(convert, accept, expected: str):
    """An argparse type: ``convert`` the text, then insist on ``accept(value)``."""
    def parse(text: str):
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
        if not accept(value):
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value
    return parse


positive_float = _checked(float, lambda v: 0 < v < float("inf"), "a positive number")
positive_int = _checked(int, lambda v: v >= 1, "a positive whole number")
fraction = _checked(float, lambda v: 0 <= v < 1, "a fraction in [0, 1)")
decimals = _checked(int, lambda v: 0 <= v <= 17, "a whole number from 0 to 17")


def hidden_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected layer sizes such as 64,32, got {text!r}") from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"layer sizes must be positive, got {text!r}")
    return sizes
