"""A rule drawn under the header (an SAP list's ``|----|----|``, Markdown's ``|---|:--:|``) is
no row of data (trial 40: it became a class of its own, and a streamed fit stopped on it)."""

import numpy as np
import pandas as pd
import pytest

from glassnet.cli import main
from glassnet.tabular import load_table_model, read_table
from glassnet.tabular.stream import ChunkedTable


def sap_list(path, n=300, seed=0, rule="|----------|------|---------|"):
    rng = np.random.default_rng(seed)
    amount = rng.uniform(10, 900, n)
    status = np.where(amount + rng.normal(0, 100, n) > 450, "GENEHMIGT", "ABGELEHNT")
    lines = ["|NR        |BETRAG|STATUS   |", rule]
    lines += [f"|{4711000 + i:<10}|{a:6.1f}|{s:<9}|" for i, (a, s) in
              enumerate(zip(amount, status))]
    path.write_text("\n".join(lines) + "\n")
    return amount, status


@pytest.mark.parametrize("rule", ["|----------|------|---------|", "|---|:---:|---|",
                                  "+==========+======+=========+", "----------------"])
def test_the_rule_under_the_header_is_not_read_as_a_row(tmp_path, rule):
    amount, status = sap_list(tmp_path / "c.txt", rule=rule)
    df = read_table(tmp_path / "c.txt")
    assert len(df) == 300 and df["BETRAG"].dtype.kind == "f"
    np.testing.assert_allclose(df["BETRAG"], amount.round(1))
    assert df.attrs["source"]["first_line"] == 3  # row 1 is line 3
    chunks = list(ChunkedTable(tmp_path / "c.txt", 120).chunks())
    assert [len(c) for c in chunks] == [120, 120, 60]
    assert pd.concat(chunks)["STATUS"].tolist() == status.tolist()


def test_a_first_row_of_dashes_in_one_column_only_is_data(tmp_path):
    (tmp_path / "d.csv").write_text("a,b\n---,1\nx,2\ny,3\n")
    df = read_table(tmp_path / "d.csv")
    assert len(df) == 3  # "---" under a, 1 under b: a row, not a rule


def test_training_on_a_ruled_list_has_two_classes(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sap_list(tmp_path / "train.txt")
    sap_list(tmp_path / "test.txt", n=80, seed=1)
    for stream in ([], ["--stream"]):
        preset = ["--preset", "tutorial" if stream else "fast"]
        assert main(["train", "train.txt", "--target", "STATUS", *preset, *stream,
                     "--out", "m.glassnet"]) == 0
        capsys.readouterr()
        assert list(load_table_model("m.glassnet").classes) == ["ABGELEHNT", "GENEHMIGT"]
        assert main(["predict", "m.glassnet", "test.txt"]) == 0
        lines = capsys.readouterr().out.split()
        assert lines[0] == "predicted_STATUS" and len(lines) == 81
        assert set(lines[1:]) <= {"GENEHMIGT", "ABGELEHNT"}


@pytest.mark.parametrize("sep", [",", ";"])
def test_a_rule_of_dashes_between_separators_is_a_rule(tmp_path, sep):
    """The review: '---,---' under a comma header stayed a row, and made numbers text."""
    (tmp_path / "r.csv").write_text(f"a{sep}b\n---{sep}---\n1{sep}x\n2{sep}y\n3{sep}z\n")
    df = read_table(tmp_path / "r.csv")
    assert df["a"].tolist() == [1, 2, 3] and df.attrs["source"]["first_line"] == 3


def test_a_text_with_ustar_where_a_tar_says_it_is_read_as_text(tmp_path):
    """The review: 'ustar' at byte 257 of a CSV (a word such as 'gustar') made it a tar."""
    line = "x,word\n" + "1," + "a" * 247 + "gustar more\n"
    path = tmp_path / "ustar.csv"
    path.write_text(line + "2,b\n")
    assert path.read_bytes()[257:262] == b"ustar"
    df = read_table(path)
    assert len(df) == 2 and df["x"].tolist() == [1, 2]
