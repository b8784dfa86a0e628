"""The report: a table model's figures and a self-contained HTML page about it.

* :mod:`~glassnet.report.evaluate`: the model on a table with targets
  (:class:`Evaluation`: inputs, truth, outputs, scores), and the network's
  inputs grouped by their raw column;
* :mod:`~glassnet.report.figures`: every figure of ``glassnet plot`` by name,
  drawn with the model's feature and class names;
* :mod:`~glassnet.report.html`: the HTML report, images inline, no script,
  nothing fetched.

Needs matplotlib for the figures: ``pip install "glassnet[plot]"``.
"""

from .evaluate import Evaluation, column_groups, evaluate_table
from .figures import FIGURES, NEEDS_DATA, model_figure
from .html import build_report, write_report

__all__ = ["Evaluation", "evaluate_table", "column_groups", "FIGURES", "NEEDS_DATA",
           "model_figure", "build_report", "write_report"]
