"""The errors tablelint shows to its users as one line (exit code 2), never as a traceback."""

from __future__ import annotations


class InputError(Exception):
    """Input that tablelint refuses to read; the message is shown to the user as is."""


class ConfigError(InputError):
    """A config, schema or other data file that tablelint cannot use. Unlike
    a bad Markdown file, which is reported while the others are checked, it
    stops the run: every file's result would depend on it."""


class FileTooLargeError(InputError):
    """A file larger than the limit it was read with."""
