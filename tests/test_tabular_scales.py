"""Ordered scales written in words (scales.py): a survey's Likert answers, how often, a
listing's condition, sizes: numbers in order, in memory, streamed and at predict time."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet.tabular import TableEncoder, infer_columns, read_table
from glassnet.tabular.scales import SCALES, scale_of, scale_value

LIKERT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
          "Strongly agree"]


def _survey(n=600, seed=0, odd=0.02):
    rng = np.random.default_rng(seed)
    level = rng.integers(0, 5, n)
    answer = [LIKERT[v] for v in level]
    for i in np.flatnonzero(rng.random(n) < odd):
        answer[i] = "Prefer not to say"
    for i in np.flatnonzero(rng.random(n) < 0.2):  # typed by other hands
        answer[i] = rng.choice([str.upper, str.lower, lambda t: f" {t} "])(answer[i])
    return pd.DataFrame({"q_easy": answer, "renew": level + rng.normal(0, 0.3, n)}), level


def test_a_likert_column_is_its_places_and_a_non_answer_is_missing():
    frame, level = _survey()
    plan = infer_columns(frame, "renew")[0]
    assert (plan.kind, plan.details["unit"]) == ("numeric", "agreement scale")
    assert plan.reason.startswith("numbers (an ordered scale), written with 'agreement scale'")
    encoder = TableEncoder(target="renew").fit(frame, frame["renew"])
    col = encoder.columns_[0]
    with pytest.warns(UserWarning, match="rows not numbers .'Prefer not to say'"):
        x = encoder.transform(frame)[:, 0] * col["scale"] + col["mean"]
    answered = ~frame["q_easy"].str.contains("Prefer")
    np.testing.assert_allclose(x[answered], (level - 2.0)[answered], atol=1e-12)
    assert col["indicator"] and encoder.get_feature_names_out()[1] == "q_easy.missing"


@pytest.mark.parametrize("words, scale", [
    (["Never", "Rarely", "Sometimes", "Often", "Always"], "frequency scale"),
    (["Daily", "Weekly", "Monthly", "Several times a week"], "frequency scale"),
    (["Low", "Medium", "High"], "level scale"), (["S", "M", "L", "XL"], "size scale"),
    (["Small", "Medium", "Large"], "size scale"),
    (["New", "Like New", "Good", "Fair", "Poor"], "quality scale"),
    (["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied"], "satisfaction scale"),
    (["Unlikely", "Likely", "Very likely"], "likelihood scale")])
def test_each_scale_is_found_and_read_in_its_order(words, scale):
    assert scale_of(words, lambda: [10] * len(words)) == scale
    places = [scale_value(w.upper(), scale) for w in words]
    assert all(np.isfinite(places)) and len(set(places)) == len(words)


@pytest.mark.parametrize("words", [
    ["Positive", "Negative", "Neutral"], ["Red", "Green", "Blue"], ["Agree", "Disagree"],
    ["M", "F"], ["Good", "Bad", "Ugly"], ["Yes", "No", "Maybe"]])
def test_what_is_no_scale_stays_text(words):
    assert scale_of(words, lambda: [10] * len(words)) is None


def test_a_scale_needs_nine_rows_in_ten():
    words = ["Low", "Medium", "High", "Unknown"]
    assert scale_of(words, lambda: [30, 30, 30, 9]) == "level scale"
    assert scale_of(words, lambda: [30, 30, 30, 11]) is None


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(SCALES), st.data())
def test_any_spelling_of_a_scale_s_word_is_its_place(scale, data):
    from glassnet.tabular.scales import _WORDS

    word = data.draw(st.sampled_from(sorted(_WORDS[scale])))
    spaced = data.draw(st.sampled_from([str.upper, str.title, lambda t: f"  {t} ",
                                        lambda t: t.replace(" ", "   ")]))(word)
    assert scale_value(spaced, scale) == _WORDS[scale][word]


def test_streamed_and_at_predict_time_the_same(tmp_path):
    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import fit_streaming

    frame, _ = _survey(900)
    frame.to_csv(tmp_path / "survey.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "survey.csv", 200), "renew",
                           validation_fraction=0, infer_rows=200)
    whole = TableEncoder(target="renew").fit(read_table(tmp_path / "survey.csv"),
                                              frame["renew"])
    a, b = fitted.encoder.plans_[0], whole.plans_[0]  # (the reason's examples: the first
    assert (a.kind, a.action, a.details) == (b.kind, b.action, b.details)  # rows' streamed)
    for key in ("median", "mean", "scale"):
        assert fitted.encoder.columns_[0][key] == pytest.approx(whole.columns_[0][key], 1e-12)
    new = pd.DataFrame({"q_easy": ["agree", "STRONGLY AGREE", "Don't know"]})
    with pytest.warns(UserWarning, match=r"q_easy: 1 row \(index 2\) not numbers"):
        x = whole.transform(new)
    assert x[0, 0] < x[1, 0] and x[2, 1] == 1.0  # (unseen words: missing, counted)
