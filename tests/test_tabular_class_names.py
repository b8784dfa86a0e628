"""A target's labels written alike are one class (tabular/class_names.py), in memory,
streamed, and when a model is evaluated on labels spelt otherwise than training's."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet.cli import main
from glassnet.tabular.class_names import alike_key, class_index, one_spelling, spellings_note
from glassnet.tabular.target import encode_target


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_alike_keys_set_aside_case_a_final_stop_and_y_for_yes():
    assert {alike_key(v) for v in ["Yes", "yes", "YES", "Yes.", "y", "Y", " yes "]} == {"yes"}
    assert {alike_key(v) for v in ["No", "no!", "n", "N"]} == {"no"}
    assert alike_key("C") != alike_key("c")  # one letter: a major and a minor key
    assert alike_key("K") == "K" and alike_key("Maybe") == alike_key("maybe") == "maybe"
    assert alike_key("3.") == "3"  # (a final stop, whatever comes before it)


def test_one_spelling_names_each_group_by_its_commonest_spelling():
    named = one_spelling({"Y": 40, "yes": 25, "Yes": 5, "N": 10, "no": 30, "C": 3, "c": 4})
    assert named == {"Y": "Y", "yes": "Y", "Yes": "Y", "N": "no", "no": "no", "C": "C",
                     "c": "c"}
    assert one_spelling({"yes": 5, "Yes": 5})["yes"] == "Yes"  # a tie: the first in order


def test_class_index_finds_a_label_as_written_else_alike_else_none():
    classes = ["N", "Y", "maybe", "C", "c"]
    assert class_index(classes, ["Y", "yes", "NO", "Maybe.", "C", "c", "other"]) == \
        [1, 1, 0, 2, 3, 4, -1]
    # a label alike to two classes (a model trained to keep them apart) is neither
    assert class_index(["Yes", "yes"], ["YES", "yes"]) == [-1, 1]


def test_encode_target_makes_labels_written_alike_one_class():
    labels = ["Y"] * 6 + ["yes"] * 3 + ["Yes"] * 2 + ["N"] * 2 + ["no"] * 4 + ["No"] * 1 + [None]
    encoded = encode_target(pd.Series(labels, name="Escalated"))
    # named by one pair of words, the pair most rows write: yes and no (10 rows), not Y and N
    assert encoded.classes == ["no", "yes"] and encoded.n_dropped == 1
    assert encoded.spellings == {"no": ["N", "No"], "yes": ["Y", "Yes"]}
    assert encoded.Y.argmax(axis=1).tolist() == [1] * 11 + [0] * 7
    kept = encode_target(pd.Series(labels), merge_alike=False)
    assert kept.classes == ["N", "No", "Y", "Yes", "no", "yes"] and kept.spellings == {}
    # later files: each label is its class, however written
    again = encode_target(pd.Series(["YES", "n", "No.", "y"]), classes=encoded.classes)
    assert again.Y.argmax(axis=1).tolist() == [1, 0, 0, 1]
    assert spellings_note("Escalated", encoded.spellings) == (
        "the target 'Escalated': labels written alike are one class (letter case, a final "
        "stop, y/n or 1/0 for yes/no): 'N' and 'No' as 'no'; 'Y' and 'Yes' as 'yes'")


def test_numbers_and_short_codes_are_not_merged():
    encoded = encode_target(pd.Series(["C", "c", "G", "g"] * 10))
    assert encoded.classes == ["C", "G", "c", "g"] and encoded.spellings == {}
    assert encode_target(pd.Series(["AA", "Aa", "aa"] * 10)).classes == ["AA", "Aa", "aa"]
    assert one_spelling({"C": 2, "c": 3, "C.": 1})["C."] == "C"  # the stop first, then C
    # labels that would leave one class stay apart, as before (not a refused target)
    assert encode_target(pd.Series(["Yes", "yes"] * 5)).classes == ["Yes", "yes"]
    assert encode_target(pd.Series([1, 2, 1, 2, 3] * 4)).classes == [1, 2, 3]


def test_among_labels_that_say_yes_and_no_in_words_1_and_0_and_true_are_yes_and_no_too():
    """Trial 42's gym: "yes", "no", "1" and "0" were four classes, two never predicted."""
    labels = ["no"] * 9 + ["yes"] * 7 + ["0"] * 3 + ["1"] * 2 + ["TRUE", "false"]
    encoded = encode_target(pd.Series(labels, name="churned"))
    assert encoded.classes == ["no", "yes"]
    assert encoded.spellings == {"no": ["0", "false"], "yes": ["1", "TRUE"]}
    assert encoded.Y.argmax(axis=1).tolist() == [0] * 9 + [1] * 7 + [0] * 3 + [1] * 2 + [1, 0]
    assert class_index(["no", "yes"], ["1", "0", "T", "nein", "Ja", "maybe"]) == \
        [1, 0, 1, 0, 1, -1]
    assert one_spelling({"Y": 3, "N": 4, "1": 2, "0": 1}) == {"Y": "Y", "1": "Y", "N": "N",
                                                             "0": "N"}
    # numbers alone, or with other words, are no yes and no
    assert encode_target(pd.Series(["0", "1", "2"] * 8)).classes == [0, 1, 2]
    assert one_spelling({"1": 3, "0": 4, "maybe": 2}) == {"1": "1", "0": "0", "maybe": "maybe"}
    assert one_spelling({"yes": 3, "1": 4, "2": 2})["1"] == "1"  # (no "no": no yes and no)


