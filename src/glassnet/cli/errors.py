"""The command line's own error: one line on stderr, exit code 1."""

__all__ = ["CommandError"]


class CommandError(Exception):
    """A user-facing error: printed as one line, exit code 1."""
