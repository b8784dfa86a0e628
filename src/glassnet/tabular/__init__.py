"""Tables: reading CSV files and turning their columns into a network's inputs.

:mod:`~glassnet.tabular.reading` reads a file, :mod:`~glassnet.tabular.model`
holds a trained network with what it needs to be used on raw rows.
"""

from .model import TabularModel
from .reading import DataError, Table, feature_matrix, infer_task, read_csv

__all__ = ["DataError", "Table", "read_csv", "feature_matrix", "infer_task", "TabularModel"]
