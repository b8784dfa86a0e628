"""What evaluate prints of a classification with many classes: the pairs most confused."""

from glassnet.cli.scores import MATRIX_CLASSES, print_classification


def result(k):
    """An evaluate result of ``k`` classes, 10 rows each; class j's rows go to j+1 j times."""
    matrix = [[0] * k for _ in range(k)]
    for t in range(k):
        wrong = min(t, 10) if t + 1 < k else 0
        matrix[t][t] = 10 - wrong
        if wrong:
            matrix[t][t + 1] = wrong
    labels = [f"class {j:02d}" for j in range(k)]
    per_class = [{"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 10}] * k
    return {"labels": labels, "accuracy": 0.5, "majority_class": labels[0],
            "majority_accuracy": 1 / k, "never_predicted": [], "per_class": per_class,
            "confusion_matrix": matrix}


def test_many_classes_print_the_pairs_most_confused_not_a_matrix(capsys):
    print_classification(result(64))
    out = capsys.readouterr().out
    assert "confusion matrix" not in out and max(map(len, out.splitlines())) < 100
    tail = out[out.index("most confused"):].splitlines()
    assert tail[0] == ("most confused (64 classes: the whole matrix is in --json and in "
                       "glassnet plot confusion)")
    # ten pairs of 10 rows (classes 10 to 62 all send 10: the first ten of them), then the rest
    assert tail[1:3] == ["  class 10 predicted as class 11: 10",
                         "  class 11 predicted as class 12: 10"]
    assert len(tail) == 12 and tail[-1] == "  … and 52 more pairs, 475 rows"


def test_few_classes_print_the_whole_matrix(capsys):
    print_classification(result(MATRIX_CLASSES))
    out = capsys.readouterr().out
    assert "confusion matrix (rows: true, columns: predicted)" in out
    assert "most confused" not in out
