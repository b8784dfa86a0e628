"""The ``tune`` command: a hyperparameter grid searched by cross-validation, here or on a cluster.

The model is scikit-learn's ``Pipeline`` of glassnet's
:class:`~glassnet.tabular.TableEncoder` (the raw columns, encoded as ``glassnet
train`` encodes them) and a :mod:`glassnet.sklearn` estimator, searched by
``GridSearchCV``. With ``--scheduler`` the fits run on a Dask cluster through
joblib's Dask backend; the folds and seeds are the same, so the scores are too.
"""

from __future__ import annotations

import warnings

from .errors import CommandError

__all__ = ["add_parsers", "tune", "parse_search", "suggest_train", "ALIASES"]

# Short names on the command line -> the estimators' parameters.
ALIASES = {"hidden": "hidden_layer_sizes", "lr": "learning_rate_init",
           "learning_rate": "learning_rate_init", "epochs": "max_iter", "batch": "batch_size",
           "batch_size": "batch_size"}
_SHORT = {"hidden_layer_sizes": "hidden", "learning_rate_init": "lr", "max_iter": "epochs",
          "batch_size": "batch"}
# The same parameters as 'glassnet train' options, to print the command that trains the best.
_TRAIN_OPTIONS = {"hidden_layer_sizes": "--hidden", "learning_rate_init": "--learning-rate",
                  "activation": "--activation", "max_iter": "--epochs",
                  "batch_size": "--batch-size", "output_activation": "--output-activation",
                  "n_iter_no_change": "--patience", "validation_fraction": "--validation-fraction",
                  "dtype": "--dtype"}


def add_parsers(sub) -> None:
    """Register ``tune`` on the subcommand parser."""
    from .arguments import add_reading_arguments, column_names, command, positive_int

    tu = command(sub, "tune", tune)
    tu.add_argument("data", metavar="DATA.csv", help="a CSV file (or .parquet)")
    tu.add_argument("--target", required=True, metavar="COLUMN", help="the column to predict")
    tu.add_argument("--search", required=True, metavar="GRID",
                    help="the grid: 'hidden=32,64;lr=1e-3,1e-2' (layers as 64x32; names: "
                         "hidden, lr, epochs, batch, activation, alpha, solver, or any "
                         "parameter of glassnet.sklearn's estimators)")
    tu.add_argument("--task", choices=["auto", "classification", "regression"], default="auto")
    tu.add_argument("--drop", type=column_names, default=[], metavar="COL,...",
                    help="leave these columns out")
    tu.add_argument("--cv", type=positive_int, default=3, metavar="K",
                    help="folds of the cross-validation (default 3)")
    tu.add_argument("--epochs", type=positive_int, default=200,
                    help="max_iter of each fit, unless the grid has it (default 200)")
    tu.add_argument("--sample", type=positive_int, metavar="N",
                    help="try N combinations drawn at random from the grid, not all of them")
    tu.add_argument("--seed", type=int, default=0,
                    help="seeds the folds, the weights and --sample's draw")
    tu.add_argument("--jobs", type=int, default=1, metavar="N",
                    help="local processes (default 1; -1 for every core)")
    tu.add_argument("--scheduler", metavar="ADDRESS",
                    help="run the fits on this Dask scheduler (tcp://host:8786); needs "
                         "pip install \"glassnet[dask]\"")
    tu.add_argument("--json", action="store_true", help="print the results as JSON")
    add_reading_arguments(tu)


def _value(text: str):
    """``"64"`` → 64, ``"1e-3"`` → 0.001, ``"64x32"`` → (64, 32), anything else stays text."""
    text = text.strip()
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    parts = text.lower().split("x")
    if len(parts) > 1 and all(p.isdigit() for p in parts):
        return tuple(int(p) for p in parts)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def parse_search(text: str, parameters) -> dict[str, list]:
    """``'hidden=32,64;lr=1e-3,1e-2'`` → ``{"hidden_layer_sizes": [(32,), (64,)], ...}``.

    Parameters
    ----------
    text : str
        ``name=v1,v2,...`` entries separated by ``;``.
    parameters : iterable of str
        The estimator's parameter names (the aliases of :data:`ALIASES` map onto them).

    Raises
    ------
    CommandError
        Naming the entry that is not ``name=values``, or the unknown name and the known ones.
    """
    grid = {}
    for entry in filter(None, (e.strip() for e in text.split(";"))):
        name, sep, values = entry.partition("=")
        name = name.strip()
        key = ALIASES.get(name, name)
        values = [_value(v) for v in values.split(",") if v.strip()]
        if not sep or not name or not values:
            raise CommandError(f"--search: {entry!r} is not name=value,value,...")
        if key not in parameters:
            import difflib

            known = sorted(set(ALIASES) | set(parameters))
            close = difflib.get_close_matches(name, known, n=1)
            raise CommandError(f"--search: unknown parameter {name!r}"
                               + (f" (did you mean {close[0]!r}?)" if close else "")
                               + f"; use one of {', '.join(known)}")
        if key in grid:
            raise CommandError(f"--search: {name!r} is given twice")
        if key == "hidden_layer_sizes":
            values = [(v,) if isinstance(v, int) else v for v in values]
        grid[key] = values
    if not grid:
        raise CommandError("--search: give at least one name=values, e.g. 'hidden=32,64'")
    return grid


