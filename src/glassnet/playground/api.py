"""The JSON API: one function per endpoint, from a request's parameters to a response.

The HTTP layer (:mod:`.server`) checks who is asking and how much they send;
these functions only turn checked requests into calls on the
:class:`~.session.Session` and its answers into JSON, text or bytes. None of
them takes a path: uploads and exports live in the session's own folder.
"""

from __future__ import annotations

import json

import numpy as np

from .config import DEFAULTS, MAX_LAYERS, MAX_WIDTH, choices
from .datasets import BUILTIN, builtin
from .panel import explain as explain_step
from .panel import panel as panel_rows
from .session import SHOWN
from .tables import OVERRIDES, column_table, save_upload
from .views import predicted_vs_true
from .views import regions as grid_outputs

__all__ = ["Api", "Response", "finite"]

JSON = "application/json"


class Response:
    """Status, content type, body and extra headers of one answer."""

    def __init__(self, body, status=200, content_type=JSON, headers=None):
        if content_type == JSON and not isinstance(body, bytes):
            try:
                body = json.dumps(body, allow_nan=False, ensure_ascii=False).encode()
            except ValueError:  # a diverged loss: JSON has no NaN, the page shows null
                body = json.dumps(finite(body), ensure_ascii=False).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.body, self.status, self.content_type = body, status, content_type
        self.headers = headers or {}


def _int(query, key, default):
    try:
        return int(query.get(key, default))
    except (TypeError, ValueError):
        raise ValueError(f"{key} must be a whole number, got {query.get(key)!r}") from None


