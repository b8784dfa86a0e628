"""Files: model files (a zip of JSON and ``.npy``, never pickle), checkpoints, atomic writes.

Model files are read with limits checked before anything is decompressed
(``archive.py``), so a hostile file is refused, never trusted.

Everything glassnet writes goes through :func:`atomic_write`, so a crash or a
failed run never leaves a half-written file or overwrites a good one.
"""

from .atomic import atomic_write
from .modelfile import ModelFormatError, SavedModel, load, load_file, save

__all__ = ["atomic_write", "save", "load", "load_file", "SavedModel", "ModelFormatError"]
