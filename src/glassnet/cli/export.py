"""The ``export`` command: a model file out of glassnet, as an ONNX graph.

What a graph takes and gives is :func:`glassnet.export.to_onnx`'s: a model
from ``glassnet train`` reads the raw columns and gives the class labels (or
the values), a saved estimator its features, a bare network its inputs.
"""

from __future__ import annotations

from pathlib import Path

from .errors import CommandError

__all__ = ["add_parsers", "export"]


def add_parsers(sub) -> None:
    """Register ``export`` on the subcommand parser."""
    from .arguments import command

    ex = command(sub, "export", export)
    ex.add_argument("model", metavar="MODEL", help="a model file (from glassnet train, or "
                    "glassnet.save)")
    ex.add_argument("--format", choices=["onnx"], default="onnx", help="default onnx")
    ex.add_argument("--out", metavar="FILE", help="default: MODEL with the suffix .onnx")
    ex.add_argument("--dtype", choices=["float32", "float64"], default=None,
                    help="the graph's float type (default: the model's)")


def load_any(path):
    """What a model file holds: a TabularModel or TableEnsemble, a glassnet.sklearn estimator,
    or a Network."""
    from ..files import load_file

    saved = load_file(path)
    if "task" in saved.metadata:  # one network or an ensemble (the best and fast presets)
        from ..tabular.ensemble_file import table_model_from_saved

        return table_model_from_saved(saved, path)
    if saved.metadata.get("kind") == "sklearn-estimator":
        import importlib.util

        if importlib.util.find_spec("sklearn") is None:
            raise CommandError(f"{path} holds a scikit-learn estimator; reading it needs "
                               "scikit-learn: pip install \"glassnet[sklearn]\"")
        from ..sklearn import _persist

        return _persist.from_saved(saved)
    from ..fitting import restore_labels  # the class labels fit was given, if any

    return restore_labels(saved.network, saved.metadata)


def export(args) -> int:
    """Export a model file as an ONNX graph, to serve it with ONNX Runtime.

    A model from 'glassnet train' becomes a graph that takes the raw columns (numbers as
    float64, NaN missing; categories and booleans as text) and gives 'label' and
    'probabilities' (or 'predictions' for a regression): the encoder's filling,
    standardization and one-hot are ONNX operators, and so are an ensemble's clipping,
    bins and the mean of its networks (the default 'best' preset). A saved estimator takes 'input'
    (n, n_features); a bare network gives 'output'. Needs: pip install "glassnet[onnx]".
    """
    import numpy as np

    from ..export import save_onnx

    model_path = Path(args.model)
    out = Path(args.out) if args.out else model_path.with_suffix(".onnx")
    if out.exists() and model_path.exists() and out.resolve() == model_path.resolve():
        raise CommandError(f"--out {out} is the model file itself; choose another name")
    if out.is_dir():
        raise CommandError(f"--out {out} is a folder; give a file name such as "
                           f"{out / (model_path.stem + '.onnx')}")
    model = load_any(model_path)
    dtype = np.dtype(args.dtype) if args.dtype else None
    save_onnx(model, out, dtype=dtype)
    import onnx

    written = onnx.load(str(out))  # what the file holds, read back
    opset = next(o.version for o in written.opset_import if o.domain in ("", "ai.onnx"))
    print(f"exported {model_path} to {out} (ONNX, opset {opset})")
    print(f"  inputs:  {', '.join(_describe(v) for v in written.graph.input)}")
    print(f"  outputs: {', '.join(_describe(v) for v in written.graph.output)}")
    return 0


def _describe(value) -> str:
    import onnx

    tensor = value.type.tensor_type
    dims = [d.dim_param or str(d.dim_value) for d in tensor.shape.dim]
    kind = onnx.helper.tensor_dtype_to_np_dtype(tensor.elem_type)
    kind = "string" if kind.kind == "O" else kind.name
    return f"{value.name} {kind}[{', '.join(dims)}]"
