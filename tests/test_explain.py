import json
import re

import numpy as np
import pytest

from glassnet import Network, activations
from glassnet.cli import main
from glassnet.explain import explain_costs, explain_forward, explain_tutorial

GOLDEN = __import__("pathlib").Path(__file__).parent / "golden"

CASES = [  # hidden activations, output activation, loss, bias
    (["sigmoid"], "sigmoid", "squared_error", False),
    (["tanh", "relu"], "softmax", "cross_entropy", True),      # fused output delta
    (["elu"], "sigmoid", "binary_cross_entropy", True),        # fused output delta
    (["softplus", "swish"], "identity", "mean_squared_error", True),
    (["gelu"], "softmax", "squared_error", True),              # softmax VJP, not fused
    (["leaky_relu", "selu", "softsign"], "tanh", "absolute_error", True),
    (["tanh"], "exp", "poisson", True),                        # fused output delta
]


def _targets(output_activation, n_out, rng):
    if output_activation == "softmax":
        return np.eye(n_out)[rng.integers(n_out)]
    if output_activation == "sigmoid":
        return rng.integers(0, 2, size=n_out).astype(float)
    if output_activation == "exp":  # counts, for the Poisson loss
        return rng.poisson(2.0, size=n_out).astype(float)
    return rng.normal(size=n_out)


