"""Messages name the option that mends a problem as the caller gives it: a flag on the command
line, a keyword in Python (glassnet.tabular.errors.option)."""

import numpy as np
import pytest

from glassnet.cli import main
from glassnet.tabular import DataError, fit_table
from glassnet.tabular.errors import option, options, spoken_by_cli


@pytest.fixture
def cli():
    before = spoken_by_cli(True)
    yield
    spoken_by_cli(before)


def test_python_spelling_names_the_function_that_takes_the_option():
    assert option("task", "regression") == "task='regression'"
    assert option("max-classes", 300) == "max_classes=300"
    assert option("max-categories", 12) == "encoder_options={'max_categories': 12}"
    assert option("drop", ["id"]) == "encoder_options={'drop': ['id']}"
    assert option("features") == "encoder_options={'features': [...]}"
    assert option("na", ["on request", "x"]) == "read_table(..., na_values=['on request', 'x'])"
    assert option("no-header") == "read_table(..., header=False)"
    assert option("skip-rows", "N") == "read_table(..., skip_rows=N)"
    assert option("members", 3) == "Recipe(members=3)"
    assert options(("categorical", ["city"]), ("max-categories", 40)) == \
        "encoder_options={'categorical': ['city'], 'max_categories': 40}"


def test_the_suggested_python_is_taken(tmp_path):
    """What a message suggests runs: the keywords reach the functions named."""
    import pandas as pd

    from glassnet.tabular import read_table
    from glassnet.tabular.presets import Recipe

    path = tmp_path / "t.csv"
    path.write_text("x,y\n1,a\n2,on request\n3,b\n4,a\n", encoding="utf-8")
    said = {"read_table": read_table, "path": path, "Recipe": Recipe}
    frame = eval(option("na", ["on request"]).replace("...", "path"), said)
    assert frame["y"].isna().tolist() == [False, True, False, False]
    assert eval(option("keep-na", ["NA"]).replace("...", "path"), said).shape == (4, 2)
    given = eval("dict(" + options(("categorical", ["x"]), ("max-categories", 2)) + ")")
    assert given == {"encoder_options": {"categorical": ["x"], "max_categories": 2}}
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"x": rng.integers(0, 9, 60), "z": rng.normal(size=60),
                          "y": rng.normal(size=60)})
    model = fit_table(frame, "y", preset="tutorial", **given)
    assert model.encoder.plans_[0].kind == "categorical"
    assert eval(option("members", 2), said).members == 2


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


def test_the_spelling_stays_with_its_caller_and_goes_to_its_workers():
    import threading

    from glassnet.tabular.values import PARALLEL_WORK, map_parallel

    inside, done = threading.Event(), threading.Event()
    seen = {}

    def command_line():  # the command line run from a thread of its own
        spoken_by_cli(True)
        seen["workers"] = map_parallel(lambda _: option("task", "regression"), range(4),
                                       work=PARALLEL_WORK)
        inside.set()
        done.wait(5)

    thread = threading.Thread(target=command_line)
    thread.start()
    assert inside.wait(5)
    assert option("task", "regression") == "task='regression'"  # this caller is Python
    done.set()
    thread.join()
    assert seen["workers"] == ["--task regression"] * 4
