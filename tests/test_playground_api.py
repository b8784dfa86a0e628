"""The playground's server and JSON API, in-process on 127.0.0.1 (port 0), without a browser.

Who may ask (Host, Origin, token), how much (size limits), what the endpoints
answer, and that the panel's numbers are ``glassnet explain``'s to the last
printed digit -- for a built-in set against ``Network.explain`` on the
exported model, for an uploaded table against the ``glassnet explain --model``
command itself.
"""

import http.client
import json
import pathlib
import urllib.error
import urllib.request

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glassnet
from glassnet.cli import main
from glassnet.explain.document import Document
from glassnet.playground import Playground, Session, builtin
from glassnet.playground.config import DEFAULTS, checked
from glassnet.playground.server import is_loopback
from glassnet.playground.views import unpacked
from glassnet.tabular import TabularModel

DATA = pathlib.Path(__file__).parent / "data"


class Client:
    """Requests to one running playground, with the token unless told otherwise."""

    def __init__(self, app):
        self.app = app
        self.base = f"http://127.0.0.1:{app.port}"

    def call(self, method, path, body=None, headers=None, token=True, raw=False):
        data = body if raw or body is None else json.dumps(body).encode()
        if method == "POST" and data is None:
            data = b""
        hdrs = {"X-Glassnet-Token": self.app.token} if token else {}
        hdrs.update(headers or {})
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers=hdrs)
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def json(self, method, path, body=None, **kw):
        status, _, content = self.call(method, path, body, **kw)
        answer = json.loads(content)
        assert status == 200, answer
        return answer

    def error(self, method, path, body=None, **kw):
        status, _, content = self.call(method, path, body, **kw)
        return status, json.loads(content)["error"]


@pytest.fixture
def app():
    playground = Playground(Session(builtin("xor"), {"hidden": [3, 2]}),
                            max_upload=200_000).start()
    yield playground
    playground.stop()


@pytest.fixture
def client(app):
    return Client(app)


# -- who may ask ---------------------------------------------------------------------------


def test_binds_loopback_and_prints_a_url_with_its_token(app):
    assert app.httpd.server_address[0] == "127.0.0.1"
    assert app.url == f"http://127.0.0.1:{app.port}/?token={app.token}"
    assert len(app.token) >= 32
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_the_page_is_served_and_nothing_else(client):
    status, headers, body = client.call("GET", "/", token=False)
    assert status == 200 and b'data-testid="explain-panel"' in body
    assert headers["Content-Type"].startswith("text/html")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    for name in ("app.js", "draw.js", "style.css"):
        assert client.call("GET", f"/static/{name}", token=False)[0] == 200
    for path in ("/static/../server.py", "/static/index.html", "/etc/passwd", "/favicon.ico"):
        assert client.call("GET", path, token=False)[0] == 404


@pytest.mark.parametrize("headers, token", [
    ({}, False),                                        # no token
    ({"X-Glassnet-Token": "guess"}, False),             # a wrong one
    ({"Origin": "http://evil.example"}, True),          # another site's page
    ({"Sec-Fetch-Site": "cross-site"}, True),           # the browser says so
    ({"Host": "evil.example:80"}, True),                # DNS rebinding
])
def test_requests_from_elsewhere_are_refused(client, headers, token):
    status, message = client.error("GET", "/api/state", headers=headers, token=token)
    assert status == 403
    assert "token" in message or "cross-site" in message or "Host" in message
    status, _ = client.error("POST", "/api/train", headers=headers, token=token)
    assert status == 403
    assert not client.app.session.running


def test_same_origin_requests_pass(client):
    origin = {"Origin": client.base, "Sec-Fetch-Site": "same-origin"}
    assert client.json("GET", "/api/state", headers=origin)["epoch"] == 0


def _declared(client, path, length):
    """Send only the headers of a POST declaring ``length`` bytes; the answer comes unread."""
    connection = http.client.HTTPConnection("127.0.0.1", client.app.port, timeout=10)
    connection.putrequest("POST", path)
    connection.putheader("X-Glassnet-Token", client.app.token)
    if length is not None:
        connection.putheader("Content-Length", str(length))
    connection.endheaders()
    response = connection.getresponse()
    answer = response.status, json.loads(response.read())["error"]
    connection.close()
    return answer


