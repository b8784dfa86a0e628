"""Models out of glassnet: ONNX graphs for serving, PyTorch modules for research.

* :func:`to_onnx` / :func:`save_onnx` (:mod:`~glassnet.export.onnx`): a
  network, a table model (raw columns in, class labels out) or a fitted
  estimator as an ONNX graph; :func:`onnx_inputs` turns a DataFrame into a table
  graph's feeds. Needs ``pip install "glassnet[onnx]"``.
* :func:`to_torch` / :func:`from_torch` (:mod:`~glassnet.export.torch`): a
  network as a ``torch.nn.Sequential`` with the same weights, and back. Needs
  ``pip install "glassnet[torch]"``.
* :func:`as_table_model` (:mod:`~glassnet.export.table_model`): a fitted
  estimator (glassnet's or scikit-learn's) as the model file ``glassnet
  explain --model``, ``predict`` and ``export`` read.

The optional packages are imported when a function is called, never here.
"""

from ._onnx_table import onnx_inputs
from .onnx import save_onnx, to_onnx
from .table_model import as_table_model
from .torch import from_torch, to_torch

__all__ = ["to_onnx", "save_onnx", "onnx_inputs", "to_torch", "from_torch", "as_table_model"]
