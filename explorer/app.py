"""`transformer-explorer`: start Qt (or say clearly why it cannot), open the main window."""
from __future__ import annotations

import ctypes.util
import os
import sys

XCB_LIBRARIES = {"xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4", "xcb-keysyms": "libxcb-keysyms1",
                 "xcb-image": "libxcb-image0", "xcb-render-util": "libxcb-render-util0",
                 "xkbcommon-x11": "libxkbcommon-x11-0", "xcb-xkb": "libxcb-xkb1"}


def display_problem(environ=os.environ, platform: str = sys.platform, find_library=ctypes.util.find_library):
    """Why Qt could not open a window here (one line saying what to do), or None if it should work."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return ("transformer-explorer: no display (neither DISPLAY nor WAYLAND_DISPLAY is set); run it in a"
                " desktop session, under Xvfb (xvfb-run transformer-explorer), or headless with"
                " QT_QPA_PLATFORM=offscreen")
    if environ.get("WAYLAND_DISPLAY") and not environ.get("DISPLAY"):
        return None                      # Qt uses its wayland plugin, not xcb
    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if find_library(lib) is None]
    if missing:
        return ("transformer-explorer: Qt's xcb platform needs system libraries that are missing; install"
                f" them with: sudo apt-get install {' '.join(missing)}  (or run with QT_QPA_PLATFORM=offscreen"
                " or under Xvfb)")
    return None


def run(model_dir: str | None = None, sentence: str | None = None, session=None) -> int:
    """Open the explorer on the model in `model_dir` (default: the bundled one), or on a checked
    `core.session_file.Session` (its model, sentence, stage …); returns the exit code."""
    if session is not None:
        model_dir = None if session.model == "bundled" else session.model
        sentence = session.sentence
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("TransformerExplorer")
    app.setApplicationName("explorer")
    from .language import chosen_language, install_language

    install_language(chosen_language(QSettings("TransformerExplorer", "explorer")))   # before any text is shown
    splash = loading_splash()      # on screen before torch loads (seconds on a first launch)

    import pyqtgraph as pg

    from core.errors import UserError
    from core.text_model import open_model

    from .fonts import register_bundled_font
    from .main_window import MainWindow

    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)
    register_bundled_font()
    try:
        translator = open_model(model_dir)       # the bundled model, a folder, a Marian / BERT / GPT-2 checkpoint
    except UserError as e:
        splash.close()
        print(f"transformer-explorer: {e}", file=sys.stderr)
        return 2
    window = MainWindow(translator, sentence=sentence)
    if session is not None:
        from .session_io import apply_session

        try:
            apply_session(window, session)
        except UserError as e:
            splash.close()
            window.worker.stop()
            print(f"transformer-explorer: {e}", file=sys.stderr)
            return 2
    window.show()
    splash.close()
    return app.exec()


def loading_splash():
    """A small window saying what is happening while PyTorch, the model and the main window load:
    the first thing on screen, painted before any of them is imported."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication, QLabel

    from .i18n import translate

    pixmap = QPixmap(460, 110)
    pixmap.fill(QColor("#f6f6f6"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#e8452c"))
    painter.drawRect(0, 0, pixmap.width() - 1, pixmap.height() - 1)
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#222222"))
    painter.drawText(pixmap.rect().adjusted(18, 16, -18, -50), Qt.AlignmentFlag.AlignLeft, "Transformer Explorer")
    painter.setFont(QApplication.font())
    painter.setPen(QColor("#555555"))
    painter.drawText(pixmap.rect().adjusted(18, 58, -18, -10), Qt.AlignmentFlag.AlignLeft,
                     translate("app", "loading PyTorch, the model and the window …"))
    painter.end()
    # a plain frameless label, not QSplashScreen: its show() waits up to a second for the window to be
    # exposed (a whole second on the offscreen platform, where no expose comes)
    splash = QLabel()
    splash.setPixmap(pixmap)
    splash.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
    splash.show()
    splash.repaint()
    QApplication.processEvents()
    return splash


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(*sys.argv[1:2]))
