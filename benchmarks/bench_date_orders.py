"""Predicting on dates written another way than the model's: the cost of reading them.

A model is fitted on 200,000 distinct date-times written ISO 8601; its encoder then reads
the same date-times written ISO 8601, month first (``01/13/2000 00:09``: read in the file's
own order, glassnet.tabular.date_orders), with month names (a fallback format), and as
text no format reads. Best of ``--repeat`` transforms each.

    python benchmarks/bench_date_orders.py [--rows 200000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from glassnet.tabular import TableEncoder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    when = pd.date_range("2000-01-01", periods=args.rows, freq="17min")
    encoder = TableEncoder(target="y").fit(pd.DataFrame(
        {"when": when.strftime("%Y-%m-%d %H:%M"), "y": np.arange(args.rows, dtype=float)}))
    cases = {"ISO 8601 (the model's)": when.strftime("%Y-%m-%d %H:%M"),
             "month first (the file's order)": when.strftime("%m/%d/%Y %H:%M"),
             "month names (a fallback)": when.strftime("%b %d %Y %I:%M %p"),
             "no date (all missing)": [f"n/a {i}" for i in range(args.rows)]}
    for name, cells in cases.items():
        frame = pd.DataFrame({"when": cells})
        best = np.inf
        for _ in range(args.repeat):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                start = time.perf_counter()
                encoder.transform(frame)
                best = min(best, time.perf_counter() - start)
        read = "every row read" if not any("not dates" in n for n in encoder.last_notes_) \
            else "rows missing"
        print(f"{name:<34} {best:6.2f} s   {read}")


if __name__ == "__main__":
    main()
