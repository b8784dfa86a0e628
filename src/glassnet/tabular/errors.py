"""The one error of the table pipeline."""

__all__ = ["DataError"]


class DataError(ValueError):
    """A data file cannot be used as it is; the message names the file, column and row."""
