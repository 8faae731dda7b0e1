"""The lessons as data: chapters of pages, read from resources/lessons/lessons.json (no Qt).

A page has a title, text, formula and "what to look at" in each language (zh, en), a `setup` the
window applies on entering it (sentence, mode, tab, stage, layer, head, ablations, decode), the view
it `highlight`s, what it `needs` from the model, and an optional `task` the app checks."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("zh", "en")
LESSONS_FILE = Path(__file__).resolve().parent.parent.parent / "resources" / "lessons" / "lessons.json"


@dataclass(frozen=True)
class Page:
    id: str
    chapter: str
    title: dict
    text: dict
    formula: str | dict = ""      # plain mathematics, or {"zh": …, "en": …} where it has words
    look: dict = field(default_factory=dict)
    setup: dict = field(default_factory=dict)
    highlight: str = ""
    needs: str = ""
    task: dict | None = None
    side_by_side: bool = False

    def say(self, key: str, lang: str) -> str:
        """The page's `key` text (title, text, look) in `lang`."""
        value = getattr(self, key)
        return value.get(lang) or value.get("en", "")

    def formula_text(self, lang: str) -> str:
        if isinstance(self.formula, dict):
            return self.formula.get(lang) or self.formula.get("en", "")
        return self.formula

    def task_text(self, lang: str) -> str:
        return "" if self.task is None else self.task["text"].get(lang) or self.task["text"]["en"]


@dataclass(frozen=True)
class Chapter:
    id: str
    title: dict
    pages: tuple[Page, ...]


@lru_cache(maxsize=1)
def chapters(path: Path = LESSONS_FILE) -> tuple[Chapter, ...]:
    data = json.loads(Path(path).read_text("utf-8"))
    out = []
    for c in data["chapters"]:
        pages = tuple(Page(chapter=c["id"], **p) for p in c["pages"])
        out.append(Chapter(c["id"], c["title"], pages))
    return tuple(out)


def pages() -> list[Page]:
    """Every page, in reading order."""
    return [p for c in chapters() for p in c.pages]


def page_ids() -> list[str]:
    return [p.id for p in pages()]
