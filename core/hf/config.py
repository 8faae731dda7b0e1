"""A checkpoint's config.json, read as data and checked before anything is built.

Nothing from the folder is ever run: a config that asks for its own code (`auto_map`, a modeling
file) is refused, and so is a model_type no family here implements.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import ModelFileError


def read_json(folder: Path, name: str, required: bool = True) -> dict | None:
    path = Path(folder) / name
    if not path.exists():
        if required:
            raise ModelFileError(f"{folder}: {name} is missing")
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ModelFileError(f"{folder}: {name} is not valid JSON") from None
    if not isinstance(data, dict):
        raise ModelFileError(f"{folder}: {name} must hold a JSON object")
    return data


def refuse_remote_code(folder: Path, data: dict, name: str) -> None:
    if "auto_map" in data:
        raise ModelFileError(f"{folder}: {name} has auto_map (the model's own code, {', '.join(sorted(data['auto_map']))}); "
                             "this app never runs code from a model folder")


def read_config(folder: Path) -> dict:
    """config.json as a dict, with remote code refused."""
    data = read_json(folder, "config.json")
    refuse_remote_code(folder, data, "config.json")
    if "model_type" not in data:
        raise ModelFileError(f"{folder}: config.json names no model_type")
    tok = read_json(folder, "tokenizer_config.json", required=False)
    if tok is not None:
        refuse_remote_code(folder, tok, "tokenizer_config.json")
    return data


def suppressed_tokens(folder: Path, config: dict) -> tuple[int, ...]:
    """Token ids generation must never write: generation_config.json's (or config.json's) bad_words_ids."""
    generation = read_json(folder, "generation_config.json", required=False) or {}
    bad = generation.get("bad_words_ids", config.get("bad_words_ids")) or []
    if not isinstance(bad, list) or not all(isinstance(b, list) and all(isinstance(i, int) for i in b) for b in bad):
        raise ModelFileError(f"{folder}: bad_words_ids must be lists of token ids")
    longer = [b for b in bad if len(b) != 1]
    if longer:
        raise ModelFileError(f"{folder}: bad_words_ids of several tokens ({longer[0]}) are not supported")
    return tuple(sorted({b[0] for b in bad}))