class Api:
    """The endpoints of one session (``session``), under ``/api/``.

    Parameters
    ----------
    session : Session
    max_model_bytes : int
        The largest model file loaded (as ``glassnet.load``'s ``max_bytes``).
    """

    def __init__(self, session, max_model_bytes: int):
        self.session, self.max_model_bytes = session, max_model_bytes

    def route(self, method: str, name: str):
        """The handler of ``METHOD /api/name``, or None."""
        return {
            ("GET", "info"): self.info, ("GET", "state"): self.state,
            ("GET", "regions"): self.regions, ("GET", "explain"): self.explain,
            ("GET", "model"): self.export_model, ("POST", "model"): self.import_model,
            ("GET", "ensemble"): self.ensemble,
            ("POST", "config"): self.configure, ("POST", "dataset"): self.dataset,
            ("POST", "upload"): self.upload, ("POST", "columns"): self.columns,
            ("POST", "train"): self.train, ("POST", "pause"): self.pause,
            ("POST", "step"): self.step, ("POST", "reset"): self.reset,
        }.get((method, name))

    # -- reading ----------------------------------------------------------------------

    def info(self, query, body):
        """Everything the page needs to build its controls."""
        s = self.session
        table = None
        if s.upload is not None and s.dataset.table is not None:
            prepared = s.dataset.table[0]
            table = {"file": s.upload.name, "rows": len(s.upload.frame),
                     "target": prepared.target.name,
                     "columns": [p.to_dict() for p in prepared.encoder.plans_]}
        return Response({
            "choices": choices(), "config": s.config, "resolved": s.resolved(),
            "setup": s.setups,  # (a state of another setup: the page asks for this again)
            "datasets": [{"name": k, "title": v[0]} for k, v in BUILTIN.items()],
            "dataset": s.dataset.describe(), "table": table, "overrides": OVERRIDES,
            "shown": SHOWN, "limits": {"hidden_layers": MAX_LAYERS,
                                       "width": MAX_WIDTH},
            "run": None if s.dataset.run is None else s.dataset.run.describe(),
            # The inputs a picture may put across or up (a preset's bins follow from them).
            "axes": s.dataset.X.shape[1] if s.dataset.run is None else s.dataset.run.n_encoded})

    def state(self, query, body):
        """``?since=EPOCH`` (history from there) ``&after=VERSION`` (wait for a newer state)."""
        after = _int(query, "after", -1) if "after" in query else None
        return Response(self.session.state(_int(query, "since", 0), after))

    def regions(self, query, body):
        s = self.session
        net = s.frozen()[0]
        d = s.dataset
        k = d.X.shape[1]
        f1 = _int(query, "f1", 0)
        f2 = _int(query, "f2", 1 if k > 1 else 0)
        complete = None
        if d.run is not None:
            complete = d.run.complete_inputs
            for name, f in (("f1", f1), ("f2", f2)):
                if not 0 <= f < d.run.n_encoded:
                    raise ValueError(f"{name} must be an encoded input from 0 to "
                                     f"{d.run.n_encoded - 1} (the bins follow from them), "
                                     f"got {f}")
        out = grid_outputs(net, d.X, f1, f2, _int(query, "n", 40), _int(query, "map_n", 20),
                           SHOWN, complete)
        if d.task == "regression":
            out["pred_vs_true"] = predicted_vs_true(net, d.X, d.Y, d.target_scaler)
        return Response(out)

    def explain(self, query, body):
        """``?example=K&item=ITEM&format=panel|json|markdown|latex|text``."""
        s, d = self.session, self.session.dataset
        example = _int(query, "example", 1)
        if not 1 <= example <= len(d.X):
            raise ValueError(f"example must be from 1 to {len(d.X)}, got {example}")
        fmt = query.get("format", "panel")
        net, loss, optimizer = s.frozen()
        x, y = d.X[example - 1], d.Y[example - 1]
        explanation, updated = explain_step(net, loss, optimizer, x, y, SHOWN)
        where = f"example {example}" + (f" ({d.rows[example - 1]} of {d.name})"
                                         if d.table is not None else f" of {d.name}")
        if fmt == "panel":
            shown = panel_rows(explanation.record, query.get("item", "loss"), updated,
                                 optimizer.name, where)
            return Response({**shown, "example": example, "item": query.get("item", "loss"),
                             "record": explanation.record})
        if fmt not in ("json", "markdown", "latex", "text"):
            raise ValueError(f"format must be panel, json, markdown, latex or text; got {fmt!r}")
        explanation.record["title"] = f"One training step of the playground's network on {where}"
        types = {"json": JSON, "markdown": "text/markdown", "latex": "application/x-latex",
                 "text": "text/plain"}
        suffix = {"json": "json", "markdown": "md", "latex": "tex", "text": "txt"}[fmt]
        return Response(explanation.render(fmt), content_type=types[fmt] + "; charset=utf-8",
                        headers={"Content-Disposition":
                                 f'attachment; filename="explain-example-{example}.{suffix}"'})

    def ensemble(self, query, body):
        """``?example=K``: a preset's model on the example's table row, step by step.

        ``TableEnsemble.explain_row``: each input encoded and clipped, the bins
        it fills, each trained member's output (before the run's end, with the
        network in training as it is now), their average and the prediction.
        """
        s = self.session
        with s.lock:
            d = s.dataset
            if d.run is None:
                raise ValueError("the ensemble is the fast and best presets'; this is the "
                                 "tutorial network")
            example = _int(query, "example", 1)
            if not 1 <= example <= len(d.X):
                raise ValueError(f"example must be from 1 to {len(d.X)}, got {example}")
            run = d.run
            position = int(run.positions(min(run.member, run.members - 1))[example - 1])
            model = run.ensemble(s.net, partial=True)
        return Response({**model.explain_row(run.frame, position), "example": example,
                         "row": d.rows[example - 1], "trained": len(run.networks),
                         "members_in_recipe": run.members})

    # -- changing ---------------------------------------------------------------------

    def configure(self, query, body):
        self.session.configure(_object(body))
        return self.info(query, None)

    def dataset(self, query, body):
        s = self.session
        s.use_dataset(builtin(str(_object(body).get("name")), s.config["seed"]))
        s.upload = None
        return self.info(query, None)

    def upload(self, query, body):
        """The raw file in the body; its name in ``?name=``. Answers the inferred column table."""
        s = self.session
        s.upload = save_upload(s.folder, query.get("name", "upload.csv"), body)
        return Response(column_table(s.upload, None))

    def columns(self, query, body):
        """``{"target", "overrides", "use"}``: the column table again; with ``use``, train on it."""
        s, request = self.session, _object(body)
        if s.upload is None:
            raise ValueError("no table uploaded yet")
        target, overrides = request.get("target"), request.get("overrides") or {}
        table = column_table(s.upload, target, overrides)
        if request.get("use"):
            s.use_table(s.upload, table["target"], overrides)
            return self.info(query, None)
        return Response(table)

    def train(self, query, body):
        self.session.start()
        return self.state(query, None)

    def pause(self, query, body):
        self.session.pause()
        return self.state(query, None)

    def step(self, query, body):
        self.session.step()
        return self.state(query, None)

    def reset(self, query, body):
        self.session.reset()
        return self.state(query, None)

    # -- files ------------------------------------------------------------------------

    def export_model(self, query, body):
        name, data = _export(self.session)
        return Response(data, content_type="application/octet-stream",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    def import_model(self, query, body):
        from ..files import ModelFormatError, atomic_write, load_file

        s = self.session
        path = s.folder / "import.glassnet"
        atomic_write(path, lambda f: f.write(body))
        try:
            saved = load_file(path, max_bytes=self.max_model_bytes)
        except ModelFormatError as exc:  # (this server's folder is no name the person knows)
            raise ModelFormatError(str(exc).replace(str(path), "the model file")) from None
        finally:
            path.unlink(missing_ok=True)
        s.use_network(saved.network, saved.metadata.get("playground"))
        return self.info(query, None)


def _object(body) -> dict:
    try:
        value = json.loads(body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"the request body is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ValueError("the request body must be a JSON object")
    return value


def _export(session) -> tuple[str, bytes]:
    """The model file of the network as it is now: its name and bytes.

    A table's model is a :class:`~glassnet.tabular.model.TabularModel` (so ``glassnet
    predict`` and ``glassnet explain --model`` take it); with the fast or best
    preset, the :class:`~glassnet.tabular.ensemble.TableEnsemble` of its members
    (best: once all are trained), which ``glassnet.tabular.load_table_model``
    and the same commands read; a built-in set's is the network with the
    playground's settings in its metadata.
    """
    from ..files import save

    with session.lock:
        net, d, tr = session.net.copy(), session.dataset, session.trainer
        if d.run is not None:  # fast or best: the ensemble model file fit_table's would be
            ensemble = d.run.ensemble(net)
        c = session.resolved()
        training = {"optimizer": c["optimizer"], "learning_rate": tr.optimizer.learning_rate,
                    "batch_size": tr.batch_size, "epochs": tr.epoch, "seed": c["seed"],
                    "source": "glassnet playground"}
        history = tr.history.to_dict()
    info = {"loss": c["loss"], "training": training, "history": finite(history),
            "playground": {k: session.config[k] for k in DEFAULTS}}
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in
                   d.name.rsplit(".", 1)[0])[:40] or "model"
    path = session.folder / f"{stem}.glassnet"
    if d.run is not None:
        ensemble.save(path)
    elif d.table is not None:
        from ..tabular.model import TabularModel

        prepared = d.table[0]
        TabularModel(net, prepared.encoder, prepared.target.to_dict(), prepared.target_scaler,
                     info=info).save(path)
    else:
        save(net, path, metadata={**info, "dataset": d.name,
                                  "feature_names": d.feature_names,
                                  "classes": None if d.classes is None else
                                  [str(c) for c in d.classes]})
    try:
        return path.name, path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


def finite(value):
    """JSON-able with no NaN or infinity (a model file's metadata refuses them)."""
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value
