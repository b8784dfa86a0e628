"""The contenders of ``benchmarks/tables.py``, each ``fit(train, test, target, task, seed)``.

Each returns ``(predictions for test, fit seconds)``. glassnet's take the raw
rows (its presets do all the preparing); the others get the columns glassnet
kept (so that IDs and free text are left out for them too), with dates as
days since 1970 (a plain pipeline cannot read dates), text as strings:

* ``sklearn-mlp``: median imputer + StandardScaler for numbers, most-frequent
  imputer + OneHotEncoder for text, then ``MLPClassifier()`` /
  ``MLPRegressor()`` at their defaults (a regression's target standardized by
  ``TransformedTargetRegressor``, as any pipeline would);
* ``hgb``: ``HistGradientBoostingClassifier()`` / ``Regressor()`` at their
  defaults, text as pandas categories (its native categorical support);
* ``realmlp-td``, ``tabm-d``: pytabkit's tuned-default RealMLP and TabM,
  numbers median-filled, text as pandas categories.
"""

from __future__ import annotations

import importlib.util
import time
import warnings

import numpy as np

__all__ = ["METHODS", "ABLATIONS", "available"]


def _glassnet(preset, encoder=None, **changes):
    """A preset, or (with ``changes``, or ``encoder`` options) the preset with a step taken
    out: an ablation."""
    def fit(train, test, target, task, seed):
        from dataclasses import replace

        from glassnet.tabular.presets import default_model, fit_table

        started = time.perf_counter()
        recipe = replace(default_model(task, preset), **changes)
        model = fit_table(train, target, recipe=recipe, task=task, seed=seed,
                          encoder_options=encoder)
        seconds = time.perf_counter() - started
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # unseen categories: counted notes
            return model.predict(test), seconds
    return fit


def _plain(train, test, target):
    """The columns glassnet keeps, as numbers (dates as days) and strings; target aside."""
    import pandas as pd

    from glassnet.tabular import infer_columns

    numbers, text = {}, {}
    for plan in infer_columns(train, target):
        if plan.kind in ("dropped", "target"):
            continue
        both = pd.concat([train[plan.name], test[plan.name]])
        if plan.kind == "numeric":
            numbers[plan.name] = pd.to_numeric(both, errors="coerce").astype(float)
        elif plan.kind == "datetime":
            when = pd.to_datetime(both.astype(str), errors="coerce", format="mixed")
            numbers[plan.name] = (when - pd.Timestamp("1970-01-01")).dt.days.astype(float)
        else:
            text[plan.name] = both.astype(object).where(both.notna(), None)
    frame = pd.DataFrame({**numbers, **text})
    n = len(train)
    return frame.iloc[:n], frame.iloc[n:], list(numbers), list(text)


def _y(frame, target, task):
    y = frame[target]
    return y.astype(str).to_numpy() if task == "classification" else y.to_numpy(float)


