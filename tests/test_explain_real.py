"""Explain at real sizes: the update the optimizer really makes, bit for bit, on 30 features."""

import copy
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet import Network, optimizers, schedules
from glassnet.data import Standardizer
from glassnet.explain import explain_trainer_step, explain_training_step, explain_tutorial
from glassnet.explain.real_step import top_terms
from glassnet.training import Trainer

sklearn_datasets = pytest.importorskip("sklearn.datasets")


@pytest.fixture(autouse=True)
def reference_arithmetic(monkeypatch):
    """The trainer's steps on the reference loops, whatever backend a machine would choose
    (the blas and numba fast paths round differently, by design)."""
    monkeypatch.setenv("GLASSNET_BACKEND", "reference")


@pytest.fixture(scope="module")
def cancer():
    data = sklearn_datasets.load_breast_cancer()
    scaler = Standardizer().fit(data.data)
    return (scaler.transform(data.data), data.target.astype(float).reshape(-1, 1),
            list(data.feature_names), scaler)


def _trainer(cancer, optimizer="adam", epochs=3, sizes=(30, 16, 1), dropout=0.0, **options):
    X, Y, _, _ = cancer
    net = Network(list(sizes), activation="relu", output_activation="sigmoid", seed=0,
                  dropout=dropout)
    options.setdefault("learning_rate", 0.01)
    options.setdefault("shuffle", False)
    trainer = Trainer(net, X, Y, loss="binary_cross_entropy", optimizer=optimizer, **options)
    for _ in range(epochs):
        trainer.run_epoch()
    return trainer


def _explain(trainer, cancer, **options):
    _, _, names, scaler = cancer
    return explain_trainer_step(trainer, feature_names=names, output_names=["benign"],
                                input_scaler=scaler, **options)


def _next_step_matches(trainer, explanation):
    """Take the trainer's next step (one full batch) and compare with the explained weights."""
    trainer.run_epoch()
    for key, value in trainer.net.parameters().items():
        np.testing.assert_array_equal(value, explanation.arrays["new"][key], err_msg=key)


def test_adam_on_30_features_reproduces_the_next_step_bit_for_bit(cancer):
    trainer = _trainer(cancer)
    opt = trainer.optimizer
    state, rng = copy.deepcopy(opt.state), copy.deepcopy(trainer.rng.bit_generator.state)
    explanation = _explain(trainer, cancer)
    assert opt.steps == 3 and trainer.rng.bit_generator.state == rng  # explain moved nothing
    for slot in state:
        for key in state[slot]:
            np.testing.assert_array_equal(opt.state[slot][key], state[slot][key])
    step = explanation.record["step"]
    facts = step["optimizer"]
    assert step["reproduced"] and facts["rule"] == "adam" and facts["t"] == 4
    b1, b2, eps, lr, t = opt.beta_1, opt.beta_2, opt.epsilon, opt.learning_rate, 4
    alpha = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
    assert facts["alpha"] == alpha and facts["bias_1"] == 1 - b1**t
    # From the record's numbers alone, in float64, the engine's next weights to the bit.
    for entry in step["updates"]:
        g = np.float64(entry["g"])
        m = np.float64(entry["m_prev"]) * b1 + (1 - b1) * g
        v = np.float64(entry["v_prev"]) * b2 + (1 - b2) * (g * g)
        assert (m, v) == (entry["m"], entry["v"])
        assert entry["m_hat"] == m / (1 - b1**t) and entry["v_hat"] == v / (1 - b2**t)
        assert np.float64(entry["w"]) - alpha * m / (np.sqrt(v) + eps) == entry["new"]
    # ... and from the full arrays the explanation carries, every weight.
    a = explanation.arrays
    for key, w in a["before"].items():
        m = a["m_prev"][key] * b1 + (1 - b1) * a["g"][key]
        v = a["v_prev"][key] * b2 + (1 - b2) * (a["g"][key] * a["g"][key])
        np.testing.assert_array_equal(w - alpha * m / (np.sqrt(v) + eps), a["new"][key])
    text = explanation.render("text", precision=6)  # unwrapped: each phrase on one line
    for entry in step["updates"]:
        for name in ("w", "g", "m_prev", "m", "v", "m_hat", "v_hat", "new"):
            assert f"{entry[name]:.6g}" in text, name
    assert f"α = η·√(1 - β₂ᵗ)/(1 - β₁ᵗ) = {alpha:.6g}" in text
    assert "(top 5 of 30 terms; the rest sum to" in text and "mean radius" in text
    _next_step_matches(trainer, explanation)


