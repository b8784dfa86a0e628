"""Argument types shared by the commands: numbers with their ranges, layer sizes.

Each is an argparse ``type=``: it converts the text or raises
``ArgumentTypeError`` naming what was expected, so a typo gets argparse's
usage line and exit code 2.
"""

from __future__ import annotations

import argparse
import inspect

__all__ = ["positive_float", "positive_int", "category_count", "non_negative_int", "fraction",
           "decimals", "rounding", "row_number", "hidden_sizes", "column_names", "separator",
           "add_reading_arguments", "reading_options", "command"]


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
# A file's rows count from 1, the first under the header (Python counts from 0).
row_number = _checked(int, lambda v: v >= 1, "a row number, 1 or more (the file's rows count "
                      "from 1, the first under the header)")
category_count = _checked(lambda t: t if t == "auto" else int(t),
                          lambda v: v == "auto" or v >= 1, "'auto' or a positive whole number")
non_negative_int = _checked(int, lambda v: v >= 0, "a whole number, 0 or more")
fraction = _checked(float, lambda v: 0 <= v < 1, "a fraction in [0, 1)")
decimals = _checked(int, lambda v: 0 <= v <= 17, "a whole number from 0 to 17")
rounding = _checked(int, lambda v: 0 <= v <= 15, "a whole number from 0 to 15")


def hidden_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected layer sizes such as 64,32, got {text!r}") from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"layer sizes must be positive, got {text!r}")
    return sizes


def column_names(text: str) -> list[str]:
    """``a,b,c`` → ``["a", "b", "c"]`` (names as the header writes them, spaces trimmed); a name
    with a comma in double quotes, as a CSV writes it: ``'"Price (USD, net)",id'``."""
    import csv

    try:
        parts = next(csv.reader([text], skipinitialspace=True, strict=True), [])
    except csv.Error:
        raise argparse.ArgumentTypeError(f"expected column names such as a,b (a name with a "
                                         f"comma in double quotes), got {text!r}") from None
    names = [part.strip() for part in parts if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError(f"expected column names such as a,b, got {text!r}")
    return names


_SEPARATORS = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|",
               "whitespace": r"\s+"}  # (runs of spaces or tabs: tabular.sniff.WHITESPACE)


def separator(text: str) -> str:
    """One character, or ``tab``/``\\t``, ``comma``, ``semicolon``, ``pipe``, ``whitespace``
    (columns lined up by runs of spaces or tabs)."""
    sep = _SEPARATORS.get(text.lower(), text)
    if len(sep) != 1 and text.lower() != "whitespace":
        raise argparse.ArgumentTypeError(f"expected one character, tab or whitespace, got "
                                         f"{text!r}")
    return sep


def add_reading_arguments(parser) -> None:
    """The options that say how to read a data file, shared by every command that reads one."""
    group = parser.add_argument_group("reading the data file (sniffed when not given)")
    group.add_argument("--sep", type=separator, metavar="C",
                       help="field separator: , ; | tab, or whitespace (runs of spaces or tabs; "
                            "default: sniffed)")
    group.add_argument("--encoding", metavar="NAME",
                       help="text encoding, e.g. utf-8, latin-1 (default: sniffed)")
    group.add_argument("--skip-rows", type=non_negative_int, default=0, metavar="N",
                       help="lines to skip before the header (default 0)")
    group.add_argument("--no-header", action="store_true",
                       help="the file has no header row: columns are named 0, 1, 2, ...")
    group.add_argument("--na", action="append", default=[], metavar="TEXT",
                       help="a cell text meaning missing, beside empty, NA, N/A, NaN, ?, null, "
                            "None, -, --, missing, n.a., #N/A, #NA and a spreadsheet's errors "
                            "(#DIV/0!, ...) (repeatable; a model remembers it)")
    group.add_argument("--keep-na", action="append", default=[], metavar="TEXT",
                       help="one of those texts that is a value in this file, e.g. None as an "
                            "answer or NA as North America (repeatable; a model remembers it)")
    group.add_argument("--decimal", choices=[".", ","], metavar="MARK",
                       help="the numbers' decimal mark, . or , (default: sniffed; a ;-separated "
                            "file that writes 12,50 reads 2.478 as 2478)")