def build_search(task: str, grid: dict, *, cv: int, epochs: int, seed: int, drop=(),
                 n_jobs: int = 1, sample: int | None = None):
    """The ``GridSearchCV`` of a table: encoder and estimator in a pipeline, seeded folds.

    A regression's target is standardized inside each fit (``TransformedTargetRegressor``),
    as ``glassnet train`` standardizes it. With ``sample``, a ``RandomizedSearchCV`` of
    that many combinations drawn from the grid (seeded by ``seed``) instead.
    """
    import math

    from sklearn.compose import TransformedTargetRegressor
    from sklearn.model_selection import GridSearchCV, KFold, RandomizedSearchCV, StratifiedKFold
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    from ..sklearn import MLPClassifier, MLPRegressor
    from ..tabular.encoder import TableEncoder

    classify = task == "classification"
    net = (MLPClassifier if classify else MLPRegressor)(max_iter=epochs, random_state=seed)
    model = Pipeline([("encode", TableEncoder(drop=tuple(drop))), ("net", net)])
    prefix = "net__"
    if not classify:
        model = TransformedTargetRegressor(model, transformer=StandardScaler())
        prefix = "regressor__net__"
    folds = (StratifiedKFold if classify else KFold)(cv, shuffle=True, random_state=seed)
    grid = {prefix + k: v for k, v in grid.items()}
    options = {"cv": folds, "n_jobs": n_jobs, "refit": False, "error_score": "raise"}
    size = math.prod(len(v) for v in grid.values())
    if sample is None or sample >= size:
        return GridSearchCV(model, grid, **options)
    return RandomizedSearchCV(model, grid, n_iter=sample, random_state=seed, **options)


def _table(args):
    """The rows with a target, their features (a DataFrame) and target (labels or numbers)."""
    from ..tabular.read import read_table
    from ..tabular.target import encode_target
    from .arguments import reading_options

    # columns_hint: a name that is not a column is refused, with the columns listed.
    frame = read_table(args.data, columns_hint=[args.target, *args.drop],
                       **reading_options(args))
    target = encode_target(frame[args.target], args.task)
    X = frame.iloc[target.rows].drop(columns=[args.target]).reset_index(drop=True)
    y = target.decode(target.Y) if target.task == "classification" else target.Y[:, 0]
    return X, y, target.task


def tune(args) -> int:
    """Search a grid of hyperparameters by cross-validation, here or on a Dask cluster.

    Each combination of --search is trained on K-1 folds of DATA.csv and scored
    (accuracy, or R² for a regression) on the fold left out, with the columns
    encoded as 'glassnet train' encodes them. --scheduler sends the fits to a Dask
    cluster; the folds and seeds are the same, so are the scores.
    """
    import importlib.util

    if importlib.util.find_spec("sklearn") is None:
        raise CommandError('tune needs scikit-learn: pip install "glassnet[sklearn]"')
    from ..sklearn import MLPClassifier

    grid = parse_search(args.search, MLPClassifier().get_params())
    grid.setdefault("max_iter", [args.epochs])
    X, y, task = _table(args)
    if args.cv > len(y) // 2:
        raise CommandError(f"--cv {args.cv}: {len(y)} rows cannot make {args.cv} folds of "
                           "two rows or more")
    search = build_search(task, grid, cv=args.cv, epochs=args.epochs, seed=args.seed,
                          drop=args.drop, n_jobs=-1 if args.scheduler else args.jobs,
                          sample=args.sample)
    with warnings.catch_warnings():
        # Unseen categories in a fold, and fits that use every epoch, are expected here.
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        _fit(search, X, y, args.scheduler)
    results = _results(search, grid)
    best = results[0]
    if args.json:
        from .scores import strict_json

        print(strict_json({"task": task, "rows": int(len(y)), "folds": args.cv,
                           "scoring": "accuracy" if task == "classification" else "r2",
                           "scheduler": args.scheduler, "results": results}))
        return 0
    score = "accuracy" if task == "classification" else "R²"
    print(f"searched {len(results)} combinations × {args.cv} folds on {len(y)} rows "
          f"({task}, {score}) " + (f"on {args.scheduler}" if args.scheduler else "here"))
    width = max(len(r["label"]) for r in results)
    for r in results:
        print(f"  {r['rank']:>3}  {r['label']:<{width}}  {score} {r['mean']:.4f} "
              f"± {r['std']:.4f}")
    command, missing = suggest_train(args, best["params"])
    print(f"best: {best['label']}; train it with: {command}")
    if missing:
        print(f"note: train has no option for {', '.join(missing)}")
    return 0


