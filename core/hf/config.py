"""A checkpoint's config.json, read as data and checked before anything is built.

Nothing from the folder is ever run: a config that asks for its own code (`auto_map`, a modeling
file) is refused, and so is a model_type no family here implements.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import ModelFileError
from ..i18n import trans


def read_json(folder: Path, name: str, required: bool = True) -> dict | None:
    path = Path(folder) / name
    if not path.exists():
        if required:
            raise ModelFileError(trans._("{folder}: {name} is missing", folder=folder, name=name))
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ModelFileError(trans._("{folder}: {name} is not valid JSON", folder=folder, name=name)) from None
    if not isinstance(data, dict):
        raise ModelFileError(trans._("{folder}: {name} must hold a JSON object", folder=folder, name=name))
    return data


def refuse_remote_code(folder: Path, data: dict, name: str) -> None:
    if "auto_map" in data:
        raise ModelFileError(trans._("{folder}: {name} has auto_map (the model's own code, {code}); this app never runs "
                                    "code from a model folder", folder=folder, name=name,
                                    code=", ".join(sorted(data["auto_map"]))))


def read_config(folder: Path) -> dict:
    """config.json as a dict, with remote code refused."""
    data = read_json(folder, "config.json")
    refuse_remote_code(folder, data, "config.json")
    if "model_type" not in data:
        raise ModelFileError(trans._("{folder}: config.json names no model_type", folder=folder))
    tok = read_json(folder, "tokenizer_config.json", required=False)
    if tok is not None:
        refuse_remote_code(folder, tok, "tokenizer_config.json")
    return data


def suppressed_tokens(folder: Path, config: dict) -> tuple[int, ...]:
    """Token ids generation must never write: generation_config.json's (or config.json's) bad_words_ids."""
    generation = read_json(folder, "generation_config.json", required=False) or {}
    bad = generation.get("bad_words_ids", config.get("bad_words_ids")) or []
    if not isinstance(bad, list) or not all(isinstance(b, list) and all(isinstance(i, int) for i in b) for b in bad):
        raise ModelFileError(trans._("{folder}: bad_words_ids must be lists of token ids", folder=folder))
    longer = [b for b in bad if len(b) != 1]
    if longer:
        raise ModelFileError(trans._("{folder}: bad_words_ids of several tokens ({ids}) are not supported", folder=folder,
                                    ids=longer[0]))
    return tuple(sorted({b[0] for b in bad}))
