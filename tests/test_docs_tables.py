"""The raw Palmer penguins walk-through (README.md, docs/tables.md) prints what the docs show.

Each ``text`` block that runs commands (``$ glassnet ...``) is run as written, in a folder
holding the raw file, and every line it shows is looked for in what the commands printed:
all but the lines a block leaves out (``…``), and a block cut nowhere must show every line
printed; the seconds a run took are not compared. When training
changes what it learns (a new initial weight, a new default), these fail until the docs
show the new figures.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _blocks(path: pathlib.Path) -> list[list[str]]:
    """The ``text`` blocks of ``path`` that run a glassnet command on penguins-raw.csv."""
    blocks = re.findall(r"```text\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    return [b.splitlines() for b in blocks if re.search(r"^\$ glassnet .*penguins-raw", b, re.M)]


def _shown(line: str) -> bool:
    """Whether a line of a block is one to find: not cut (…), not blank."""
    return "…" not in line and line.strip() != ""


def _timeless(line: str) -> str:
    """``line`` with the seconds a run took left out (they are this machine's)."""
    return re.sub(r" in \d+\.\d+ s\b", " in … s", line.rstrip())


def _run(lines: list[str], folder: pathlib.Path, columns: int = 100) -> str:
    """Every command of a block, as a shell runs it in a terminal ``columns`` wide (the column
    table's names whole); what they printed, stdout and stderr."""
    printed = []
    for line in lines:
        if not line.startswith("$ ") or line.startswith("$ cp "):  # (the file is there)
            continue
        command = re.sub(r"^glassnet ", f"{sys.executable} -m glassnet ", line[2:].split("  #")[0])
        done = subprocess.run(["bash", "-c", command], cwd=folder, capture_output=True,
                              text=True, env={**os.environ, "COLUMNS": str(columns)}, timeout=300)
        assert done.returncode == 0, (command, done.stderr)
        printed.append(done.stdout + done.stderr)
    return "\n".join(printed)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    palmerpenguins = pytest.importorskip("palmerpenguins")
    folder = tmp_path_factory.mktemp("penguins_raw")
    raw = pathlib.Path(palmerpenguins.__file__).parent / "data" / "penguins-raw.csv"
    (folder / "penguins-raw.csv").write_bytes(raw.read_bytes())
    return folder


@pytest.mark.parametrize("doc", ["README.md", "docs/tables.md"])
def test_the_walk_through_prints_what_the_docs_show(folder, doc):
    blocks = _blocks(ROOT / doc)
    assert blocks, f"{doc}: no block runs glassnet on penguins-raw.csv"
    for block in blocks:
        output = [_timeless(line) for line in _run(block, folder).splitlines()]
        printed = set(output)
        missing = [line for line in block if not line.startswith("$ ") and _shown(line)
                   and _timeless(line) not in printed]
        assert not missing, f"{doc}: lines the docs show that the run did not print: {missing}"
        if not any("…" in line for line in block):  # a block cut nowhere shows every line
            shown = {_timeless(line) for line in block}
            unshown = [line for line in output if line.strip() and line not in shown]
            assert not unshown, f"{doc}: lines the run printed that the docs leave out " \
                                f"(trial 30): {unshown}"


def test_the_explained_row_shows_the_docs_figures(folder):
    """docs/tables.md's explanation of row 1 (trimmed there): each line it keeps is printed."""
    if not (folder / "penguins-raw.glassnet").exists():
        _run(["$ glassnet train penguins-raw.csv --target Species"], folder)
    text = (ROOT / "docs/tables.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```text\n(.*?)```", text, re.S)
                 if b.startswith("Row 1 (line 2) of penguins-raw.csv"))
    printed = _run(["$ glassnet explain --model penguins-raw.glassnet --data penguins-raw.csv "
                    "--row 1"], folder, columns=80)
    lines = {_timeless(line) for line in printed.splitlines()}
    missing = [line for line in block.splitlines() if _shown(line)
               and _timeless(line) not in lines]
    assert not missing, f"docs/tables.md: explanation lines not printed: {missing}"
