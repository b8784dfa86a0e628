"""docs/quickstart.md runs as a doctest, and the quick start reaches what it promises."""

import doctest
import pathlib
import runpy

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_quickstart_page_runs_as_written():
    pytest.importorskip("sklearn")
    result = doctest.testfile(str(ROOT / "docs" / "quickstart.md"), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 20
    assert result.failed == 0


@pytest.mark.slow
def test_the_digits_quick_start_reaches_095(capsys):
    pytest.importorskip("sklearn")
    runpy.run_path(str(ROOT / "examples" / "quickstart_digits.py"), run_name="__main__")
    first = capsys.readouterr().out.splitlines()[0]
    accuracy = float(first.split("'accuracy': ")[1].rstrip("}"))
    assert accuracy >= 0.95
