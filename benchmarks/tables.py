"""glassnet's table presets against scikit-learn's MLP, gradient boosting and RealMLP/TabM.

On real tables shipped inside packages from PyPI (``benchmarks/tables_data.py``;
nothing is downloaded), each split (seeded, 75 % train / 25 % test, rows
without a target dropped) is given to every method at its defaults
(``benchmarks/tables_methods.py``). Scores are accuracy (classification) or
R² (regression) on the test rows, averaged over the splits; a method's rank
on a table is its place by that mean (1 = best, ties shared), and the mean
rank is over the tables. Fit time is the mean wall-clock seconds of a fit
(the encoding of the table included for glassnet).

    python benchmarks/tables.py                       # all tables, 5 splits, all methods
    python benchmarks/tables.py --quick               # 4 tables, 2 splits
    python benchmarks/tables.py --methods "glassnet best,HistGradientBoosting"
    python benchmarks/tables.py --write               # also into benchmarks/RESULTS.md

RealMLP-TD and TabM-D run only when pytabkit is installed (``pip install
pytabkit``); they are slow on two cores (TabM-D about a minute a fit). The
``restaurant`` table (causaldata's, 27,178 rows, for the target means of its
1,618 names) takes most of a full run: scikit-learn's MLP there about four
minutes a fit on two cores; leave it out with ``--tables``, or omit causaldata.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import platform
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from tables_data import QUICK, TABLES, load_tables  # noqa: E402
from tables_methods import ABLATIONS, METHODS, available  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "RESULTS.md"
BEGIN, END = "<!-- benchmarks/tables.py: begin -->", "<!-- benchmarks/tables.py: end -->"


def split(frame, target: str, seed: int, test_fraction: float = 0.25):
    """Rows with a target, shuffled by ``seed`` and cut into (train, test) frames."""
    frame = frame[frame[target].notna()].reset_index(drop=True)
    order = np.random.default_rng(10_000 + seed).permutation(len(frame))
    cut = int(round((1 - test_fraction) * len(frame)))
    train = frame.iloc[np.sort(order[:cut])].reset_index(drop=True)
    test = frame.iloc[np.sort(order[cut:])].reset_index(drop=True)
    return train, test


def score(task: str, truth, predicted) -> float:
    """Accuracy, or R² = 1 - Σ(y - ŷ)² / Σ(y - ȳ)²."""
    if task == "classification":
        return float(np.mean(np.asarray(truth).astype(str) == np.asarray(predicted).astype(str)))
    y, p = np.asarray(truth, float), np.asarray(predicted, float).reshape(-1)
    return float(1 - np.sum((y - p) ** 2) / np.sum((y - y.mean()) ** 2))


def ranks(values: list[float]) -> list[float]:
    """1 for the highest value; tied values share the mean of their places."""
    values = np.asarray(values)
    out = []
    for v in values:
        above, same = int(np.sum(values > v)), int(np.sum(values == v))
        out.append(above + (same + 1) / 2)
    return out


def run(tables, methods, splits: int, log=print) -> dict:
    """``{table: {method: {"scores": [...], "seconds": [...]}}}`` over ``splits`` splits."""
    results = {}
    for table in tables:
        results[table["name"]] = per = {m: {"scores": [], "seconds": []} for m in methods}
        for s in range(splits):
            train, test = split(table["frame"], table["target"], s)
            for method in methods:
                fit = METHODS[method][0]
                predicted, seconds = fit(train, test, table["target"], table["task"], s)
                per[method]["scores"].append(score(table["task"], test[table["target"]],
                                                   predicted))
                per[method]["seconds"].append(seconds)
        log(f"{table['name']:<16} " + "  ".join(
            f"{m}={np.mean(per[m]['scores']):.3f}" for m in methods), flush=True)
    return results


def summary(results: dict, methods: list[str]) -> dict:
    """Per method: mean score, mean rank, mean fit seconds, worst gap to a table's best."""
    means = {t: [float(np.mean(r[m]["scores"])) for m in methods] for t, r in results.items()}
    table_ranks = {t: ranks(v) for t, v in means.items()}
    out = {}
    for i, m in enumerate(methods):
        out[m] = {"score": float(np.mean([v[i] for v in means.values()])),
                  "rank": float(np.mean([r[i] for r in table_ranks.values()])),
                  "seconds": float(np.mean([s for r in results.values()
                                            for s in r[m]["seconds"]])),
                  "worst_gap": float(max(max(v) - v[i] for v in means.values()))}
    return out


