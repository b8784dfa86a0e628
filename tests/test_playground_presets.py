"""The playground's presets on a table: ``tutorial`` (the default), ``fast`` and ``best``.

``fast`` and ``best`` train ``glassnet.tabular``'s recipe live (AdamW, warm-up
+ cosine, label smoothing, clipped inputs with their piecewise-linear bins);
trained to its end, a run is ``fit_table``'s model bit for bit, and the file
the page saves is read back by ``load_table_model`` with the same outputs.
"""

import json
import pathlib
import time

import numpy as np
import pytest

import glassnet
from glassnet.cli import main
from glassnet.playground import Playground, Session
from glassnet.playground.config import DEFAULTS, checked
from glassnet.playground.tables import Upload
from glassnet.playground.views import _grid, unpacked
from glassnet.schedules import Cosine
from glassnet.tabular import TableEnsemble, fit_table, load_table_model, read_table

DATA = pathlib.Path(__file__).parent / "data"


class Client:
    """JSON requests to one running playground, with its token."""

    def __init__(self, app):
        import urllib.request

        self.app, self.request = app, urllib.request
        self.base = f"http://127.0.0.1:{app.port}"

    def call(self, method, path, body=None):
        import urllib.error

        data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        if method == "POST" and data is None:
            data = b""
        request = self.request.Request(self.base + path, data=data, method=method,
                                       headers={"X-Glassnet-Token": self.app.token})
        try:
            with self.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def json(self, method, path, body=None):
        status, content = self.call(method, path, body)
        assert status == 200, content
        return json.loads(content)

    def error(self, method, path, body=None):
        status, content = self.call(method, path, body)
        return status, json.loads(content)["error"]


def _upload(path: pathlib.Path) -> Upload:
    return Upload(path.name, path, read_table(path))


def _small_table(folder: pathlib.Path) -> pathlib.Path:
    """60 rows: two numbers, a category and a class that depends on them."""
    rng = np.random.default_rng(5)
    x, z = rng.normal(size=60), rng.uniform(0, 10, size=60)
    colour = rng.choice(["red", "blue"], size=60)
    label = np.where(x + (colour == "red") > 0.5, "yes", "no")
    path = folder / "small.csv"
    path.write_text("x,z,colour,label\n" + "".join(
        f"{a:.4f},{b:.3f},{c},{d}\n" for a, b, c, d in zip(x, z, colour, label)))
    return path


@pytest.fixture
def app():
    session = Session()
    session.use_table(_upload(DATA / "penguins.csv"), "species", {})
    playground = Playground(session).start()
    yield playground
    playground.stop()


@pytest.fixture
def client(app):
    return Client(app)


def _train_to_the_end(client, timeout=120.0) -> dict:
    client.json("POST", "/api/train")
    stop = time.monotonic() + timeout
    while True:
        state = client.json("GET", "/api/state?since=0")
        if state["preset"]["done"] or time.monotonic() > stop:
            return state
        time.sleep(0.05)


def _saved(client, tmp_path, name="model.glassnet"):
    status, content = client.call("GET", "/api/model")
    assert status == 200, content
    path = tmp_path / name
    path.write_bytes(content)
    return load_table_model(path)


# -- choosing the preset ---------------------------------------------------------------------


def test_the_preset_is_a_checked_setting_and_tutorial_by_default(client):
    info = client.json("GET", "/api/info")
    assert info["config"]["preset"] == "tutorial" == DEFAULTS["preset"]
    assert info["choices"]["preset"] == ["tutorial", "fast", "best"]
    assert info["run"] is None and info["dataset"]["validation"] == 60
    with pytest.raises(ValueError, match=r"^preset must be one of tutorial, fast, best; "
                                         r"got 'turbo'"):
        checked(DEFAULTS, {"preset": "turbo"})
    status, message = client.error("POST", "/api/config", {"preset": "turbo"})
    assert status == 400 and message.startswith("preset must be one of tutorial, fast, best")
    with pytest.raises(ValueError, match=r"^preset: best trains on a table"):
        Session(config={"preset": "best"})


