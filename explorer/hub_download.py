"""File → Open model… with a hub id that is not in the local Hugging Face cache: ask the hub what it
would fetch (off the GUI thread: no network is a clear message within seconds), ask the user
"Download X (size)?", then download with a progress dialog and Cancel, then the normal background
load. The work runs on plain Python threads (core/hf/download.py); results reach the GUI thread by
queued signal, and no widget is touched from a worker."""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from core.errors import UserError

from .deliver import emit_from_worker
from .i18n import translate


def needs_download(spec: str, cache_dir=None) -> bool:
    """A hub id (not a folder on disk) whose files are not all in the local cache. False when the hf
    extra is missing: the loader then says how to install it."""
    from pathlib import Path

    from core.hf.locate import looks_like_hub_id

    if Path(str(spec)).expanduser().exists() or not looks_like_hub_id(str(spec)):
        return False
    try:
        from core.hf.download import cached_folder
        from core.hf.extra import require_extra

        require_extra()
    except UserError:
        return False
    return cached_folder(str(spec), cache_dir) is None


class HubDownload(QObject):
    """One hub id: `plan()` asks the hub (→ planned(DownloadPlan) or failed(reason)); `download(plan)`
    fetches into the cache (→ progress(done, total) …, then finished(folder), cancelled() or
    failed(reason)); `cancel()` is honoured at the next chunk. Never touches a widget."""

    planned = Signal(object)
    progress = Signal(object, object)       # bytes done, total (Python ints: a checkpoint can pass 2 GB)
    finished = Signal(str)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, repo_id: str, cache_dir=None, endpoint: str | None = None, parent=None):
        super().__init__(parent)
        self.repo_id, self.cache_dir, self.endpoint = repo_id, cache_dir, endpoint
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def _start(self, target, *args) -> None:
        self.thread = threading.Thread(target=self._guarded, args=(target, *args), name="hub-download", daemon=True)
        self.thread.start()

    def _guarded(self, target, *args) -> None:
        from core.hf.download import DownloadCancelled

        try:
            target(*args)
        except DownloadCancelled:
            emit_from_worker(self.cancelled)
        except UserError as e:
            emit_from_worker(self.failed, str(e))
        except Exception as e:  # noqa: BLE001 — a bug, not the user's fault: said, and the window stays
            emit_from_worker(self.failed, translate("OpenModelDialog", "internal error: {error}").format(
                error=f"{type(e).__name__}: {e}"))

    def plan(self) -> None:
        from core.hf.download import plan_download

        self._start(lambda: emit_from_worker(self.planned, plan_download(self.repo_id, endpoint=self.endpoint)))

    def download(self, plan) -> None:
        from core.hf.download import download

        def run():
            folder = download(plan, cache_dir=self.cache_dir, endpoint=self.endpoint, cancelled=self.stop.is_set,
                              progress=lambda done, total: emit_from_worker(self.progress, done, total))
            emit_from_worker(self.finished, str(folder))
        self._start(run)

    def cancel(self) -> None:
        self.stop.set()


def download_question(parent, plan) -> QMessageBox:
    """"Download X (size) from the Hugging Face hub?" with Download / Cancel (Download the default)."""
    from core.hf.cache import human_size

    box = QMessageBox(QMessageBox.Icon.Question, translate("MainWindow", "Download model"),
                      translate("MainWindow", "Download {repo} ({size}) from the Hugging Face hub?").format(
                          repo=plan.repo_id, size=human_size(plan.total_bytes)), parent=parent)
    box.setInformativeText(translate("MainWindow", "{count} files go into the local Hugging Face cache: {files}. "
                                                   "Nothing from the repository is run.").format(
        count=len(plan.files), files=", ".join(plan.names)))
    download = box.addButton(translate("MainWindow", "Download"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(download)
    box.download_button = download
    return box
