"""Messages name the option that mends a problem as the caller gives it: a flag on the command
line, a keyword in Python (glassnet.tabular.errors.option)."""

import pytest

from glassnet.cli import main
from glassnet.tabular import DataError, fit_table
from glassnet.tabular.errors import option, options, spoken_by_cli


@pytest.fixture
def cli():
    before = spoken_by_cli(True)
    yield
    spoken_by_cli(before)


def test_python_spelling():
    assert option("task", "regression") == "task='regression'"
    assert option("max-categories", 12) == "max_categories=12"
    assert option("na", ["on request", "x"]) == "na_values=['on request', 'x']"
    assert option("drop", ["id"]) == "drop=['id']"
    assert option("no-header") == "header=False"
    assert option("skip-rows", "N") == "skip_rows=N"
    assert option("features") == "features"
    assert options(("categorical", ["city"]), ("max-categories", 40)) == \
        "categorical=['city'], max_categories=40"


def test_command_line_spelling(cli):
    assert option("task", "regression") == "--task regression"
    assert option("na", ["on request", "x"]) == "--na 'on request' --na x"
    assert option("sep", "\t") == "--sep '\\t'"  # a tab shown, not typed blind
    assert option("sep", ";") == "--sep ';'"
    assert option("no-header") == "--no-header"
    assert option("skip-rows", "N") == "--skip-rows N"
    assert options(("categorical", ["city"]), ("max-categories", 40)) == \
        "--categorical city --max-categories 40"


def test_the_same_problem_from_python_and_from_the_command_line(tmp_path, capsys):
    import pandas as pd

    frame = pd.DataFrame({"x": range(60), "y": [f"2024-{m:02d}-01" for m in range(1, 13)] * 5})
    with pytest.raises(DataError, match=r"for each date as a label of its own, "
                                        r"task='classification'\)$"):
        fit_table(frame, "y", preset="tutorial")
    path = tmp_path / "dates.csv"
    frame.to_csv(path, index=False)
    assert main(["train", str(path), "--target", "y", "--out", str(tmp_path / "m")]) == 1
    err = capsys.readouterr().err
    assert err.rstrip().endswith("for each date as a label of its own, --task classification)")
    assert option("task", "regression") == "task='regression'"  # the command line let go