def test_sizes_are_limited_before_reading(client):
    status, message = _declared(client, "/api/upload?name=big.csv", 10**9)
    assert status == 413 and "1,000,000,000 bytes; the limit is 200,000" in message
    assert _declared(client, "/api/config", 2**20 + 1)[0] == 413
    assert _declared(client, "/api/config", None)[0] == 411


def test_unknown_endpoints_and_bad_bodies_are_one_line_errors(client):
    assert client.error("GET", "/api/nothing")[0] == 404
    assert client.error("GET", "/api/train")[0] == 404       # POST only
    status, message = client.error("POST", "/api/config", b"{not json", raw=True)
    assert status == 400 and "not JSON" in message
    status, message = client.error("POST", "/api/config", {"learning_rate": -1})
    assert status == 400 and message.startswith("learning_rate must be")
    status, message = client.error("POST", "/api/config", {"layers": [3]})
    assert status == 400 and "'layers'" in message
    status, message = client.error("POST", "/api/dataset", {"name": "mnist"})
    assert status == 400 and "xor" in message
    status, message = client.error("GET", "/api/explain?item=edge-9-1-1")
    assert status == 400 and "edge-9-1-1" in message
    status, message = client.error("GET", "/api/explain?example=9999")
    assert status == 400 and "from 1 to 200" in message