def reading_options(args, model=None) -> dict:
    """The keyword arguments of :func:`glassnet.tabular.read.read_table` from parsed arguments,
    with the ``--na`` and ``--keep-na`` texts, separator and decimal mark ``model`` was
    trained with,
    and its columns that stay text, if any."""
    remembered = (getattr(model, "info", None) or {}).get("training") or {}
    encoder = getattr(model, "encoder", None)
    return {"sep": args.sep or remembered.get("sep_given"), "encoding": args.encoding,
            "skip_rows": args.skip_rows,
            # a model's categories stay text: "2Story" alone in a file is no number 2
            **({"keep_text": encoder.text_columns()} if encoder is not None else {}),
            "header": not args.no_header,
            "na_values": (*remembered.get("na", ()), *args.na),
            "keep_na": (*remembered.get("keep_na", ()), *getattr(args, "keep_na", ())),
            "decimal": getattr(args, "decimal", None) or remembered.get("decimal_given"),
            "decimal_default": remembered.get("decimal")}


def encoder_options(args) -> dict:
    """The :class:`~glassnet.tabular.TableEncoder` parameters from ``train``'s column options."""
    return {"max_categories": args.max_categories, "drop": tuple(args.drop),
            "features": args.features, "categorical": tuple(args.categorical),
            "numeric": tuple(args.numeric),
            "target_means": getattr(args, "target_means", True)}


def reading_memory(args, source=None) -> dict:
    """What a model keeps of how its file was read, so that predict reads alike: the
    ``--na`` and ``--keep-na`` texts, the decimal mark of a ``;`` file (``source``:
    the frame's ``attrs["source"]``): a later ``;`` file is read with it, and a ``--sep``
    or ``--decimal`` given: later files are read with it unless given another. Nothing of
    what was not given or found."""
    memory = {key: list(values) for key, values in (("na", args.na),
                                                    ("keep_na", getattr(args, "keep_na", [])))
              if values}
    if (source or {}).get("sep") == ";":  # a later ;-file is read alike
        memory["decimal"] = source.get("decimal") or "."
    if getattr(args, "decimal", None):  # given: every later file is read with it
        memory["decimal_given"] = args.decimal
    if getattr(args, "sep", None):  # the same
        memory["sep_given"] = args.sep
    return memory


def raw_row(text: str, columns: list[str], option: str = "--input", na_values=(), keep_na=(),
            decimal=None):
    """One raw table row typed on the command line, as a one-row DataFrame.

    The values are read as a CSV line (so ``"a, b",3`` is two values), stripped,
    and the missing-value texts (empty, NA, ?, ... and ``na_values``, any case)
    are missing. The rest stays text: the model's encoder reads it as it reads a
    file's cells (``$4,010`` and ``10%`` in a numeric column are numbers, ``007``
    in a categorical one the category ``007``): the fitted kind decides, not one row.
    """
    import csv

    import pandas as pd

    from ..tabular.read import missing_tokens

    values = [v.strip() for v in next(csv.reader([text], skipinitialspace=True), [])]
    if len(values) != len(columns):
        raise argparse.ArgumentTypeError(
            f"{option} has {len(values)} values; the model reads {len(columns)} columns, in "
            f"this order: {', '.join(columns)}")
    missing = missing_tokens(na_values, keep_na)[0]
    row = pd.DataFrame([[None if v.lower() in missing else v for v in values]],
                       columns=columns, dtype=object)
    # A model trained on decimal commas reads "1.000" as 1000 here too, as in its files.
    row.attrs["source"] = {"path": option, **({"decimal": ","} if decimal == "," else {})}
    return row


def command(sub, name: str, handler):
    """Add the subcommand ``name`` run by ``handler``, its help read from the handler's docstring.

    The docstring's first line is the one-line help of ``glassnet --help``; the
    rest is the description of ``glassnet NAME --help``. One text, so the two
    cannot drift apart.
    """
    summary, _, body = inspect.getdoc(handler).partition("\n")
    parser = sub.add_parser(name, help=summary.rstrip("."), description=" ".join(body.split())
                            or summary)
    parser.set_defaults(handler=handler)
    return parser
