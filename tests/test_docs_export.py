"""docs/export.md's scikit-learn example runs as written: the page's Python blocks in order,
then the command the page shows on the model they save."""

import pathlib
import re
import warnings

import pytest

DOC = pathlib.Path(__file__).parent.parent / "docs" / "export.md"


def test_the_scikit_learn_section_runs_as_written(tmp_path, monkeypatch, capsys):
    pytest.importorskip("sklearn")
    from sklearn.exceptions import ConvergenceWarning

    from glassnet.cli import main

    section = DOC.read_text(encoding="utf-8").split("## scikit-learn", 1)[1].split("\n## ")[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    command = re.search(r"\$ glassnet (explain .*)", section).group(1).split()
    assert len(blocks) == 2 and command[:2] == ["explain", "--model"]
    monkeypatch.chdir(tmp_path)
    namespace = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # 500 iterations, as the page says
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), namespace)
    assert (tmp_path / "mlp.glassnet").exists() and (tmp_path / "iris.glassnet").exists()
    assert list(namespace["ours"].predict(namespace["X"])) == list(
        namespace["mlp"].predict(namespace["X"]))
    assert main(command) == 0
    out = capsys.readouterr().out
    assert out.startswith("One training step of iris.glassnet on the row given with --input")
    assert "setosa" in out