def test_yes_and_no_named_by_a_word_and_only_where_every_label_says_yes_or_no():
    """The review: "1" the commonest spelling of yes crashed training; amino acids' T and F
    beside Y and N, and 0 to 3 beside yes and no, were merged."""
    labels = ["1", "0"] * 30 + ["yes", "no"] * 5
    encoded = encode_target(pd.Series(labels, name="y"))
    assert encoded.classes == ["no", "yes"] and encoded.spellings == {"no": ["0"], "yes": ["1"]}
    assert encoded.Y.argmax(axis=1).tolist() == [1, 0] * 35
    assert encode_target(pd.Series(["ja", "nein", "si", "no"] * 8)).classes == ["ja", "nein"]
    assert encode_target(pd.Series(list("FNTY") * 8)).classes == ["F", "N", "T", "Y"]
    acids = list("ACDEFGHIKLMNPQRSTVWY")
    assert encode_target(pd.Series(acids * 3)).classes == acids
    assert len(one_spelling({a: 3 for a in acids}).values()) == 20
    assert set(one_spelling({"0": 4, "1": 4, "2": 3, "3": 3, "yes": 2, "no": 2}).values()) == {
        "0", "1", "2", "3", "yes", "no"}
    # both classes named by one pair of words (trial 43: "Yes" and "FALSE")
    mixed = {"Yes": 50, "No": 20, "FALSE": 30, "TRUE": 5, "1": 4, "0": 3}
    assert set(one_spelling(mixed).values()) == {"Yes", "No"}
    # a model saved with the classes 0, 1, no and yes reads Y as yes, as it did
    assert class_index(["0", "1", "no", "yes"], ["Y", "N", "1", "TRUE"]) == [3, 2, 1, -1]


def test_an_input_of_yes_and_no_however_spelled_is_one_boolean():
    from glassnet.tabular import infer_columns

    rng = np.random.default_rng(0)
    words = ["N", "nein", "no", "False", "ja", "Y", "True", "yes"]
    frame = pd.DataFrame({"trainer": rng.choice(words, 200), "y": rng.normal(size=200)})
    plan = infer_columns(frame, "y")[0]
    assert (plan.kind, plan.action) == ("boolean", "0/1 (yes = 1)")


