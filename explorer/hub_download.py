"""File → Open model… with a hub id: look it up in the local Hugging Face cache and, when it is not
there, ask the hub what it would fetch (both off the GUI thread — the lookup imports huggingface_hub,
the hub may not answer: no network is a clear message within seconds), ask the user
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


class HubDownload(QObject):
    """One hub id: `plan()` looks in the cache (→ cached(folder)) and else asks the hub (→ planned(DownloadPlan)
    or failed(reason)); `download(plan)`
    fetches into the cache (→ progress(done, total) …, then finished(folder), cancelled() or
    failed(reason)); `cancel()` is honoured at the next chunk. Never touches a widget."""

    cached = Signal(str)
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
        def run():
            from core.hf.extra import require_extra

            require_extra()                      # transformers too: a second on a first use
            from core.hf.download import cached_folder, plan_download

            folder = cached_folder(self.repo_id, self.cache_dir)
            if folder is not None:
                emit_from_worker(self.cached, str(folder))
            else:
                emit_from_worker(self.planned, plan_download(self.repo_id, endpoint=self.endpoint))
        self._start(run)

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