@pytest.mark.parametrize("hidden, output, loss, bias", CASES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_explained_number_is_the_engines(hidden, output, loss, bias, seed):
    rng = np.random.default_rng(seed)
    sizes = [4] + [int(n) for n in rng.integers(2, 5, size=len(hidden))] + [3]
    net = Network(sizes, activation=hidden, output_activation=output, use_bias=bias, seed=rng)
    if bias:
        for layer in net.layers:
            layer.bias[...] = rng.normal(size=layer.n_out)
    x, y = rng.normal(size=4), _targets(output, 3, rng)
    before = {k: v.copy() for k, v in net.parameters().items()}
    step = net.explain(x, y, loss=loss, learning_rate=0.3).record["step"]

    out, records = net.forward(x[np.newaxis, :])
    grads = net.gradients(x[np.newaxis, :], y[np.newaxis, :], loss=loss)
    assert step["output"] == out[0].tolist()
    assert step["error"]["total"] == pytest.approx(net.loss(x[None], y[None], loss), rel=1e-15)
    for i, (lay, record) in enumerate(zip(step["layers"], records)):
        W = net.layers[i].weights
        for j, node in enumerate(lay["nodes"]):
            assert node["z"] == record.z[0, j] and node["a"] == record.a[0, j]
            assert node["inputs"] == record.input[0].tolist()
            assert node["weight_gradients"] == grads[f"layers.{i}.weights"][j].tolist()
            assert node["new_weights"] == (W[j] - 0.3 * grads[f"layers.{i}.weights"][j]).tolist()
            if bias:  # ∂E/∂b = δ: the explained δ is the engine's
                assert node["delta"] == grads[f"layers.{i}.bias"][j]
            if node["da_dz"] is not None and not step["loss"]["fused"] or i < len(records) - 1:
                if node["da_dz"] is not None:
                    assert node["dE_da"] * node["da_dz"] == node["delta"]
            if "carried_terms" in node:
                carried = sum(d * w for d, w in node["carried_terms"])
                assert node["dE_da"] == pytest.approx(carried, rel=1e-12, abs=1e-15)
    for key, value in net.parameters().items():  # explaining changes nothing
        assert value.tobytes() == before[key].tobytes()


def test_the_tutorials_worked_example_exactly():
    text = explain_tutorial().render("text")
    for line in [
        "z1 = x1·w1 + x2·w4 + x3·w7 = 1×0.9 + 0×0.8 + 1×0.1 = 1.0",
        "h1 = σ(z1) = σ(1.0) = 0.731058578630",
        "h2 = σ(z2) = σ(0.9) = 0.710949502625",
        "out = σ(z) = σ(1.214646877264) = 0.771120127522",
        "E = ½(0 - 0.771120127522)² = 0.297313125535",
        "∂E/∂out = o - t = 0.771120127522 - 0 = 0.771120127522",
        "∂out/∂z = σ(z)·(1 - σ(z)) = 0.176493876452",
        "∂E/∂w10 = δ·h1 = 0.136097980517×0.731058578630 = 0.099495596191",
        "w10 ← w10 - η·∂E/∂w10 = 0.3 - 0.5×0.099495596191 = 0.250252201904",
        "∂E/∂h1 = δ·w10 = 0.136097980517×0.3 = 0.040829394155",
    ]:
        assert line in text, line
    # Every weight of the network is updated, w1 … w12.
    assert sorted(int(n) for n in re.findall(r"^  w(\d+) ←", text, flags=re.M)) == \
        list(range(1, 13))
    # Where the tutorial's printed figures differ, it says so and why.
    assert "the tutorial prints 1.213: it rounds h1, h2, h3 to 0.73, 0.71, 0.71 first" in text
    assert "the tutorial prints 0.7708293339958" in text
    assert "\"the fourth row\"; it is the third" in text
    assert "e^{-x}" in text and "Wᵀ·X_test + b" in text


def test_round_intermediate_reproduces_the_tutorials_printed_figures():
    explanation = explain_tutorial(round_intermediate=2)
    step = explanation.record["step"]
    out_node = step["layers"][1]["nodes"][0]
    assert out_node["z"] == pytest.approx(1.213, abs=1e-12)
    assert out_node["a"] == pytest.approx(0.7708293339958, abs=1e-13)
    assert step["error"]["total"] == pytest.approx(0.29645, abs=1e-15)
    assert out_node["weight_gradients"][0] == 0.1
    assert out_node["new_weights"][0] == 0.25
    text = explanation.render("text")
    assert "0.73×0.3 + 0.71×0.5 + 0.71×0.9 = 1.213" in text
    assert "E = ½(0 - 0.77)² = 0.29645" in text
    assert "w10 ← w10 - η·∂E/∂w10 = 0.3 - 0.5×0.1 = 0.25" in text
    assert "σ(1.213) = 0.7708293339958" in explanation.render("text", precision=13)


@pytest.mark.parametrize("argv, golden", [
    (["explain", "--example", "tutorial"], "explain_tutorial.txt"),
    (["explain", "--example", "tutorial", "--round-intermediate", "2"],
     "explain_tutorial_rounded.txt"),
])
def test_command_line_text_matches_the_golden_file(capsys, argv, golden):
    assert main(argv) == 0
    assert capsys.readouterr().out == (GOLDEN / golden).read_text()


def test_markdown():
    md = explain_tutorial().render("markdown")
    assert md.startswith("# The tutorial's worked example")
    assert "## Forward propagation" in md and "### Layer 1:" in md
    assert md.count("```") % 2 == 0 and "```text" in md
    assert "| 0.731058578630 |" in md  # matrices as tables


def test_latex_is_well_formed_in_the_tutorials_notation():
    tex = explain_tutorial().render("latex")
    assert tex.count(r"\begin{align*}") == tex.count(r"\end{align*}") > 3
    assert tex.count(r"\begin{bmatrix}") == tex.count(r"\end{bmatrix}") > 3
    assert tex.count("{") == tex.count("}")
    assert r"h_{1} &= \sigma(z_{1}) = \sigma(1.0) = 0.731058578630" in tex
    assert r"Z^{[1]} &= W^{[1]} X" in tex and r"A^{[2]} = \sigma(Z^{[2]})" in tex
    assert (r"w_{10} &\leftarrow w_{10} - \eta \frac{\partial E}{\partial w_{10}} = "
            r"0.3 - 0.5 \times 0.099495596191 = 0.250252201904") in tex
    assert not re.search(r"[σ∂η×←·Σδ½‖]", tex), "Unicode math left in LaTeX"


def test_json_follows_the_schema():
    data = json.loads(explain_tutorial().render("json"))
    assert data["schema"] == "glassnet.explain/1"
    step = data["step"]
    assert step["network"]["sizes"] == [3, 3, 1]
    assert step["layers"][0]["nodes"][0]["a"] == 0.7310585786300049
    assert step["layers"][1]["nodes"][0]["new_weights"][0] == 0.25025220190447706
    assert set(step["layers"][0]["nodes"][0]) >= {
        "inputs", "weights", "bias", "z", "a", "dE_da", "da_dz", "delta", "weight_gradients",
        "new_weights", "carried_terms"}
    assert data["vectorized"]["layers"][0]["Z"]["shape"] == [3, 8]
    assert len(data["slips"]) == 7


def test_precision_option():
    assert "h1 = σ(z1) = σ(1.0) = 0.7311" in explain_tutorial().render("text", precision=4)
    with pytest.raises(ValueError, match="precision must be an integer from 0 to 17"):
        explain_tutorial().render("text", precision=-1)
    with pytest.raises(ValueError, match="format must be one of text, markdown, latex, json"):
        explain_tutorial().render("html")


def test_large_networks_are_summarized():
    rng = np.random.default_rng(0)
    net = Network([200, 64, 32, 10], activation="relu", output_activation="softmax", seed=0)
    explanation = net.explain(rng.normal(size=200), np.eye(10)[3], loss="cross_entropy")
    step = explanation.record["step"]
    assert step["summarized"]
    assert [lay["shown_nodes"] for lay in step["layers"]] == [8, 8, 8]
    assert all(len(node["weights"]) == 8 for lay in step["layers"] for node in lay["nodes"])
    text = explanation.render("text")
    assert "Large network" in text and "… 56 more nodes not shown" in text
    assert "W[1]_1,1" in text and "‖W[1]‖" in text
    assert len(text) < 60_000 and len(explanation.render("json")) < 200_000
    assert not Network([3, 3, 1]).explain([1, 0, 1], [0]).record["step"]["summarized"]


def test_vectorized_view_matches_the_batch_forward_pass():
    rng = np.random.default_rng(4)
    net = Network([3, 4, 2], activation="tanh", output_activation="sigmoid", seed=rng)
    X = rng.normal(size=(5, 3))
    vec = explain_forward(net, X).record["vectorized"]
    _, records = net.forward(X)
    for lay, record in zip(vec["layers"], records):
        assert np.array_equal(np.array(lay["Z"]["values"]), record.z.T)  # examples as columns
        assert np.array_equal(np.array(lay["A"]["values"]), record.a.T)
    text = net.explain_forward(X).render("text")
    assert "Z[1] = W[1]·X + b: (4×3)·(3×5) → (4×5)" in text
    big = explain_forward(net, rng.normal(size=(30, 3))).record["vectorized"]
    assert big["X"]["truncated"] and big["X"]["shape"] == [3, 30]


def test_softmax_without_its_canonical_loss_shows_the_vjp():
    net = Network([2, 3], activation="softmax", seed=0)
    text = net.explain([0.5, -1.0], [0, 1, 0], loss="squared_error").render("text")
    assert "vector-Jacobian product" in text
    fused = net.explain([0.5, -1.0], [0, 1, 0], loss="cross_entropy").render("text")
    assert "derivative cancels, so ∂E/∂z = output - target" in fused


def test_bad_inputs_are_named():
    net = Network([3, 2, 1], seed=0)
    with pytest.raises(ValueError, match="x must have 3 values, got 2"):
        net.explain([1, 0], [0])
    with pytest.raises(ValueError, match="target must have 1 values, got 2"):
        net.explain([1, 0, 1], [0, 1])


def test_cost_examples():
    text = explain_costs().render("text")
    assert "(2 - 1) + (3 - 5) + (5 - 3) + (9 - 6) = 1 - 2 + 2 + 3 = 4.0" in text
    assert "|2 - 1| + |3 - 5| + |5 - 3| + |9 - 6| = 1 + 2 + 2 + 3 = 8.0" in text
    assert "E = ½(0 - 0.77)² = 0.29645" in text
    for fmt in ("markdown", "latex", "json"):
        assert explain_costs().render(fmt)


def test_command_line(capsys):
    assert main(["explain", "--example", "costs", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["costs"]["losses"][0]["total"] == 4.0
    assert main(["activations"]) == 0
    table = capsys.readouterr().out
    assert all(name in table for name in activations.names())
    assert main(["demo", "--epochs", "1000"]) == 0
    demo = capsys.readouterr().out
    assert "accuracy 100%" in demo and "0.250252201904" in demo
    with pytest.raises(SystemExit) as usage:
        main(["explain", "--format", "pdf"])
    assert usage.value.code == 2


def test_a_30_feature_network_is_explained_with_the_engines_numbers():
    rng = np.random.default_rng(30)
    net = Network([30, 12, 5], activation="relu", output_activation="softmax", seed=rng)
    for layer in net.layers:
        layer.bias[...] = rng.normal(scale=0.1, size=layer.n_out)
    x, y = rng.normal(size=30), np.eye(5)[2]
    step = net.explain(x, y, loss="cross_entropy", learning_rate=0.1).record["step"]
    assert step["summarized"]
    out, records = net.forward(x[np.newaxis, :])
    grads = net.backward(records, y[np.newaxis, :], "cross_entropy", "sum")
    assert step["output"] == out[0].tolist()
    for i, (lay, record) in enumerate(zip(step["layers"], records)):
        dW = grads[f"layers.{i}.weights"]
        assert lay["norms"] == {"weights": float(np.linalg.norm(net.layers[i].weights)),
                                "weight_gradient": float(np.linalg.norm(dW)),
                                "z": float(np.linalg.norm(record.z)),
                                "a": float(np.linalg.norm(record.a))}
        for j, node in enumerate(lay["nodes"]):
            n = len(node["weights"])
            assert node["inputs"] == record.input[0, :n].tolist()
            assert node["z"] == record.z[0, j] and node["a"] == record.a[0, j]
            assert node["delta"] == record.delta[0, j]
            assert node["weight_gradients"] == dW[j, :n].tolist()
            assert node["bias_gradient"] == grads[f"layers.{i}.bias"][j]
            if i < len(records) - 1:
                assert node["dE_da"] == record.grad_a[0, j]


@pytest.mark.parametrize("decimals", [1, 3])
def test_rounded_explanations_are_the_engines_rounded_numbers(decimals):
    rng = np.random.default_rng(decimals)
    net = Network([3, 4, 2], activation="tanh", output_activation="sigmoid", seed=rng)
    x, y = rng.normal(size=3), np.array([0.0, 1.0])
    step = net.explain(x, y, round_intermediate=decimals).record["step"]

    def rnd(v):
        return np.round(v, decimals)

    out, records = net.forward(x[np.newaxis, :], transform=rnd)
    grads = net.backward(records, y[np.newaxis, :], "squared_error", "sum", transform=rnd)
    assert step["output"] == out[0].tolist()
    for i, (lay, record) in enumerate(zip(step["layers"], records)):
        for j, node in enumerate(lay["nodes"]):
            assert node["inputs"] == record.input[0].tolist()
            assert node["delta"] == record.delta[0, j]
            assert node["weight_gradients"] == grads[f"layers.{i}.weights"][j].tolist()


def test_import_glassnet_does_not_load_explain():
    import subprocess
    import sys

    code = ("import sys, glassnet; loaded = 'glassnet.explain' in sys.modules; "
            "glassnet.Network([2, 1]).explain([0, 1], [1]); "
            "print(loaded, 'glassnet.explain' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]  # loaded on the first call, not before


def test_a_value_below_the_decimals_shown_is_not_written_as_zero():
    from glassnet.explain.document import Document

    twelve = Document(12)
    assert twelve.num(2.2255e-14) == "2.2255e-14" and twelve.num(-3e-13) == "-3e-13"
    assert twelve.num(0.0) == "0.0" and twelve.num(1e-12) == "0.000000000001"
    assert twelve.num(0.25) == "0.25" and Document(4).num(4e-05) == "4e-05"


def test_a_cut_sum_adds_its_other_terms_and_brackets_negative_operands():
    rng = np.random.default_rng(3)
    net = Network([30, 12, 2], activation="tanh", output_activation="softmax", seed=1)
    x = rng.normal(size=30)
    explanation = net.explain(x, [1.0, 0.0], loss="cross_entropy")
    step = explanation.record["step"]
    for node in step["layers"][0]["nodes"]:  # trial 27: "… (22 more)" had no sum
        shown = sum(a * w for a, w in zip(node["inputs"], node["weights"]))
        assert shown + node["rest"] + node["bias"] == pytest.approx(node["z"], abs=1e-12)
    for node in step["layers"][0]["nodes"]:  # 12 nodes above, 8 listed: the rest summed
        carried = sum(d * w for d, w in node["carried_terms"])
        assert "carried_rest" not in node and carried == pytest.approx(node["dE_da"])
    text = explanation.render("text", precision=4, width=10_000)
    assert "target (1, 0). Network 30-12-2" in text  # a vector in brackets (the re-check)
    assert "(the other 22 terms)" in text
    assert "×-" not in text and "+ -" not in text  # (-2.07)×0.4, not -2.07×-0.4
