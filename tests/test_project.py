"""The repository's promises: light imports, runnable examples, README in step with CI."""

import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_import_glassnet_pulls_in_numpy_only():
    code = ("import sys, glassnet; heavy = [m for m in ('sklearn', 'matplotlib', 'scipy', "
            "'pandas', 'torch', 'tqdm') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow  # (seconds: CI runs it; the quick loop keeps under five minutes)
def test_every_room_loads_on_first_use_through_the_facade():
    # glassnet.tabular.load_table_model(path), as the README writes it: each room is
    # imported when named, and pandas only when a table is read.
    code = ("import sys, glassnet; print('pandas' in sys.modules); "
            "print(glassnet.tabular.load_table_model.__name__, 'pandas' in sys.modules); "
            "print(glassnet.sklearn.MLPClassifier.__name__, glassnet.plot.plot_network"
            ".__name__, glassnet.report.__name__, glassnet.playground.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:3] == [
        "False", "load_table_model False",
        "MLPClassifier plot_network glassnet.report glassnet.playground"]


EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_run(script, tmp_path):
    args = ["wine", str(tmp_path / "wine.csv")] if script.name == "make_csv.py" else []
    out = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip()


def test_worked_example_script_prints_the_exact_figures():
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "worked_example.py")],
                         capture_output=True, text=True, check=True).stdout
    for figure in ["0.731058578630", "0.710949502625", "1.214646877264", "0.771120127522",
                   "0.297313125535", "0.099495596191", "0.250252201904"]:
        assert figure in out


def test_boolean_example_reaches_full_accuracy():
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "boolean_function.py")],
                         capture_output=True, text=True, check=True).stdout
    assert "accuracy 100%" in out


def test_readme_shows_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^python3 -m venv \.venv && .*$", readme, flags=re.M)
    assert len(commands) == 2
    assert commands[0].endswith("glassnet demo")
    assert commands[1].endswith("python -m pytest")
    assert "grep -m1 -E '^python3 -m venv \\.venv && .*pytest' README.md" in \
        (ROOT / ".ci" / "run").read_text()