def suggest_train(args, params: dict) -> tuple[str, list[str]]:
    """The ``glassnet train`` command that trains ``params`` (the best combination) on the
    table as the search read it, and the ``name=value`` of each parameter it cannot say.

    The command carries the reading options (``--sep``, ``--encoding``, ``--skip-rows``,
    ``--no-header``, ``--na``, ``--keep-na``, ``--decimal``), ``--drop``, ``--task`` and
    ``--seed`` the search was given (each where it is not the default), then the
    parameters that have a ``train`` option; every word is quoted for a POSIX shell.

    Parameters
    ----------
    args : argparse.Namespace
        The ``tune`` command's parsed arguments.
    params : dict
        The estimator's parameters by plain name (``{"hidden_layer_sizes": (16,), ...}``).

    Returns
    -------
    command : str
        ``glassnet train DATA --target COLUMN ...`` as one line.
    missing : list of str
        ``name=value`` of each parameter ``train`` has no option for (``alpha=0.01``).
    """
    words = ["glassnet", "train", _quote(str(args.data)), "--target", _quote(args.target)]
    if args.task != "auto":
        words += ["--task", args.task]
    if args.sep is not None:
        words += ["--sep", {"\t": "tab", r"\s+": "whitespace"}.get(args.sep) or _quote(args.sep)]
    if args.encoding:
        words += ["--encoding", _quote(args.encoding)]
    if args.skip_rows:
        words += ["--skip-rows", str(args.skip_rows)]
    if args.no_header:
        words.append("--no-header")
    for option, texts in (("--na", args.na), ("--keep-na", args.keep_na)):
        for text in texts:
            words += [option, _quote(text)]
    if args.decimal:
        words += ["--decimal", _quote(args.decimal)]
    if args.drop:  # a name with a comma in double quotes, as --drop reads it
        words += ["--drop", _quote(",".join(f'"{n.replace(chr(34), 2 * chr(34))}"'
                                            if "," in n or '"' in n else n for n in args.drop))]
    if args.seed != 0:  # train's default seed is 0 too
        words += ["--seed", str(args.seed)]
    missing = []
    for name, value in params.items():
        option = _train_option(name, value)
        if option is None:
            missing.append(f"{_SHORT.get(name, name)}={_text(value)}")
        else:
            words += option
    return " ".join(words), missing


def _quote(text: str) -> str:
    """``text`` as one word of a POSIX shell: as it is when it is letters (of any script),
    digits and ``@%+=:,./-``, else in single quotes (:func:`shlex.quote`)."""
    import re
    import shlex

    return text if re.fullmatch(r"[\w@%+=:,./-]+", text) else shlex.quote(text)


def _train_option(name: str, value) -> list[str] | None:
    """``glassnet train``'s words for one estimator parameter, or None where it has none."""
    if name in _TRAIN_OPTIONS:
        return [_TRAIN_OPTIONS[name], _text(value)]
    if name == "solver" and value == "adam":
        return ["--optimizer", "adam"]
    if name == "early_stopping" and isinstance(value, bool):
        return ["--early-stopping" if value else "--no-early-stopping"]
    return None


def _fit(search, X, y, scheduler):
    if scheduler is None:
        return search.fit(X, y)
    try:
        import joblib
        from dask.distributed import Client
    except ImportError as exc:
        raise CommandError('--scheduler needs Dask: pip install "glassnet[dask]"') from exc
    try:
        client = Client(scheduler, timeout="10s")
    except OSError as exc:
        raise CommandError(f"--scheduler {scheduler}: cannot reach it ({exc})") from None
    with client, joblib.parallel_config(backend="dask"):
        return search.fit(X, y)


def _text(value) -> str:
    return ",".join(map(str, value)) if isinstance(value, tuple) else str(value)


def _results(search, grid) -> list[dict]:
    """One entry per combination, best first: its parameters, mean and spread of the scores."""
    cv = search.cv_results_
    varied = [k for k, v in grid.items() if len(v) > 1] or list(grid)
    rows = []
    for i, params in enumerate(cv["params"]):
        plain = {k.rsplit("__", 1)[-1]: v for k, v in params.items()}
        label = " ".join(f"{_SHORT.get(k, k)}={_text(plain[k])}" for k in varied)
        rows.append({"rank": int(cv["rank_test_score"][i]), "label": label, "params": plain,
                     "mean": float(cv["mean_test_score"][i]),
                     "std": float(cv["std_test_score"][i]),
                     "scores": [float(cv[f"split{k}_test_score"][i])
                                for k in range(search.n_splits_)]})
    rows.sort(key=lambda r: (r["rank"], r["label"]))
    return rows