def test_unknown_beside_yes_and_no_is_a_missing_answer():
    """Trial 44: Y, N and "unknown" (J and N, TRUE and false, ja and "k.A.") were three or more
    categories; they are yes and no and a missing indicator, read alike at predict, quietly."""
    import warnings

    from glassnet.tabular import TableEncoder

    rng = np.random.default_rng(1)
    answers = rng.choice(["Y", "N", "unknown", ""], 300, p=[0.5, 0.4, 0.06, 0.04])
    frame = pd.DataFrame({"member": answers, "barrique": rng.choice(["J", "N"], 300),
                          "renew": rng.choice(["TRUE", "false", "k.A."], 300)})
    encoder = TableEncoder().fit(frame)
    plans = encoder.plans_
    assert [(p.kind, p.action) for p in plans[:3]] == [
        ("boolean", "0/1 (y = 1) + missing indicator"), ("boolean", "0/1 (j = 1)"),
        ("boolean", "0/1 (true = 1) + missing indicator")]
    assert plans[0].n_missing == int((answers == "").sum())  # (the empty cells; shown: all)
    assert plans[0].missing_shown == int(np.isin(answers, ["unknown", ""]).sum())
    assert plans[0].reason == "text values y/n; 'unknown' read as missing"
    later = pd.DataFrame({"member": ["UNKNOWN", "Y", "n"], "barrique": ["j", "N", "J"],
                          "renew": ["K.A.", "True", "FALSE"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (no unseen value: "UNKNOWN" is a missing answer)
        X = encoder.transform(later)
    mode = encoder.columns_[0]["mode"]
    np.testing.assert_array_equal(X[:, :2], [[mode, 1], [1, 0], [0, 0]])
    np.testing.assert_array_equal(X[:, 2], [1, 0, 1])
    np.testing.assert_array_equal(X[:, 3:5], [[encoder.columns_[2]["mode"], 1], [1, 0], [0, 0]])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["yes", "no"]), min_size=4, max_size=40).filter(
    lambda v: len(set(v)) == 2), st.randoms(use_true_random=False))
def test_any_spelling_of_yes_and_no_is_two_classes(answers, random):
    spelt = {"yes": ["Yes", "yes", "YES", "y", "Y", "Yes."], "no": ["No", "no", "N", "n", "NO"]}
    written = [random.choice(spelt[a]) for a in answers]
    encoded = encode_target(pd.Series(written))
    assert len(encoded.classes) == 2
    truth = [encoded.classes[j] for j in encoded.Y.argmax(axis=1)]
    assert [alike_key(t) for t in truth] == answers


def _calls(n, rng, spelt):
    wait = rng.uniform(0, 10, n)
    escalated = (wait + rng.normal(0, 1, n)) > 5
    answer = [rng.choice(spelt[e]) for e in escalated]
    return pd.DataFrame({"wait": np.round(wait, 2), "queue": rng.choice(["Sales", "Tech"], n),
                         "Escalated": answer})


def test_cli_trains_in_memory_and_streamed_on_one_class_per_answer(capsys):
    rng = np.random.default_rng(0)
    messy = {True: ["Y", "yes", "Yes", "Y"], False: ["N", "no", "No", "no"]}
    _calls(600, rng, messy).to_csv("train.csv", index=False)
    test = _calls(300, rng, {True: ["Y"], False: ["no"]})
    test.to_csv("test.csv", index=False)
    test.assign(Escalated=test.Escalated.map({"Y": "yes.", "no": "N"})).to_csv(
        "test_spelt.csv", index=False)
    for extra in ([], ["--stream", "--chunk-rows", "200"]):
        code, out, err = run(["train", "train.csv", "--target", "Escalated", "--out", "m.glassnet",
                              "--epochs", "30", "--preset", "tutorial", *extra], capsys)
        assert code == 0, err
        said = out + err
        assert "labels written alike are one class" in said, said
        info = json.loads(run(["info", "m.glassnet", "--json"], capsys)[1])
        classes = info["classes"]  # (one pair of words: yes and no, most rows' spelling)
        assert sorted(c.casefold() for c in classes) == ["no", "yes"], classes
        scores = [json.loads(run(["evaluate", "m.glassnet", name, "--json"], capsys)[1])
                  for name in ("test.csv", "test_spelt.csv")]
        assert scores[0]["accuracy"] == scores[1]["accuracy"] > 0.8
        assert scores[1]["labels"] == classes and scores[1].get("unseen_classes") in (None, [])
