"""Reading a table model file: a TabularModel or a TableEnsemble, whichever it holds.

An ensemble is saved as an ordinary glassnet model file (:mod:`glassnet.files`:
JSON metadata and checksummed ``.npy`` arrays, no pickle) whose network is
member 0; members 1 … k-1 are extra arrays named ``members.{i}.layers.{j}.weights``
and ``.bias``, every member sharing member 0's architecture. The metadata says
``"kind": "ensemble"`` and the number of members, so a reader that knew only
single networks would not mistake the file for member 0 alone: its ``kind``
is not one :class:`~.model.TabularModel` accepts.

:func:`load_table_model` reads a file written by ``glassnet train`` or by
``TableEnsemble.save`` and returns a :class:`~.model.TabularModel` or a
:class:`~.ensemble.TableEnsemble`: both have ``inputs``, ``outputs_of``,
``outputs``, ``predict``, ``feature_names``, ``input_columns`` and ``target_name``.
"""

from __future__ import annotations

from ..files import modelfile
from .embeddings import PiecewiseLinear
from .ensemble import TableEnsemble
from .model import TabularModel

__all__ = ["load_table_model", "table_model_from_saved", "KIND"]

KIND = "ensemble"
_MAX_MEMBERS = 1000


def _member_key(i: int, key: str) -> str:
    return f"members.{i}.{key}"


def load_table_model(path, **limits):
    """The TabularModel or TableEnsemble in the model file at ``path``.

    ``limits`` go to :func:`glassnet.files.load_file` (``max_bytes``).

    Raises
    ------
    ModelFormatError
        If the file is not a table model, or is damaged (naming what).
    """
    return table_model_from_saved(modelfile.load_file(path, **limits), path)


def table_model_from_saved(saved, path):
    """The table model in an already loaded :class:`~glassnet.files.SavedModel`."""
    if saved.metadata.get("kind") != KIND:
        return TabularModel.from_saved(saved, path)

    def fail(problem):
        return modelfile.ModelFormatError(f"{path}: {problem}")

    meta = dict(saved.metadata)
    k = meta.get("members")
    if type(k) is not int or not 1 <= k <= _MAX_MEMBERS:
        raise fail(f"an ensemble needs 1 to {_MAX_MEMBERS} members; the file says "
                   f"{str(k)[:20]}")
    bins = None
    if "bins.columns" in saved.arrays:
        try:
            bins = PiecewiseLinear.from_arrays(saved.arrays, saved.network.n_inputs, "bins")
            bins.n_inputs_ = saved.network.n_inputs - bins.n_outputs
            if bins.columns_.size and bins.columns_.max() >= bins.n_inputs_:
                raise ValueError(f"a binned column is not one of the {bins.n_inputs_} "
                                 "encoded inputs")
        except ValueError as exc:
            raise fail(f"the ensemble's input bins: {exc}") from None
    # Member 0 is read as a plain table model: the encoder, target and scaler
    # checks are the same ones.
    meta["kind"] = "model"
    first = TabularModel.from_saved(type(saved)(saved.network, meta, saved.arrays), path,
                                    extra_inputs=0 if bins is None else bins.n_outputs)
    arch = saved.network.config()
    networks = [first.network]
    for i in range(1, k):
        prefix = _member_key(i, "")
        own = {name[len(prefix):]: a for name, a in saved.arrays.items()
               if name.startswith(prefix)}
        if not own:
            raise fail(f"ensemble member {i} of {k} is missing")
        try:
            networks.append(modelfile.build_network(arch, own, fail))
        except modelfile.ModelFormatError as exc:
            raise fail(f"ensemble member {i}: {str(exc).split(': ', 1)[-1]}") from None
    clip, mask = meta.get("clip"), saved.arrays.get("clip_mask")
    n_features = len(first.feature_names)
    if clip is not None:
        if not isinstance(clip, (int, float)) or isinstance(clip, bool) or not clip > 0:
            raise fail(f"the ensemble's clip {str(clip)[:20]} is not a positive number")
        if mask is None or mask.dtype != bool or mask.shape != (n_features,):
            raise fail("the ensemble's clip mask is missing or does not fit the inputs")
    info = meta.get("ensemble") if isinstance(meta.get("ensemble"), dict) else {}
    t = info.get("temperature", 1.0)
    if not isinstance(t, (int, float)) or isinstance(t, bool) or not 0 < t < float("inf"):
        raise fail(f"the ensemble's temperature {str(t)[:20]} is not a positive number")
    return TableEnsemble(networks, first.encoder, first.target, first.target_scaler,
                         None if clip is None else float(clip),
                         None if clip is None else mask, info, bins)