def test_fast_trains_the_recipe_on_clipped_and_binned_inputs(client):
    session = client.app.session
    info = client.json("POST", "/api/config", {"preset": "fast"})
    run = session.dataset.run
    encoder_names = [str(n) for n in session.dataset.table[0].encoder.get_feature_names_out()]
    d = len(encoder_names)
    # The inputs: the encoder's, then the bins of each continuous one (named by their edges).
    assert info["run"]["encoded_inputs"] == d and info["axes"] == d
    assert info["run"]["bin_inputs"] == run.bins.n_outputs > 0
    names = info["dataset"]["feature_names"]
    assert len(names) == info["dataset"]["n_inputs"] == d + run.bins.n_outputs
    assert names[:d] == encoder_names
    assert all("∈[" in n and n.split("∈[")[0] in encoder_names for n in names[d:])
    assert info["run"]["recipe"]["name"] == "fast" and info["run"]["recipe"]["members"] == 1
    # The network, optimizer, schedule and targets are the recipe's.
    net, trainer = session.net, session.trainer
    assert net.sizes == [d + run.bins.n_outputs, 64, 32, 3]
    assert [layer.activation.name for layer in net.layers] == ["relu", "relu", "softmax"]
    assert trainer.optimizer.config()["name"] == "adamw"
    assert trainer.optimizer.config()["weight_decay"] == 0.01
    assert trainer.schedule == Cosine(0.003, epochs=60, warmup=3)
    assert trainer.early_stopping and trainer.tracker.patience == 20
    assert np.allclose(trainer.Y.max(axis=1), 0.9 + 0.1 / 3)      # label smoothing ε = 0.1
    assert np.allclose(trainer.Y.min(axis=1), 0.1 / 3)
    assert len(trainer.X) == 240 and len(trainer.X_val) == 60
    # The greyed form shows the batch size the member trains with (worked out from its rows).
    assert info["run"]["recipe"]["batch_size"] == trainer.batch_size == 32
    # Clipped: every continuous input within ±3; the one-hot columns untouched.
    assert np.abs(trainer.X[:, :d][:, run.mask]).max() < 3.0
    assert set(np.unique(trainer.X[:, :d][:, ~run.mask])) <= {0.0, 1.0}
    state = client.json("GET", "/api/state")
    assert state["preset"] == {"name": "fast", "members": 1, "member": 1, "done": False,
                               "trained": [], "result": None}
    # The panel explains a step on those inputs and the smoothed target.
    panel = client.json("GET", "/api/explain?example=1&item=loss")
    assert "0.933333333333" in panel["rows"][0]["text"]
    assert len(panel["record"]["step"]["input"]) == d + run.bins.n_outputs


def test_the_preset_needs_a_table_and_refuses_what_it_chooses_itself(client, tmp_path):
    status, message = client.error("GET", "/api/ensemble")
    assert status == 400 and "tutorial network" in message
    client.json("POST", "/api/config", {"preset": "best"})
    status, message = client.error("GET", "/api/model")
    assert status == 400 and message == ("best: 0 of 5 members trained; train until all "
                                         "are, then save the ensemble")
    glassnet.save(glassnet.Network([3, 2, 2], seed=0), tmp_path / "three.glassnet")
    status, message = client.error("POST", "/api/model",
                                   (tmp_path / "three.glassnet").read_bytes())
    assert status == 400 and "choose the tutorial preset to load a model file" in message
    # A built-in set trains the tutorial network: the preset goes back to it.
    info = client.json("POST", "/api/dataset", {"name": "xor"})
    assert info["config"]["preset"] == "tutorial" and info["run"] is None
    status, message = client.error("POST", "/api/config", {"preset": "fast"})
    assert status == 400 and message.startswith("preset: fast trains on a table")
    assert client.json("GET", "/api/info")["config"]["preset"] == "tutorial"


def test_the_command_takes_the_preset_with_a_table_only(capsys):
    assert main(["playground", "--dataset", "xor", "--preset", "fast", "--no-browser"]) == 1
    assert capsys.readouterr().err == (
        "glassnet: error: --preset fast trains on a table: give DATA.csv --target COLUMN "
        "(the built-in sets train the tutorial network)\n")


