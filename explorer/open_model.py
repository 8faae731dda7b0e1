"""File → Open model…: a dialog listing the models in the local Hugging Face cache that the app can
open (family, size; the others greyed with the reason), a hub id or folder typed in, or "Folder…";
and the load itself, on a thread of its own so the window keeps turning (a 300 MB checkpoint takes
seconds to read). A refused model leaves the current one in place; the caller shows the reason."""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout)

from core.errors import UserError
from core.i18n import Message, trans

from .deliver import emit_from_worker
from .i18n import translate


def load_model(spec, name: str | None = None):
    """The model `spec` names (the bundled one, our own folder, a checkpoint folder or a cached hub
    id), named `name` in labels (a cache snapshot's folder is only a revision hash)."""
    from core.text_model import open_model

    model = open_model(spec)
    if name:
        model.name = name
        model.description = Message(trans.noop("{family} checkpoint {name}"), family=model.arch.family, name=name)
    return model


class ModelLoader(QObject):
    """Loads a model on a plain Python thread; `loaded` / `failed` arrive on the GUI thread (queued).
    Never touches a widget."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, spec, name: str | None = None, parent=None):
        super().__init__(parent)
        self.spec, self.name = spec, name
        self.thread = threading.Thread(target=self._run, name="model-loader", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        from core.translator import set_torch_threads

        set_torch_threads(1)
        try:
            model = load_model(self.spec, self.name)
        except UserError as e:
            emit_from_worker(self.failed, str(e))
            return
        except Exception as e:  # noqa: BLE001 — a bug, not the user's fault: said, and the window stays
            emit_from_worker(self.failed, translate("OpenModelDialog", "internal error: {error}").format(error=f"{type(e).__name__}: {e}"))
            return
        emit_from_worker(self.loaded, model)


class CacheListing(QObject):
    """Lists the Hugging Face cache on a plain Python thread (huggingface_hub's scan reads every
    repository's folders, and the hf extra's libraries take a second or more to import the first
    time); `listed(models, problem)` arrives on the GUI thread. Never touches a widget."""

    listed = Signal(object, str)

    def __init__(self, cache_dir=None, parent=None):
        super().__init__(parent)
        self.cache_dir = cache_dir
        self.thread = threading.Thread(target=self._run, name="cache-listing", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        from core.hf.cache import cached_models

        try:
            models, problem = cached_models(self.cache_dir), ""
        except UserError as e:       # the hf extra is missing
            models, problem = [], str(e)
        except Exception as e:  # noqa: BLE001 — a bug: said in the list, the dialog still opens folders
            models, problem = [], translate("OpenModelDialog", "internal error: {error}").format(error=f"{type(e).__name__}: {e}")
        emit_from_worker(self.listed, models, problem)


class OpenModelDialog(QDialog):
    """The cached models (supported first), a line for a hub id or a folder, and Folder…. `choice()`
    is (spec, name) after exec() returned Accepted. The cache is listed off the GUI thread: the
    dialog shows at once with "looking in the cache …", and the list fills in when it is read
    (`models` is None until then)."""

    def __init__(self, parent=None, cache_dir=None, ask_folder=None):
        super().__init__(parent)
        self.setWindowTitle(translate("OpenModelDialog", "Open model"))
        self.ask_folder = ask_folder
        self._choice: tuple[str, str | None] | None = None
        self.models: list | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(translate("OpenModelDialog", "Models in the local Hugging Face cache:")))
        self.list = QListWidget()
        self._note(translate("OpenModelDialog", "looking in the cache …"))
        self.list.itemDoubleClicked.connect(lambda _item: self._accept_selected())
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("OpenModelDialog", "or a folder / hub id:")))
        self.spec = QLineEdit()
        self.spec.setPlaceholderText(translate("OpenModelDialog", "Helsinki-NLP/opus-mt-zh-en, or a folder as save_pretrained writes it"))
        row.addWidget(self.spec, 1)
        self.folder_button = QPushButton(translate("OpenModelDialog", "Folder…"))
        self.folder_button.clicked.connect(self._pick_folder)
        row.addWidget(self.folder_button)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self.listing = CacheListing(cache_dir, parent=self)
        self.listing.listed.connect(self._on_listed)
        self.listing.start()

    def _note(self, text: str) -> None:
        """The list holds one grey line, `text`, instead of models."""
        self.list.clear()
        self.list.addItem(text)
        self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    def _on_listed(self, models: list, problem: str) -> None:
        from core.hf.cache import human_size

        self.models = models
        if not models:
            self._note(problem or translate("OpenModelDialog", "(no models in the cache: type a folder or use Folder…)"))
            return
        self.list.clear()
        for m in models:
            if m.supported:
                text = translate("OpenModelDialog", "{repo}   —   {family}, {size}, {parameters} parameters ({reason})").format(
                    repo=m.repo_id, family=m.family, size=human_size(m.size_bytes), parameters=f"{m.parameters:,}", reason=m.reason)
            else:
                text = translate("OpenModelDialog", "{repo}   —   cannot be opened: {reason}").format(repo=m.repo_id, reason=m.reason)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, m)
            item.setToolTip(str(m.folder))
            if not m.supported:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
            self.list.addItem(item)

    def supported_items(self) -> list[QListWidgetItem]:
        items = [self.list.item(i) for i in range(self.list.count())]
        return [it for it in items if it.flags() & Qt.ItemFlag.ItemIsEnabled]

    def _pick_folder(self) -> None:
        folder = self.ask_folder(translate("OpenModelDialog", "Open a model folder")) if self.ask_folder else ""
        if folder:
            self._choice = (folder, None)
            self.accept()

    def _accept_selected(self) -> None:
        typed = self.spec.text().strip()
        if typed:
            self._choice = (typed, None)
        else:
            item = self.list.currentItem()
            m = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            if m is None or not m.supported:
                return
            self._choice = (str(m.folder), m.repo_id)
        self.accept()

    def choice(self) -> tuple[str, str | None] | None:
        return self._choice
