"""The PNG encoding and file write of an export made in the window, off the GUI thread.

Drawing the figure needs the GUI thread; zlib does not, and QImage.save releases the GIL: a large
figure's 30–50 ms of compression no longer blocks the window. The figure is built a piece per turn
of the event loop (`submit_figure`: a panel at a time, then the image a band of rows at a time), so the nine-panel
pipeline (≈ 200 ms to build and draw on the 2-core Xeon) never holds the window at once. The write
is atomic as every export; a failure comes back to the GUI thread as a message. Drawings and writes
still running when the window closes are finished and waited for, so nothing the user asked for is
lost.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from core.errors import UserError

from ..deliver import emit_from_worker
from ..i18n import translate
from .writers import SCREEN_DPI, image_png_bytes, scale_for, write


class BackgroundWrites(QObject):
    """`submit(path, encode)` runs `write(path, encode())` in a thread of its own."""

    written = Signal(str)          # the path
    failed = Signal(str)           # a message for the user

    def __init__(self, parent=None):
        super().__init__(parent)
        self._threads: list[threading.Thread] = []
        self._drawings: list = []               # generators of the figures being drawn, in order
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._draw_a_piece)

    def submit_figure(self, path, spec, scale: float | None = None, dpi: float | None = None) -> None:
        """Build `spec`'s figure a piece per turn of the event loop, draw it at `scale` (or `dpi`) a band
        per turn after that, then encode and write it as `submit` does."""
        from .figures import Figure

        s = scale_for(scale, dpi)
        dpi = dpi or SCREEN_DPI * s

        def pieces():
            figure = Figure(spec, built=False)
            try:
                while not figure.build_step():
                    yield
                yield
                image = yield from figure.image_in_bands(s)
            finally:
                figure.close()
            self.submit(path, lambda: image_png_bytes(image, dpi))

        self._drawings.append(pieces())
        self._timer.start()

    def _draw_a_piece(self) -> bool:
        """One piece of the oldest drawing; False when none is left."""
        while self._drawings:
            try:
                next(self._drawings[0])
            except StopIteration:
                self._drawings.pop(0)
                continue
            except UserError as e:
                self._drawings.pop(0)
                self.failed.emit(str(e))
                continue
            self._timer.start()
            return True
        return False

    def submit(self, path, encode: Callable[[], bytes]) -> None:
        path = Path(path)

        def run():
            try:
                write(path, encode())
            except UserError as e:
                emit_from_worker(self.failed, str(e))
            except Exception as e:  # a bug, not the user's fault: say so, keep the window alive
                emit_from_worker(self.failed, translate("export", "internal error writing {path}: {error}").format(path=path, error=f"{type(e).__name__}: {e}"))
            else:
                emit_from_worker(self.written, str(path))

        thread = threading.Thread(target=run, name=f"export {path.name}")
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def wait(self) -> None:
        """Block until every submitted drawing and write has finished."""
        while self._draw_a_piece():
            pass
        for thread in self._threads:
            thread.join()
        self._threads = []
