"""glassnet tune's last lines: the ``glassnet train`` command that trains the best combination.

It carries how the search read the table (reading options, ``--drop``, ``--task``,
``--seed``) and says which chosen parameters ``train`` has no option for.
"""

import argparse
import shlex

import numpy as np
import pytest

pytest.importorskip("sklearn")

from glassnet.cli import main  # noqa: E402
from glassnet.cli.tune import suggest_train  # noqa: E402


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    """40 rows, two classes split by x, a column to drop and a 'n/a' text meaning missing."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=40)
    lines = ["x;noise;kind"] + [f"{v:.3f};{'n/a' if i % 7 == 0 else round(rng.normal(), 3)};"
                                f"{'high' if v > 0 else 'low'}" for i, v in enumerate(x)]
    path = tmp_path_factory.mktemp("tune") / "my table.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def _suggestion(capsys, path, *extra):
    assert main(["tune", str(path), "--target", "kind", "--cv", "2", "--epochs", "2", *extra]) == 0
    lines = capsys.readouterr().out.splitlines()
    best = next(i for i, line in enumerate(lines) if line.startswith("best: "))
    return lines[best].split("; train it with: ", 1)[1], lines[best + 1:]


def test_the_suggestion_carries_the_reading_options_drop_and_seed(table, capsys):
    command, after = _suggestion(capsys, table, "--search", "hidden=3;lr=0.05", "--drop", "noise",
                                 "--seed", "7", "--sep", ";", "--na", "n/a")
    assert shlex.split(command) == [
        "glassnet", "train", str(table), "--target", "kind", "--sep", ";", "--na", "n/a",
        "--drop", "noise", "--seed", "7", "--hidden", "3", "--learning-rate", "0.05",
        "--epochs", "2"]
    assert after == []  # every chosen parameter has a train option: no note


def test_a_parameter_train_cannot_take_is_named_on_the_next_line(table, capsys):
    command, after = _suggestion(capsys, table, "--search", "hidden=3;alpha=0.01;solver=lbfgs")
    assert shlex.split(command) == ["glassnet", "train", str(table), "--target", "kind",
                                    "--hidden", "3", "--epochs", "2"]
    assert after == ["note: train has no option for alpha=0.01, solver=lbfgs"]


def _args(**given):
    defaults = {"data": "d.csv", "target": "y", "task": "auto", "sep": None, "encoding": None,
                "skip_rows": 0, "no_header": False, "na": [], "keep_na": [], "decimal": None,
                "drop": [], "seed": 0}
    return argparse.Namespace(**{**defaults, **given})


def test_the_defaults_add_nothing_and_every_word_is_one_shell_word():
    assert suggest_train(_args(), {"max_iter": 200}) == (
        "glassnet train d.csv --target y --epochs 200", [])
    command, missing = suggest_train(
        _args(data="a b.csv", target="espèce", task="regression", sep="\t", encoding="latin-1",
              skip_rows=2, no_header=True, keep_na=["None"], decimal=",",
              drop=["Delta 15 N (o/oo)", "id"]),
        {"hidden_layer_sizes": (8, 4), "solver": "adam", "early_stopping": False,
         "momentum": 0.5})
    assert shlex.split(command) == [
        "glassnet", "train", "a b.csv", "--target", "espèce", "--task", "regression",
        "--sep", "tab", "--encoding", "latin-1", "--skip-rows", "2", "--no-header",
        "--keep-na", "None", "--decimal", ",", "--drop", "Delta 15 N (o/oo),id",
        "--hidden", "8,4", "--optimizer", "adam", "--no-early-stopping"]
    assert "--target espèce " in command  # letters of any script need no quotes
    assert missing == ["momentum=0.5"]


def test_a_dropped_name_with_a_comma_stays_one_name():
    from glassnet.cli.arguments import column_names

    command, _ = suggest_train(_args(drop=["Price (USD, net)", "id"]), {})
    drop = shlex.split(command)[shlex.split(command).index("--drop") + 1]
    assert drop == '"Price (USD, net)",id'
    assert column_names(drop) == ["Price (USD, net)", "id"]  # as train reads it back
