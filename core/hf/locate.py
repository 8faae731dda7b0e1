"""Where a checkpoint is: a folder as save_pretrained writes it, or a hub id in the local Hugging
Face cache (HF_HOME, default ~/.cache/huggingface/hub). The network is used only when asked.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import UserError
from ..i18n import trans
from .extra import require_extra  # noqa: F401 — where callers have always found it

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$|^[A-Za-z0-9][\w.-]*$")


def looks_like_hub_id(spec: str) -> bool:
    """'Helsinki-NLP/opus-mt-zh-en' or 'gpt2' (not a path: no leading /, ., ~)."""
    return bool(_HUB_ID.match(spec)) and not spec.endswith((".json", ".safetensors", ".bin"))


def resolve(spec, download: bool = False, cache_dir=None) -> tuple[Path, str]:
    """(the folder holding the checkpoint, its name). A folder is taken as it is; a hub id is looked
    up in the local cache only, and fetched (with a progress bar) only when `download` is set."""
    path = Path(str(spec)).expanduser()
    if path.exists():
        if not path.is_dir():
            raise UserError(trans._("{spec} is a file; give the checkpoint's folder", spec=spec))
        return path, path.name
    if not looks_like_hub_id(str(spec)):
        raise UserError(trans._("model folder {spec} does not exist", spec=spec))
    require_extra()
    from .download import cached_folder

    folder = cached_folder(str(spec), cache_dir)
    if folder is not None:
        return folder, str(spec)
    if not download:
        raise UserError(trans._("{spec} is neither a folder nor in the local Hugging Face cache; fetch it once with "
                                "--download (e.g. transformer-explorer info --model {spec} --download)", spec=spec))
    return fetch(str(spec), cache_dir), str(spec)


def fetch(repo_id: str, cache_dir=None) -> Path:
    """Download the files a checkpoint is opened from (see core/hf/download.py), with huggingface_hub's
    progress bars on the terminal."""
    from .download import download, plan_download

    return download(plan_download(repo_id), cache_dir)