def test_adamw_with_clipping_and_a_shuffled_batch(cancer):
    opt = optimizers.AdamW(learning_rate=0.01, weight_decay=0.05, clip_norm=0.05)
    trainer = _trainer(cancer, optimizer=opt, epochs=2, shuffle=True, seed=3)
    explanation = _explain(trainer, cancer)
    step = explanation.record["step"]
    assert step["reproduced"] and step["optimizer"]["rule"] == "adamw"
    assert 0 < step["optimizer"]["clip_scale"] < 1
    entry = next(e for e in step["updates"] if e["key"].endswith("weights"))
    assert entry["decayed"] == entry["w"] - (0.01 * 0.05) * entry["w"]
    assert entry["g"] == entry["gradient"] * step["optimizer"]["clip_scale"]
    text = explanation.render("text", precision=6)
    assert "decay:" in text and "clipping:" in text
    _next_step_matches(trainer, explanation)


def test_momentum_and_an_exponential_schedule(cancer):
    schedule = schedules.Exponential(0.05, gamma=0.5)
    trainer = _trainer(cancer, optimizer="sgd", momentum=0.9, schedule=schedule,
                       learning_rate=0.05)
    explanation = _explain(trainer, cancer)
    step = explanation.record["step"]
    sched = step["schedule"]
    assert sched["epoch"] == 4 and sched["learning_rate"] == 0.05 * 0.5**3
    assert sched["formula_value"] == sched["learning_rate"] == trainer.optimizer.learning_rate
    assert step["optimizer"]["rule"] == "momentum" and step["reproduced"]
    eta = sched["learning_rate"]
    for entry in step["updates"]:
        v = np.float64(entry["v_prev"]) * 0.9 - eta * np.float64(entry["g"])
        assert v == entry["v"] and np.float64(entry["w"]) + v == entry["new"]
    text = explanation.render("text", precision=6)
    assert f"epoch 4: η = {eta:.6g}" in text and "η_e = η₀ · γ^(e - 1)" in text
    assert f"{step['updates'][0]['v']:.6g}" in text
    _next_step_matches(trainer, explanation)


@pytest.mark.parametrize("optimizer", [
    optimizers.SGD(0.05, momentum=0.8, nesterov=True, weight_decay=0.01),
    optimizers.RMSprop(0.01), optimizers.SGD(0.1)])
def test_other_optimizers_reproduce_the_next_step(cancer, optimizer):
    trainer = _trainer(cancer, optimizer=optimizer, epochs=2, sizes=(30, 4, 1))
    explanation = _explain(trainer, cancer)
    assert explanation.record["step"]["reproduced"]
    _next_step_matches(trainer, explanation)


def test_the_dropout_mask_shown_is_the_one_training_draws(cancer):
    trainer = _trainer(cancer, epochs=2, dropout=0.25)
    net = trainer.net
    X, _, _, _ = cancer
    _, records = net.forward(X, rng=copy.deepcopy(net.rng))
    explanation = _explain(trainer, cancer)
    np.testing.assert_array_equal(explanation.arrays["mask"][1], records[0].mask)
    shown = explanation.record["step"]["dropout"][0]
    assert shown["rate"] == 0.25 and shown["mask"] == records[0].mask[0].tolist()
    assert shown["dropped"] == np.flatnonzero(records[0].mask[0] == 0).tolist()
    assert "dropout mask of layer 1" in explanation.render("text", precision=6)
    _next_step_matches(trainer, explanation)
    unseeded = explain_training_step(net.copy(), X[:2], np.ones((2, 1)), "binary_cross_entropy")
    assert unseeded.record["step"]["dropout"] == [] and "nothing is dropped" in unseeded.render()