def markdown(results: dict, methods: list[str], splits: int, command: str,
             seconds: float) -> str:
    """The section of RESULTS.md: the command, the machine, per-table scores, the summary."""
    tasks = {name: TABLES[name][2] for name in results}
    lines = [BEGIN, "## Real tables: glassnet's presets against boosting (`benchmarks/tables.py`)",
             "", f"Command: `{command}` ({splits} seeded 75/25 splits a table; "
             + (f"{seconds / 60:.0f} min in all)." if seconds else "run in parts, joined "
                "with `--from-json`).") + " Fit times are contended: see below.", "",
             f"Python {platform.python_version()}, NumPy {np.__version__}; the project's "
             "2-core machine, shared with other jobs while this ran, so fit times are "
             "contended (compare them within the run only).", "",
             "### Mean test score per table (accuracy for a classification, R² for a "
             "regression)", "",
             "| table | task | " + " | ".join(methods) + " |",
             "|---|---|" + "---:|" * len(methods)]
    for name, per in results.items():
        best = max(np.mean(per[m]["scores"]) for m in methods)
        cells = []
        for m in methods:
            v = float(np.mean(per[m]["scores"]))
            cells.append(f"**{v:.3f}**" if v == best else f"{v:.3f}")
        lines.append(f"| {name} | {tasks[name][:5]}. | " + " | ".join(cells) + " |")
    overall = summary(results, methods)
    lines += ["", "### Summary", "", "| method | mean score | mean rank | worst gap to a "
              "table's best | mean fit s (contended) |", "|---|---:|---:|---:|---:|"]
    for m in sorted(methods, key=lambda m: overall[m]["rank"]):
        o = overall[m]
        lines.append(f"| {m} | {o['score']:.4f} | {o['rank']:.2f} | {o['worst_gap']:.3f} | "
                     f"{o['seconds']:.2f} |")
    return "\n".join(lines + ["", END]) + "\n"


def write_section(section: str, path: pathlib.Path = RESULTS) -> None:
    """Put ``section`` into ``path`` between its markers (appended the first time)."""
    from glassnet.files.atomic import atomic_write

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    atomic_write(path, lambda f: f.write(text.encode("utf-8")))


def combine(files: list[str]) -> tuple[dict, list[str]]:
    """The results of earlier ``--json`` runs, tables and methods joined; and the methods."""
    results, methods = {}, []
    for name in files:
        for table, per in json.loads(pathlib.Path(name).read_text(encoding="utf-8")).items():
            results.setdefault(table, {}).update(per)
            methods += [m for m in per if m not in methods]
    for table, per in results.items():
        missing = [m for m in methods if m not in per]
        if missing:
            raise SystemExit(f"--from-json: no {', '.join(missing)} on {table}")
    return results, [m for m in METHODS if m in methods]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 tables, 2 splits")
    parser.add_argument("--splits", type=int, default=None, help="default 5 (2 with --quick)")
    parser.add_argument("--tables", default=None, help="comma-separated names (default all)")
    parser.add_argument("--methods", default=None, help="comma-separated (default: all "
                        "installed): " + ", ".join(METHODS))
    parser.add_argument("--write", action="store_true",
                        help="put the table into benchmarks/RESULTS.md")
    parser.add_argument("--json", metavar="FILE", help="also write the raw scores here")
    parser.add_argument("--from-json", metavar="FILE,...", help="build the table from "
                        "earlier --json runs (tables or methods run apart) instead of running")
    args = parser.parse_args(argv)
    splits = args.splits or (2 if args.quick else 5)
    names = args.tables.split(",") if args.tables else (list(QUICK) if args.quick else None)
    for name in names or []:
        if name not in TABLES:
            parser.error(f"--tables: unknown table {name!r}; the tables: {', '.join(TABLES)}")
    wanted = args.methods.split(",") if args.methods else None
    for name in wanted or []:
        if name not in METHODS:
            parser.error(f"--methods: unknown method {name!r}; the methods: {', '.join(METHODS)}")
    methods = available(wanted)
    skipped = sorted(set(wanted or [m for m in METHODS if m not in ABLATIONS]) - set(methods))
    if skipped and not args.from_json:
        print(f"note: skipped (package not installed): {', '.join(skipped)}")
    started = time.perf_counter()
    if args.from_json:
        results, methods = combine(args.from_json.split(","))
        splits = len(next(iter(next(iter(results.values())).values()))["scores"])
    else:
        results = run(load_tables(names), methods, splits)
    shown = [] if args.from_json else (argv if argv is not None else sys.argv[1:])
    command = "python benchmarks/tables.py " + " ".join(
        a if " " not in a else f'"{a}"' for a in shown)
    seconds = 0.0 if args.from_json else time.perf_counter() - started
    section = markdown(results, methods, splits, command.strip(), seconds)
    print(section)
    if args.write:
        write_section(section)
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
