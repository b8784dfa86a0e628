"""Tables end to end: read_table + TableEncoder against pandas.read_csv alone.

Writes a mixed CSV (default 1,000,000 rows x 20 columns: an id, an ISO date,
ten float columns of which five have 2 % missing, ages with 1 % missing,
counts, prices, and text columns: color (5 values), city (12, 1 % missing),
segment (3), plan (60, Zipf-like, so 50 most frequent + other) and a yes/no
flag) into a temporary folder, then times in fresh subprocesses:

* ``pandas.read_csv(path)`` alone, and
* ``read_table(path)`` then ``TableEncoder().fit_transform(df, dtype=float32)``
  (``--split`` calls ``fit`` and ``transform`` instead, to time them apart),

and each process's peak resident memory (``ru_maxrss``), also counted from
the memory it held after its imports, against the float32 matrix's size.
Targets: time at most 2x read_csv alone; memory under 3x the matrix.

    python benchmarks/bench_tables.py                 # 1,000,000 rows (about a minute)
    python benchmarks/bench_tables.py --rows 20000    # seconds
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_csv(path: Path, n: int, seed: int = 0) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    cols = {"id": np.arange(1, n + 1)}
    days = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3000, n), unit="D")
    cols["date"] = days.strftime("%Y-%m-%d")
    for j in range(10):
        x = np.round(rng.normal(j, 1 + j, n), 3)
        if j < 5:
            x[rng.random(n) < 0.02] = np.nan
        cols[f"x{j}"] = x
    age = rng.integers(18, 91, n).astype(float)
    age[rng.random(n) < 0.01] = np.nan
    cols["age"] = age
    cols["count"] = rng.poisson(3, n)
    cols["price"] = np.round(rng.lognormal(3, 1, n), 2)
    cols["color"] = rng.choice(["red", "green", "blue", "black", "white"], n)
    city = rng.choice([f"city{i:02d}" for i in range(12)], n).astype(object)
    city[rng.random(n) < 0.01] = ""
    cols["city"] = city
    cols["segment"] = rng.choice(["consumer", "corporate", "home office"], n)
    weights = 1 / np.arange(1, 61)
    cols["plan"] = rng.choice([f"plan-{i}" for i in range(60)], n, p=weights / weights.sum())
    cols["flag"] = rng.choice(["yes", "no"], n)
    pd.DataFrame(cols).to_csv(path, index=False)


def peak_rss() -> int:
    """This process's peak resident memory in bytes. VmHWM, not ru_maxrss: Linux carries
    ru_maxrss over from the parent through fork and exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def child(mode: str, path: str) -> None:
    """Run one contender in this fresh process and print its figures as JSON."""
    import numpy as np
    import pandas as pd

    from glassnet.tabular.encoder import TableEncoder
    from glassnet.tabular.read import read_table

    if os.environ.get("GLASSNET_BENCH_THREADS"):
        pd.set_option("mode.max_threads", int(os.environ["GLASSNET_BENCH_THREADS"]))
    storage = getattr(pd.read_csv(io.StringIO("t\nx\n"))["t"].dtype, "storage", "object")
    base = peak_rss()
    start, cpu = time.perf_counter(), time.process_time()
    if mode == "read_csv":
        df = pd.read_csv(path)
        out = {"shape": list(df.shape)}
    elif mode.startswith("matrix"):  # the floor: a fresh float32 matrix of the output's shape
        X = np.empty(tuple(map(int, mode.split(":")[1:])), dtype=np.float32)
        X[:] = 1.0
        out = {"shape": list(X.shape)}
    else:
        df = read_table(path)
        read = time.perf_counter()
        enc = TableEncoder()
        if mode == "glassnet:split":  # fit and transform apart (each column read twice)
            enc.fit(df)
            fit = time.perf_counter()
            X = enc.transform(df, dtype=np.float32)
            phases = {"fit": fit - read, "transform": time.perf_counter() - fit}
        else:
            X = enc.fit_transform(df, dtype=np.float32)
            phases = {"fit_transform": time.perf_counter() - read}
        out = {"shape": list(X.shape), "matrix_bytes": X.nbytes,
               "kinds": {p.name: p.kind for p in enc.plans_},
               "phases": {"read_table": read - start, **phases}}
    out["seconds"] = time.perf_counter() - start
    out["text_storage"] = storage
    out["cpu_seconds"] = time.process_time() - cpu
    out["peak_bytes"] = peak_rss()
    out["base_bytes"] = base
    print(json.dumps(out))


