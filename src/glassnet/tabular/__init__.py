"""Tables: from a raw data file to a network's inputs, and back to labels.

One module a step, in the order a file goes through them:

* :mod:`~glassnet.tabular.read`: a CSV (delimiter and encoding sniffed) or
  Parquet file → a DataFrame, with errors that name the file, row and column
  (:func:`read_table_chunks`: a CSV file larger than memory, a chunk at a time);
* :mod:`~glassnet.tabular.columns`: each column's type inferred and shown
  (numeric, boolean, categorical, date, or dropped with a reason);
* :mod:`~glassnet.tabular.encoder`: :class:`TableEncoder`, those columns as a
  float matrix, everything learned kept as JSON-able data (a scikit-learn
  transformer too);
* :mod:`~glassnet.tabular.target`: the column to predict, its task and classes;
* :mod:`~glassnet.tabular.prepare`: all of the above for a training run;
* :mod:`~glassnet.tabular.model`: :class:`TabularModel`, a trained network
  with its encoder and target, saved as one model file.
* :mod:`~glassnet.tabular.presets`: ready-made recipes (``tutorial``,
  ``fast``, ``best``) and :func:`fit_table`; ``best`` bags networks over
  folds (:mod:`~glassnet.tabular.ensemble`), saved as one model file too
  (:mod:`~glassnet.tabular.ensemble_file`; :func:`load_table_model` reads either).

pandas is imported only when a table is read.
"""

from .columns import ColumnPlan, format_column_table, infer_columns
from .encoder import TableEncoder
from .ensemble import TableEnsemble
from .ensemble_file import load_table_model
from .errors import DataError
from .model import TabularModel
from .prepare import PreparedTable, prepare_training
from .presets import PRESETS, Recipe, default_model, fit_table
from .read import read_table
from .stream import read_table_chunks
from .target import TargetEncoding, encode_target

__all__ = ["DataError", "read_table", "ColumnPlan", "infer_columns", "format_column_table",
           "TableEncoder", "TargetEncoding", "encode_target", "PreparedTable",
           "prepare_training", "TabularModel", "Recipe", "PRESETS", "default_model",
           "fit_table", "TableEnsemble", "load_table_model", "read_table_chunks"]