def _sklearn_mlp(train, test, target, task, seed):
    from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
    from sklearn.impute import SimpleImputer
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    X, X_test, numbers, text = _plain(train, test, target)
    X, X_test = X.astype({c: str for c in text}), X_test.astype({c: str for c in text})
    columns = ColumnTransformer([
        ("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers),
        ("text", make_pipeline(SimpleImputer(strategy="most_frequent"),
                               OneHotEncoder(handle_unknown="ignore")), text)])
    if task == "classification":
        model = make_pipeline(columns, MLPClassifier(random_state=seed))
    else:
        model = TransformedTargetRegressor(make_pipeline(columns, MLPRegressor(random_state=seed)),
                                           transformer=StandardScaler())
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning at max_iter=200, as users see it
        model.fit(X, _y(train, target, task))
    return model.predict(X_test), time.perf_counter() - started


def _categories(X, X_test, text, fill_numbers=False):
    X, X_test = X.copy(), X_test.copy()
    for c in text:
        seen = sorted({str(v) for v in X[c]})
        X[c] = __import__("pandas").Categorical(X[c].astype(str), categories=seen)
        X_test[c] = __import__("pandas").Categorical(X_test[c].astype(str), categories=seen)
    if fill_numbers:
        medians = X.drop(columns=text).median()
        X, X_test = X.fillna(medians), X_test.fillna(medians)
    return X, X_test


def _hgb(train, test, target, task, seed):
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    X, X_test, _, text = _plain(train, test, target)
    started = time.perf_counter()
    # Its categories hold at most 255 values (max_bins): a text column of more is given as
    # scikit-learn's TargetEncoder's cross-fitted means instead, boosting's usual recipe.
    wide = [c for c in text if X[c].astype(str).nunique() > 255]
    if wide:
        X, X_test = _target_encoded(X, X_test, wide, _y(train, target, task), seed)
    X, X_test = _categories(X, X_test, [c for c in text if c not in wide])
    kind = HistGradientBoostingClassifier if task == "classification" \
        else HistGradientBoostingRegressor
    model = kind(random_state=seed)
    model.fit(X, _y(train, target, task))
    return model.predict(X_test), time.perf_counter() - started


def _target_encoded(X, X_test, columns, y, seed):
    """``columns`` of X and X_test replaced by scikit-learn's TargetEncoder's columns."""
    import pandas as pd
    from sklearn.model_selection import KFold
    from sklearn.preprocessing import TargetEncoder

    encoder = TargetEncoder(cv=KFold(5, shuffle=True, random_state=seed))
    fitted = encoder.fit_transform(X[columns].astype(str), y)
    names = [f"te{i}" for i in range(fitted.shape[1])]
    X = pd.concat([X.drop(columns=columns), pd.DataFrame(fitted, columns=names,
                                                         index=X.index)], axis=1)
    X_test = pd.concat([X_test.drop(columns=columns), pd.DataFrame(
        encoder.transform(X_test[columns].astype(str)), columns=names, index=X_test.index)],
        axis=1)
    return X, X_test


def _pytabkit(name):
    def fit(train, test, target, task, seed):
        import pytabkit

        X, X_test, _, text = _plain(train, test, target)
        X, X_test = _categories(X, X_test, text, fill_numbers=True)
        role = "Classifier" if task == "classification" else "Regressor"
        kind = getattr(pytabkit, f"{name}_{role}")
        model = kind(random_state=seed, verbosity=0, device="cpu")
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(X, _y(train, target, task))
            seconds = time.perf_counter() - started
            return np.asarray(model.predict(X_test)), seconds
    return fit


# name: (fit, the package it needs)
METHODS = {
    "glassnet tutorial": (_glassnet("tutorial"), "glassnet"),
    "glassnet fast": (_glassnet("fast"), "glassnet"),
    "glassnet best": (_glassnet("best"), "glassnet"),
    "sklearn MLP": (_sklearn_mlp, "sklearn"),
    "HistGradientBoosting": (_hgb, "sklearn"),
    "RealMLP-TD": (_pytabkit("RealMLP_TD"), "pytabkit"),
    "TabM-D": (_pytabkit("TabM_D"), "pytabkit"),
}
# Ablations: "best" less one step (run only when named in --methods).
ABLATIONS = {
    "best -clip": (_glassnet("best", clip=None), "glassnet"),
    "best -smoothing": (_glassnet("best", label_smoothing=0.0), "glassnet"),
    "best -adamw-cosine": (_glassnet("best", optimizer="adam", weight_decay=0.0,
                                     learning_rate=0.001, schedule="constant", warmup=0),
                           "glassnet"),
    "best k=3": (_glassnet("best", members=3), "glassnet"),
    "best 128-128": (_glassnet("best", hidden=(128, 128)), "glassnet"),
    "best -target-means": (_glassnet("best", encoder={"target_means": False}), "glassnet"),
    "best he": (_glassnet("best", init="auto"), "glassnet"),  # before session 14
    "best -bins": (_glassnet("best", bins=0), "glassnet"),
}


def available(names=None) -> list[str]:
    """The methods (all but the ablations by default) whose package is installed."""
    return [n for n in names or [m for m in METHODS if m not in ABLATIONS]
            if importlib.util.find_spec(METHODS[n][1]) is not None]


METHODS.update(ABLATIONS)
