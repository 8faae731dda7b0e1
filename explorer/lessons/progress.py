"""Which lesson tasks are done and which page was open, kept between runs: a small JSON file in the
user's config folder (beside the window's settings), written atomically. No Qt."""
from __future__ import annotations

import json
from pathlib import Path

from core.atomic import atomic_write_bytes
from core.errors import UserError


class Progress:
    """Done task pages and the last page, in `path` (a broken or foreign file counts as no progress)."""

    def __init__(self, path):
        self.path = Path(path)
        self.done: set[str] = set()
        self.page: str | None = None
        self.language: str | None = None
        try:
            data = json.loads(self.path.read_bytes()[:1_000_000].decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return
        if isinstance(data, dict):
            self.done = {p for p in data.get("done", []) if isinstance(p, str)} if isinstance(data.get("done"), list) else set()
            self.page = data["page"] if isinstance(data.get("page"), str) else None
            self.language = data["language"] if data.get("language") in ("zh", "en") else None

    def save(self) -> None:
        data = {"done": sorted(self.done), "page": self.page, "language": self.language}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except (OSError, UserError):
            pass                           # progress is a convenience: a read-only home must not stop a lesson

    def mark_done(self, page_id: str) -> None:
        if page_id not in self.done:
            self.done.add(page_id)
            self.save()