def test_config_is_checked_key_by_key():
    c = checked(DEFAULTS, {"hidden": [4, 3, 2], "activation": "relu"})
    assert c["activation"] == ["relu", "relu", "relu"]
    assert checked(c, {"hidden": [5]})["activation"] == ["relu"]
    for bad in ({"hidden": [0]}, {"hidden": [65]}, {"hidden": [1] * 7}, {"loss": "hinge"},
                {"batch_size": 1.5}, {"momentum": 1}, {"seed": True}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            checked(DEFAULTS, bad)
    # The page's form: no hidden layer, an unreadable field, the seed's bound (trial 24).
    assert checked(DEFAULTS, {"hidden": [], "activation": []})["activation"] == []
    with pytest.raises(ValueError, match=r"^seed must be a whole number from 0 to "
                                         r"4,294,967,295, got nothing readable$"):
        checked(DEFAULTS, {"seed": None})


_SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
_JSON = _SCALAR | st.lists(_SCALAR, max_size=4) | st.dictionaries(st.text(max_size=4), _SCALAR,
                                                                  max_size=2)


@settings(max_examples=40)
@given(st.dictionaries(st.sampled_from([*DEFAULTS, "other"]), _JSON, max_size=5))
def test_any_json_is_a_valid_config_or_a_value_error_naming_a_key(changes):
    try:
        c = checked(DEFAULTS, changes)
    except ValueError as exc:
        assert any(str(exc).startswith(k) or repr(k) in str(exc) for k in changes)
        return
    assert set(c) == set(DEFAULTS) and len(c["activation"]) == len(c["hidden"])
    assert all(1 <= n <= 64 for n in c["hidden"]) and c["learning_rate"] > 0


# -- training --------------------------------------------------------------------------------


def test_step_is_one_batch_of_the_engine(client):
    session = client.app.session
    client.json("POST", "/api/config", {"optimizer": "sgd", "learning_rate": 0.5,
                                        "batch_size": 7, "seed": 3})
    before = session.net.copy()
    rows = session._order[:7]
    state = client.json("POST", "/api/step")
    assert state["steps"] == 1 and state["epoch"] == 0 and not state["running"]
    X, Y = session.trainer.X[rows], session.trainer.Y[rows]
    grads = before.gradients(X, Y, "cross_entropy")
    for key, value in before.parameters().items():
        np.testing.assert_array_equal(session.net.parameters()[key], value - 0.5 * grads[key])
    assert state["weights"][0] == session.net.layers[0].weights.tolist()


def test_training_runs_in_the_background_until_paused(client):
    session = client.app.session
    state = client.json("POST", "/api/train")
    assert state["running"]
    seen = client.json("GET", f"/api/state?after={state['version']}")  # waits for an epoch
    assert seen["version"] > state["version"]
    paused = client.json("POST", "/api/pause")
    assert not paused["running"] and paused["epoch"] >= 1
    assert client.json("GET", "/api/state")["epoch"] == paused["epoch"]
    history = client.json("GET", "/api/state?since=0")["history"]
    assert len(history["loss"]) == paused["epoch"] == len(history["metric"])
    assert client.json("GET", f"/api/state?since={paused['epoch']}")["history"]["loss"] == []
    assert session.state(after=paused["version"], timeout=0.01)["version"] == paused["version"]
    reset = client.json("POST", "/api/reset")
    assert reset["epoch"] == 0 and reset["steps"] == 0 and reset["history_length"] == 0


def _event(response) -> dict:
    """The next ``data:`` event of a server-sent event stream, skipping comments."""
    while True:
        line = response.fp.readline().decode()
        if line.startswith("data: "):
            response.fp.readline()  # the blank line that ends the event
            return json.loads(line[len("data: "):])


def test_the_event_stream_pushes_each_new_state(client):
    assert client.error("GET", "/api/events", token=False)[0] == 403    # no token
    assert client.error("GET", f"/api/state?token={client.app.token}", token=False)[0] == 403
    connection = http.client.HTTPConnection("127.0.0.1", client.app.port, timeout=10)
    connection.request("GET", f"/api/events?token={client.app.token}")
    response = connection.getresponse()
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/event-stream"
    first = _event(response)
    assert first["steps"] == 0 and first["history_start"] == 0
    client.json("POST", "/api/step")
    second = _event(response)
    assert second["steps"] == 1 and second["version"] > first["version"]
    client.json("POST", "/api/train")
    while (state := _event(response))["epoch"] < 2:
        pass
    client.json("POST", "/api/pause")
    # Each event carries the history since the one before: together, all of it.
    assert state["history_start"] + len(state["history"]["loss"]) == state["history_length"]
    connection.close()


def test_regions_and_node_maps(client):
    r = client.json("GET", "/api/regions?f1=1&f2=0&n=5&map_n=3")
    outputs, maps = unpacked(r["outputs"]), [unpacked(m) for m in r["maps"]]
    assert [m.shape for m in maps] == [(3, 9), (2, 9)]
    assert np.all(np.abs(maps[0]).max(axis=1) == 1)
    x_min, x_max, y_min, y_max = r["extent"]
    X = client.app.session.dataset.X
    # The grid's top-left corner: feature 1 at its smallest across, feature 0 at its largest up.
    corner = np.array([[y_max, x_min]])
    np.testing.assert_allclose(outputs[0], client.app.session.net.predict(corner)[0], rtol=1e-6)
    assert outputs.shape == (25, 2)
    assert x_min < X[:, 1].min() and x_max > X[:, 1].max() and y_min < X[:, 0].min()
    assert client.error("GET", "/api/regions?f1=2")[0] == 400


# -- the explain panel is glassnet explain ----------------------------------------------------


def _values(panel):
    return {row["key"]: row["value"] for row in panel["rows"] if row["value"] is not None}


def test_panel_numbers_are_the_exported_models_explanation(client, tmp_path):
    client.json("POST", "/api/config", {"optimizer": "sgd", "learning_rate": 0.2})
    for _ in range(3):
        client.json("POST", "/api/step")
    panel = client.json("GET", "/api/explain?example=5&item=edge-2-3-2")
    status, headers, content = client.call("GET", "/api/model")
    assert status == 200 and "attachment" in headers["Content-Disposition"]
    path = tmp_path / "xor.glassnet"
    path.write_bytes(content)
    net = glassnet.load(path)
    X, Y = builtin("xor").X, builtin("xor").Y
    step = net.explain(X[4], Y[4], loss="cross_entropy", learning_rate=0.2,
                       max_nodes=32, max_terms=32).record["step"]
    node = step["layers"][1]["nodes"][1]
    num = Document(12).num
    expected = {"z": node["z"], "a": node["a"], "dE_da": node["dE_da"], "delta": node["delta"],
                "da_dz": node["da_dz"],
                "input": node["inputs"][2], "weight": node["weights"][2],
                "gradient": node["weight_gradients"][2],
                "new_weight": node["new_weights"][2], "optimizer_weight": node["new_weights"][2]}
    assert _values(panel) == {k: num(v) for k, v in expected.items()}
    assert panel["record"]["step"] == step
    loss = client.json("GET", "/api/explain?example=5&item=loss")
    assert _values(loss)["loss"] == num(step["error"]["total"])
    first = client.json("GET", "/api/explain?example=5&item=node-1-2")
    assert _values(first)["new_bias"] == num(step["layers"][0]["nodes"][1]["new_bias"])
    assert _values(client.json("GET", "/api/explain?example=5&item=node-0-2"))["a"] == \
        num(X[4][1])


def test_adams_own_update_is_shown_beside_plain_gradient_descent(client):
    client.json("POST", "/api/config", {"optimizer": "adam", "learning_rate": 0.01})
    values = _values(client.json("GET", "/api/explain?example=1&item=edge-1-1-1"))
    # Adam's first step moves every weight by η against the gradient's sign (the
    # bias-corrected m/√v is ±1, less the ε = 1e-8 beside √v = |g|).
    w, g = float(values["weight"]), float(values["gradient"])
    assert float(values["optimizer_weight"]) == pytest.approx(w - 0.01 * np.sign(g),
                                                              abs=2e-8 / abs(g) + 1e-11)
    assert float(values["new_weight"]) == pytest.approx(w - 0.01 * g, abs=1e-11)


@pytest.mark.parametrize("fmt, marker", [("markdown", "#"), ("latex", "\\"), ("json", "{")])
def test_explanation_downloads(client, fmt, marker):
    status, headers, content = client.call("GET", f"/api/explain?example=2&format={fmt}")
    assert status == 200 and "attachment" in headers["Content-Disposition"]
    text = content.decode()
    assert marker in text and "example 2 of xor" in text


# -- files ----------------------------------------------------------------------------------


def test_export_then_import_keeps_every_weight(client, tmp_path):
    client.json("POST", "/api/step")
    _, _, content = client.call("GET", "/api/model")
    exported = client.app.session.net.copy()
    client.json("POST", "/api/reset")
    client.json("POST", "/api/config", {"seed": 9})
    info = client.json("POST", "/api/model", content, raw=True)
    assert info["config"]["hidden"] == [3, 2]
    for key, value in exported.parameters().items():
        np.testing.assert_array_equal(client.app.session.net.parameters()[key], value)
    path = tmp_path / "m.glassnet"
    path.write_bytes(content)
    assert glassnet.files.load_file(path).metadata["playground"]["hidden"] == [3, 2]


def test_imports_that_do_not_fit_are_refused(client, tmp_path):
    glassnet.save(glassnet.Network([3, 2, 2], seed=0), tmp_path / "three.glassnet")
    status, message = client.error("POST", "/api/model",
                                   (tmp_path / "three.glassnet").read_bytes(), raw=True)
    assert status == 400 and "3 inputs" in message
    status, message = client.error("POST", "/api/model", b"PK\x03\x04 not a zip", raw=True)
    assert status == 400 and message.startswith("the model file: ")  # (not the server's path)
    assert "glassnet-playground-" not in message
    assert not any(client.app.session.folder.iterdir())  # nothing left behind


@pytest.mark.slow
def test_an_uploaded_table_trains_and_matches_glassnet_explain(client, tmp_path, capsys):
    table = client.json("POST", "/api/upload?name=../../penguins.csv",
                        (DATA / "penguins.csv").read_bytes(), raw=True)
    kinds = {c["name"]: c["kind"] for c in table["columns"]}
    assert kinds["id"] == "dropped" and kinds["island"] == "categorical"
    assert table["file"] == "penguins.csv" and table["rows"] == 300
    assert [p.name for p in client.app.session.folder.iterdir()] == ["upload.csv"]
    table = client.json("POST", "/api/columns", {"target": "species",
                                                 "overrides": {"year": "categorical"}})
    assert {c["name"]: c["kind"] for c in table["columns"]}["year"] == "categorical"
    info = client.json("POST", "/api/columns", {"target": "species", "use": True,
                                                "overrides": {"sex": "drop"}})
    d = info["dataset"]
    assert d["classes"] == ["Adelie", "Chinstrap", "Gentoo"] and d["validation"] == 60
    assert info["table"]["target"] == "species"
    assert not any(n.startswith("sex") for n in d["feature_names"])
    client.json("POST", "/api/config", {"optimizer": "sgd", "learning_rate": 0.05})
    client.json("POST", "/api/step")
    panel = client.json("GET", "/api/explain?example=3&item=edge-1-2-1")
    assert "row" in panel["rows"][0]["text"] and "penguins.csv" in panel["rows"][0]["text"]
    _, _, content = client.call("GET", "/api/model")
    (tmp_path / "penguins.glassnet").write_bytes(content)
    model = TabularModel.load(tmp_path / "penguins.glassnet")
    assert model.classes == ["Adelie", "Chinstrap", "Gentoo"] and model.target_name == "species"
    row = client.app.session.dataset.table[0].train_rows[2] + 1
    code = main(["explain", "--model", str(tmp_path / "penguins.glassnet"), "--data",
                 str(DATA / "penguins.csv"), "--row", str(row), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    cli = json.loads(out)["step"]
    ours = panel["record"]["step"]
    assert cli["input"] == ours["input"] and cli["target"] == ours["target"]
    assert cli["error"] == ours["error"] and cli["learning_rate"] == ours["learning_rate"]
    for a, b in zip(cli["layers"], ours["layers"]):
        # At real sizes the CLI shows the nodes that move most, each by its index.
        for n in a["nodes"]:
            page = b["nodes"][n["node"]]
            for key in ("z", "a", "delta", "dE_da"):
                assert n[key] == page[key]
            # its largest terms, the rest summed and the bias make its z
            total = sum(w * x for w, x in zip(n["weights"], n["inputs"]))
            assert total + n["rest_sum"] + n["bias"] == pytest.approx(n["z"], abs=1e-9)


def test_a_bad_upload_is_one_line_naming_the_file(client):
    status, message = client.error("POST", "/api/upload?name=data.csv", b"\x00\x01\x02" * 50,
                                   raw=True)
    assert status == 400 and "data.csv" in message and "\n" not in message
    status, message = client.error("POST", "/api/columns", {"target": "species"})
    assert status == 400 and "no table" in message


# -- the command -----------------------------------------------------------------------------


def test_the_command_refuses_a_table_without_a_target(capsys):
    assert main(["playground", str(DATA / "penguins.csv"), "--no-browser"]) == 1
    err = capsys.readouterr().err
    assert err == "glassnet: error: DATA needs --target COLUMN, the column to predict\n"
    assert main(["playground", "--dataset", "mnist", "--no-browser"]) == 1
    assert "dataset must be one of tutorial, xor" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("argv, name", [
    (["--dataset", "spirals"], "spirals"),
    ([str(DATA / "penguins.csv"), "--target", "species"], "penguins.csv")])
def test_the_command_serves_until_ctrl_c(argv, name):
    import signal
    import subprocess
    import sys

    # Ctrl-C as a terminal gives it: a test run started in the background (`cmd &` in a
    # script) ignores SIGINT, and its children inherited that, so the server never heard it.
    process = subprocess.Popen([sys.executable, "-m", "glassnet", "playground", *argv,
                                "--no-browser"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        line = process.stdout.readline()
        assert line.startswith("glassnet playground: http://127.0.0.1:"), line
        url = line.split()[-1]
        base, token = url.split("/?token=")
        request = urllib.request.Request(base + "/api/info", headers={"X-Glassnet-Token": token})
        with urllib.request.urlopen(request, timeout=20) as response:
            info = json.loads(response.read())
        assert info["dataset"]["name"] == name
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "stopped" in err and "Traceback" not in err


def test_the_tutorials_3_3_1_network_and_worked_example_show_in_the_page(tmp_path):
    """Trial 24: the tutorial's set had two one-hot outputs, so its 3-3-1 network could not
    be loaded and the worked example's digits never appeared."""
    from glassnet import tutorial

    playground = Playground(Session(builtin("tutorial"), {
        "hidden": [3], "activation": ["sigmoid"], "optimizer": "sgd", "learning_rate": 0.5,
        "momentum": 0.0})).start()
    try:
        client = Client(playground)
        info = client.json("GET", "/api/info")
        assert info["dataset"]["n_outputs"] == 1 and info["dataset"]["classes"] == ["0", "1"]
        x, f = tutorial.truth_table()
        assert info["dataset"]["labels"] == f.astype(int).tolist()  # F = xy + z̄, one output
        assert info["resolved"]["output_activation"] == "sigmoid"
        assert info["resolved"]["loss"] == "squared_error"
        glassnet.save(tutorial.worked_example_network(), tmp_path / "worked.glassnet")
        client.json("POST", "/api/model", (tmp_path / "worked.glassnet").read_bytes(), raw=True)
        example = next(i for i, row in enumerate(x.tolist()) if row == [1, 0, 1]) + 1
        panel = client.json("GET", f"/api/explain?example={example}&item=edge-2-1-1")
        assert _values(panel)["new_weight"].startswith("0.250252201904")  # w10, as the tutorial
        assert client.json("POST", "/api/step")["loss"] >= 0
        for bad in ({"output_activation": "softmax"}, {"loss": "cross_entropy"}):
            status, message = client.error("POST", "/api/config", bad)  # (the review's catch)
            assert status == 400 and "tutorial has one output, 0 or 1" in message
        assert client.json("GET", "/api/info")["resolved"]["output_activation"] == "sigmoid"
    finally:
        playground.stop()


def test_a_wide_layers_sum_names_the_terms_it_does_not_list():
    """Trial 24: past 32 inputs z read '… + b' and could not be added up from the panel."""
    import re

    from glassnet import losses, optimizers
    from glassnet.playground.panel import explain, panel

    net = glassnet.Network([40, 3, 2], activation="tanh", output_activation="softmax", seed=0)
    x, y = np.random.default_rng(0).normal(size=40), np.array([1.0, 0.0])
    record, updated = explain(net, losses.get("cross_entropy"),
                              optimizers.get("sgd", learning_rate=0.1), x, y)
    z = next(r for r in panel(record.record, "node-1-2", updated, "sgd")["rows"]
             if r["key"] == "z")
    other = float(re.search(r"\(the other 8 terms: (\S+)\)", z["text"]).group(1))
    W = net.layers[0].weights
    assert other == pytest.approx(float(W[1, 32:] @ x[32:]), abs=1e-11)


@pytest.mark.parametrize("name, decay", [("adam", 0.0), ("adam", 0.1), ("adamw", 0.01)])
def test_adams_row_writes_its_moments_and_they_give_the_new_weight(name, decay):
    """Trial 24: Adam's row gave a number only; its m, v and step are now written out."""
    import re

    from glassnet import losses, optimizers
    from glassnet.playground.panel import explain, panel

    net = glassnet.Network([3, 3, 1], activation="sigmoid", seed=0)
    x, y = np.array([1.0, 0.5, 1.0]), np.array([0.0])
    opt = optimizers.get(name, learning_rate=0.05, weight_decay=decay)
    warm = {k: v.copy() for k, v in net.parameters().items()}  # one step before: moments
    opt.step(warm, {k: np.full_like(v, 0.3) for k, v in warm.items()})
    record, updated = explain(net, losses.get("squared_error"), opt, x, y)
    row = panel(record.record, "edge-1-1-2", updated, name)["rows"][-1]
    assert row["text"].startswith("t = 2; ")
    m = float(re.search(r"m ← β₁m \+ \(1−β₁\)g = 0\.9×\S+ \+ 0\.1×\S+ = (\S+);",
                        row["text"]).group(1))
    v = float(re.search(r"= (\S+); w − η", row["text"]).group(1))
    w = float(re.search(r"\(√v \+ ε\) = (\S+) − 0\.05×", row["text"]).group(1))
    factor = np.sqrt(1 - 0.999**2) / (1 - 0.9**2)
    # (the numbers as shown, to 12 decimals: v's last digits move the step a little)
    assert float(row["value"]) == pytest.approx(w - 0.05 * factor * m / (np.sqrt(v) + 1e-8),
                                                rel=1e-8)
    assert ("w ← w − η·λ·w" in row["text"]) == (name == "adamw")
    assert ("g = ∂E/∂w + λw" in row["text"]) == (name == "adam" and decay > 0)


def test_sgds_row_writes_its_velocity_and_l2_gradient():
    from glassnet import losses, optimizers
    from glassnet.playground.panel import explain, panel

    net = glassnet.Network([3, 3, 1], activation="sigmoid", seed=0)
    x, y = np.array([1.0, 0.5, 1.0]), np.array([0.0])
    opt = optimizers.get("sgd", learning_rate=0.05, momentum=0.9, weight_decay=0.1)
    warm = {k: v.copy() for k, v in net.parameters().items()}
    opt.step(warm, {k: np.full_like(v, 0.3) for k, v in warm.items()})
    record, updated = explain(net, losses.get("squared_error"), opt, x, y)
    rows = {r["key"]: r for r in panel(record.record, "edge-1-1-2", updated, "sgd")["rows"]}
    text, w = rows["optimizer_weight"]["text"], float(rows["weight"]["value"])
    g = float(rows["gradient"]["value"]) + 0.1 * w
    v0 = -0.05 * (0.3 + 0.1 * w)  # the warm step's velocity
    v1 = 0.9 * v0 - 0.05 * g
    assert text.startswith("g = ∂E/∂w + λw = ") and "v ← μv − η·g = 0.9×" in text
    assert float(rows["optimizer_weight"]["value"]) == pytest.approx(w + v1, abs=1e-11)
