"""The PNG encoding and file write of an export made in the window, off the GUI thread.

Drawing the figure needs the GUI thread; zlib does not, and QImage.save releases the GIL: a large
figure's 30–50 ms of compression no longer blocks the window. The write is atomic as every export;
a failure comes back to the GUI thread as a message. Writes still running when the window closes
are waited for, so nothing the user asked for is lost.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from core.errors import UserError

from ..i18n import translate
from .writers import write


class BackgroundWrites(QObject):
    """`submit(path, encode)` runs `write(path, encode())` in a thread of its own."""

    written = Signal(str)          # the path
    failed = Signal(str)           # a message for the user

    def __init__(self, parent=None):
        super().__init__(parent)
        self._threads: list[threading.Thread] = []

    def submit(self, path, encode: Callable[[], bytes]) -> None:
        path = Path(path)

        def run():
            try:
                write(path, encode())
            except UserError as e:
                self.failed.emit(str(e))
            except Exception as e:  # a bug, not the user's fault: say so, keep the window alive
                self.failed.emit(translate("export", "internal error writing {path}: {error}").format(path=path, error=f"{type(e).__name__}: {e}"))
            else:
                self.written.emit(str(path))

        thread = threading.Thread(target=run, name=f"export {path.name}")
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def wait(self) -> None:
        """Block until every submitted write has finished."""
        for thread in self._threads:
            thread.join()
        self._threads = []
