"""The ``report`` command: one self-contained HTML page about a trained model."""

from __future__ import annotations

from pathlib import Path

from .arguments import add_reading_arguments, command, reading_options, row_number
from .errors import CommandError

__all__ = ["add_parsers"]

_READING = ("sep", "encoding", "skip_rows", "no_header", "na", "keep_na", "decimal")


def add_parsers(sub) -> None:
    """Register ``report`` on the subcommand parser."""
    rp = command(sub, "report", report_command)
    rp.add_argument("model", metavar="MODEL", help="a model from 'glassnet train'")
    rp.add_argument("data", metavar="DATA.csv", help="rows with the model's columns and target")
    rp.add_argument("--out", metavar="FILE", default="report.html",
                    help="the HTML file to write (default: report.html)")
    rp.add_argument("--row", type=row_number, default=1, metavar="N",
                    help="the data row whose training step is explained (default 1)")
    rp.add_argument("--seed", type=int, default=0,
                    help="the permutation importance's shuffle seed (default 0)")
    add_reading_arguments(rp)


def report_command(args) -> int:
    """Write one self-contained HTML report about a model, scored on a data file.

    The page holds the model's summary, the column table from training, its
    metrics on DATA.csv, every figure that applies (network, history, decision
    regions, confusion matrix or residuals, permutation importance, activations)
    and the step-by-step explanation of one row (--row). For the default model,
    an ensemble, the summary shows its networks and recipe, the figures of one
    network are left out, and the row is followed through the average. Images are inline and
    nothing is fetched: the file opens offline. Needs matplotlib: pip install
    "glassnet[plot]".
    """
    from .figures import _require_matplotlib

    _require_matplotlib()
    out = Path(args.out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise CommandError(f"--out {out}: choose a .html file name")
    for what, path in (("the model", args.model), ("the data", args.data)):
        if out.exists() and Path(path).exists() and out.resolve() == Path(path).resolve():
            raise CommandError(f"--out {out} is {what} itself; choose another name")
    from ..report import write_report
    from ..tabular.ensemble_file import load_table_model
    from ..tabular.read import read_table

    model = load_table_model(args.model)  # one network, or the best preset's ensemble
    frame = read_table(args.data, usecols=[*model.input_columns, model.target_name],
                       columns_hint=[model.target_name], **reading_options(args, model))
    explanation, explained = _explanation(args, model)
    write_report(model, frame, out, title=f"glassnet report: {args.model}",
                 data_name=str(args.data), explanation=explanation, explained=explained,
                 seed=args.seed)
    print(f"wrote {out}")
    return 0


def _explanation(args, model) -> tuple[str | None, str]:
    """``glassnet explain --model MODEL --data DATA --row N``'s text, and which row it is."""
    import argparse

    from .teach import _explain_model, _model_row, first_upper
    from .teach import add_parsers as add_teaching_parsers

    parser = argparse.ArgumentParser(prog="glassnet")
    add_teaching_parsers(parser.add_subparsers())
    explain_args = parser.parse_args(
        ["explain", "--model", str(args.model), "--data", str(args.data), "--row",
         str(args.row)])
    for name in _READING:
        setattr(explain_args, name, getattr(args, name))
    # A row out of range, or without a target, is the user's to fix: one line, no page.
    if hasattr(model, "networks"):  # an ensemble: the way from the raw row to the average
        import warnings

        from .explain_ensemble import explain_ensemble

        row, source, _ = _model_row(explain_args, model)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # unseen values are in the steps
            text = explain_ensemble(model, row.drop(columns=[model.target_name],
                                                    errors="ignore"), first_upper(source), 100)
    else:
        text = _explain_model(explain_args, model).render("text", precision=6, width=100)
    return text, f"row {args.row} of {args.data}"