def run(mode: str, path: Path, threads: int | None = None) -> dict:
    env = dict(os.environ)
    if threads:  # pandas reads a CSV on this many threads; glassnet follows the same option
        env["GLASSNET_BENCH_THREADS"] = str(threads)
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(path)],
                          capture_output=True, text=True, check=True, env=env)
    return json.loads(done.stdout)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best time counts")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--csv", help="time this CSV instead of writing one (ignores --rows)")
    parser.add_argument("--threads", type=int,
                        help="pandas' mode.max_threads for both contenders (default: pandas' own, "
                             "one per core); glassnet's encoder follows the same option")
    parser.add_argument("--split", action="store_true",
                        help="time fit and transform apart instead of fit_transform")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.csv or Path(tmp) / "mixed.csv")
        if not args.csv:
            t = time.perf_counter()
            write_csv(path, args.rows)
            print(f"wrote {args.rows:,} rows x 20 columns, {path.stat().st_size / 2**20:.0f} MiB,"
                  f" in {time.perf_counter() - t:.1f} s")
        runs = {"read_csv": [], "glassnet": []}
        for _ in range(args.repeat):
            for mode in runs:  # alternate, so the machine's noise hits both alike
                runs[mode].append(run("glassnet:split" if mode == "glassnet" and args.split
                                      else mode, path, args.threads))
        runs["matrix"] = [run(f"matrix:{runs['glassnet'][0]['shape'][0]}:"
                              f"{runs['glassnet'][0]['shape'][1]}", path)
                          for _ in range(args.repeat)]
    best = {mode: min(r, key=lambda x: x["seconds"]) for mode, r in runs.items()}
    g, p = best["glassnet"], best["read_csv"]
    cpu = {mode: min(x["cpu_seconds"] for x in r) for mode, r in runs.items()}
    mib = 2 ** 20
    matrix = g["matrix_bytes"]
    figures = {
        "rows": g["shape"][0], "matrix_shape": g["shape"], "matrix_mib": matrix / mib,
        "read_csv_s": p["seconds"], "glassnet_s": g["seconds"],
        "time_ratio": g["seconds"] / p["seconds"],
        "read_csv_cpu_s": cpu["read_csv"], "glassnet_cpu_s": cpu["glassnet"],
        "cpu_ratio": cpu["glassnet"] / cpu["read_csv"],
        "glassnet_peak_mib": g["peak_bytes"] / mib,
        "glassnet_peak_over_imports_mib": (g["peak_bytes"] - g["base_bytes"]) / mib,
        "read_csv_peak_over_imports_mib": (p["peak_bytes"] - p["base_bytes"]) / mib,
        "memory_ratio": g["peak_bytes"] / matrix,
        "memory_ratio_over_imports": (g["peak_bytes"] - g["base_bytes"]) / matrix,
        "threads": args.threads, "split": args.split, "text_storage": p["text_storage"],
        "fresh_matrix_s": best["matrix"]["seconds"], "phases": g["phases"], "kinds": g["kinds"],
    }
    print(f"## time (best of {args.repeat}; pandas {__import__('pandas').__version__}, text "
          f"stored as {p['text_storage']}, threads: {args.threads or 'pandas default'})")
    print(f"pandas.read_csv alone               {p['seconds']:7.2f} s")
    print(f"read_table + TableEncoder (float32) {g['seconds']:7.2f} s   "
          f"ratio {figures['time_ratio']:.2f} (target <= 2)")
    print(f"CPU time: read_csv {cpu['read_csv']:.2f} s, glassnet {cpu['glassnet']:.2f} s   "
          f"ratio {figures['cpu_ratio']:.2f}")
    print("  glassnet's phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in g["phases"].items()))
    print(f"  of which no encoder can avoid: filling a fresh float32 matrix of that shape "
          f"{best['matrix']['seconds']:.2f} s")
    print("## memory (peak resident)")
    print(f"encoded float32 matrix {g['shape'][0]:,} x {g['shape'][1]}  {matrix / mib:8.0f} MiB")
    print(f"glassnet process peak               {g['peak_bytes'] / mib:8.0f} MiB   ratio "
          f"{figures['memory_ratio']:.2f} (target < 3)")
    print(f"  of which after imports            {figures['glassnet_peak_over_imports_mib']:8.0f}"
          f" MiB   ratio {figures['memory_ratio_over_imports']:.2f}")
    print(f"read_csv process, after imports     {figures['read_csv_peak_over_imports_mib']:8.0f}"
          f" MiB")
    print("## inferred kinds")
    print(", ".join(f"{k}: {v}" for k, v in g["kinds"].items()))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