@pytest.mark.parametrize("width", [60, 80, 120])
def test_no_line_is_longer_than_the_width(cancer, width):
    explanation = _explain(_trainer(cancer, epochs=1), cancer)
    for fmt in ("text", "markdown"):
        lines = explanation.render(fmt, precision=12, width=width).splitlines()
        assert max(map(len, lines)) <= width and len(lines) < 400
    tutorial = explain_tutorial().render("text", width=width).splitlines()
    assert max(map(len, tutorial)) <= width


def test_the_tutorial_is_unwrapped_by_default():
    text = explain_tutorial().render("text")
    assert text == explain_tutorial().render("text", width=None)
    assert max(map(len, text.splitlines())) > 120  # as the tutorial writes it, not wrapped
    with pytest.raises(ValueError, match="width must be an integer of at least 20"):
        explain_tutorial().render("text", width=5)


def test_each_shown_sum_adds_up(cancer):
    explanation = _explain(_trainer(cancer, epochs=1), cancer)
    for lay in explanation.record["step"]["layers"]:
        for node in lay["nodes"]:
            shown = math.fsum(w * x for w, x in zip(node["weights"], node["inputs"]))
            total = shown + node["rest_sum"] + (node["bias"] or 0.0)
            assert total == pytest.approx(node["z"], rel=1e-12, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3)), min_size=1,
                max_size=40), st.integers(0, 45))
def test_top_terms_are_the_largest_and_the_rest_sums_right(pairs, k):
    w, a = (np.array(v, dtype=np.float64) for v in zip(*pairs))
    terms = w * a
    chosen, rest = top_terms(w, a, k)
    others = [i for i in range(len(w)) if i not in chosen]
    assert len(chosen) == min(k, len(w)) and len(set(chosen)) == len(chosen)
    if chosen and others:
        assert min(abs(terms[chosen])) >= max(abs(terms[others]))
    assert rest == math.fsum(terms[others].tolist())
    assert math.fsum(terms[chosen].tolist()) + rest == pytest.approx(
        math.fsum(terms.tolist()), abs=1e-9 * (1 + math.fsum(abs(terms).tolist())))


def test_a_single_example_and_bad_rows_are_named():
    net = Network([3, 2, 1], activation="tanh", seed=1)
    explanation = explain_training_step(net, [1.0, 0.0, 1.0], [0.0], optimizer="adam",
                                        learning_rate=0.1)
    step = explanation.record["step"]
    assert step["batch"] == 1 and step["reproduced"] and step["optimizer"]["t"] == 1
    assert "One example" in explanation.render("text")
    with pytest.raises(ValueError, match="row must be from 0 to 0"):
        explain_training_step(net, [1.0, 0.0, 1.0], [0.0], row=3)


def test_inputs_without_a_scaler_are_named_once_in_significant_digits(cancer):
    X, Y, names, _ = cancer
    net = Network([30, 4, 1], activation="relu", output_activation="sigmoid", seed=1)
    text = explain_training_step(net, X[:4], Y[:4], "binary_cross_entropy", "adam",
                                 learning_rate=0.01, feature_names=names, row=3
                                 ).render("text", precision=6, width=100)
    # trial 27: "x1 = mean radius: from mean radius → -0.768909" (the name twice, decimals)
    assert f"x1 = mean radius = {X[3, 0]:.6g}\n" in text and "from mean radius" not in text