def test_regions_move_an_encoded_input_and_recompute_its_bins(client):
    client.json("POST", "/api/config", {"preset": "fast"})
    session = client.app.session
    run, d = session.dataset.run, session.dataset.run.n_encoded
    status, message = client.error("GET", f"/api/regions?f1={d}")
    assert status == 400 and "the bins follow from them" in message
    r = client.json("GET", "/api/regions?f1=0&f2=1&n=3&map_n=2")
    grid, _ = _grid(session.dataset.X, 0, 1, 3)
    expected = session.net.predict(run.bins.transform(grid[:, :d]))
    np.testing.assert_allclose(unpacked(r["outputs"]), expected, rtol=1e-6, atol=1e-7)


# -- trained to the end, saved, read back ------------------------------------------------------


@pytest.mark.slow
def test_fast_trained_live_is_fit_tables_model_and_saves_it(client, tmp_path):
    client.json("POST", "/api/config", {"preset": "fast"})
    for _ in range(3):                      # the step button, then reset: the run starts over
        client.json("POST", "/api/step")
    client.json("POST", "/api/reset")
    state = _train_to_the_end(client)
    p = state["preset"]
    assert p["done"] and not state["running"] and p["member"] == 1
    frame = read_table(DATA / "penguins.csv")
    reference = fit_table(frame, "species", preset="fast", seed=0)
    assert p["trained"] == reference.info["members"]
    assert state["epoch"] == reference.info["members"][0]["epochs"]
    model = _saved(client, tmp_path)
    assert isinstance(model, TableEnsemble) and len(model.networks) == 1
    in_memory = client.app.session.dataset.run.ensemble()
    np.testing.assert_array_equal(model.outputs(frame), in_memory.outputs(frame))
    np.testing.assert_array_equal(model.outputs(frame), reference.outputs(frame))
    assert list(model.predict(frame)) == list(reference.predict(frame))
    assert model.info["recipe"] == reference.info["recipe"]
    held = p["result"]
    assert held["metric"] == "accuracy" and held["held_out_rows"] == 60
    assert held["average"] == np.mean(model.predict(frame) == frame["species"].to_numpy())
    status, message = client.error("POST", "/api/train")
    assert status == 400 and "finished" in message and "reset" in message
    row = client.json("GET", "/api/ensemble?example=2")
    assert len(row["members"]) == 1 and row["average"] == row["members"][0]
    assert row["prediction"] in ("Adelie", "Chinstrap", "Gentoo") and "row" in row["row"]


@pytest.mark.slow
def test_best_trains_its_members_one_after_another_and_saves_the_ensemble(tmp_path):
    path = _small_table(tmp_path)
    session = Session()
    session.use_table(_upload(path), "label", {}, preset="best")
    with Playground(session) as app:
        client = Client(app)
        first = client.json("GET", "/api/state")["preset"]
        assert first["member"] == 1 and first["members"] == 5
        members_seen = set()
        client.json("POST", "/api/train")
        stop = time.monotonic() + 120
        while not (state := client.json("GET", "/api/state"))["preset"]["done"]:
            members_seen.add(state["preset"]["member"])
            assert time.monotonic() < stop
            time.sleep(0.01)
        assert len(members_seen) >= 2       # the page saw the members change
        frame = read_table(path)
        reference = fit_table(frame, "label", preset="best", seed=0)
        p = state["preset"]
        assert p["trained"] == reference.info["members"]
        assert p["result"]["held_out"] == reference.info["out_of_fold_score"]
        assert p["result"]["held_out_rows"] == 60
        model = _saved(client, tmp_path, "best.glassnet")
        assert isinstance(model, TableEnsemble) and len(model.networks) == 5
        np.testing.assert_array_equal(model.outputs(frame),
                                      session.dataset.run.ensemble().outputs(frame))
        np.testing.assert_array_equal(model.outputs(frame), reference.outputs(frame))
        assert model.info["out_of_fold_score"] == reference.info["out_of_fold_score"]
        row = client.json("GET", "/api/ensemble?example=1")
        assert len(row["members"]) == 5
        np.testing.assert_allclose(row["average"], np.mean(row["members"], axis=0))
    out = tmp_path / "predicted.csv"
    assert main(["predict", str(tmp_path / "best.glassnet"), str(path), "--out", str(out)]) == 0
    assert out.read_text().count("\n") == 61
