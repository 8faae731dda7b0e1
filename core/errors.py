"""Errors a user can cause: the CLI prints them as one line, the window as a message."""


class UserError(Exception):
    """Bad input from the user (text, file, folder, option): shown as a clear message."""


class ModelFileError(UserError):
    """A model folder that is not a valid model of our format."""