def test_a_one_row_step_writes_each_gradient_and_a_short_carried_sum_out(cancer):
    X, Y, names, _ = cancer
    net = Network([30, 6, 2], activation="relu", output_activation="softmax", seed=2)
    target = np.column_stack([1 - Y[:1], Y[:1]])
    explanation = explain_training_step(net, X[:1], target, "cross_entropy", "adam",
                                        learning_rate=0.01, feature_names=names)
    step = explanation.record["step"]
    weights = [e for e in step["updates"] if e["key"].endswith("weights")]
    assert weights and all(e["delta"] * e["input"] == e["gradient"] for e in weights)
    for node in step["layers"][0]["nodes"]:  # two outputs above: both terms, summing up
        assert len(node["carried_terms"]) == 2
        assert sum(d * w for d, w in node["carried_terms"]) == pytest.approx(node["dE_da"])
    text = " ".join(explanation.render("text", precision=6, width=100).split())
    top = next(e for e in weights if e["layer"] == 2)  # trial 27: g = δ·h1, h1 shown nowhere
    j, k = top["index"]
    assert f"= δ[2]_{j + 1}·h{k + 1} = " in text and f"{top['input']:.6g} = " in text
    batch = explain_training_step(net, X[:4], np.tile(target, (4, 1)), "cross_entropy", "adam",
                                  learning_rate=0.01).record["step"]
    assert not any("input" in e for e in batch["updates"])  # a batch's gradient is a sum


def test_a_dropout_mask_multiplies_the_whole_carried_sum_and_one_term_is_a_term():
    from glassnet.explain import explain_step

    rng = np.random.default_rng(0)
    net = Network([6, 5, 3, 1], activation="tanh", output_activation="sigmoid", seed=2,
                  dropout=0.5)
    X, Y = rng.normal(size=(5, 6)), rng.integers(0, 2, size=(5, 1)).astype(float)
    text = explain_training_step(net, X, Y, loss="binary_cross_entropy", optimizer="adam",
                                 row=1).render("text", width=10_000)
    masked = [line for line in text.splitlines() if "Σ_m δ[2]" in line and "× mask 2" in line]
    assert masked and all(" = (" in line and ") × mask 2 = " in line for line in masked)
    small = Network([12, 10, 3], activation="sigmoid", output_activation="softmax", seed=1)
    text = explain_step(small, np.ones(12), np.array([0.0, 1, 0]), loss="cross_entropy",
                        max_nodes=2, max_terms=4).render("text", width=10_000)
    assert "(the other 1 term)" in text and "(the other 1 terms)" not in text


def test_an_optimizer_given_by_name_steps_at_the_schedules_eta():
    # (trial 30: the schedule shown at epoch 4, 0.00625, and the step taken at 0.1 with a
    # note blaming a plateau)
    from glassnet.schedules import Exponential

    net = Network([3, 4, 2], seed=0, output_activation="softmax")
    X = np.random.default_rng(0).normal(size=(5, 3))
    Y = np.eye(2)[[0, 1, 0, 1, 1]]
    schedule = Exponential(0.05, gamma=0.5)
    step = explain_training_step(net, X, Y, "cross_entropy", "sgd", schedule=schedule, epoch=4)
    key, w = "layers.0.weights", net.layers[0].weights
    g = step.arrays["g"][key]
    np.testing.assert_allclose(step.arrays["new"][key], w - 0.00625 * g, rtol=1e-12)
    assert "η was set apart" not in step.render("text")
    given = explain_training_step(net, X, Y, "cross_entropy", "sgd", schedule=schedule, epoch=4,
                                  learning_rate=0.1)  # η given: the step's, with the note
    np.testing.assert_allclose(given.arrays["new"][key], w - 0.1 * g, rtol=1e-12)
    assert "the formula gives 0.00625: η was set apart" in given.render("text")

    # A schedule without a formula by epoch (Constant): the name's default η, as before.
    constant = explain_training_step(net, X, Y, "cross_entropy", "sgd",
                                     schedule=schedules.Constant())
    np.testing.assert_allclose(constant.arrays["new"][key], w - 0.1 * g, rtol=1e-12)
