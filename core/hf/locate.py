"""Where a checkpoint is: a folder as save_pretrained writes it, or a hub id in the local Hugging
Face cache (HF_HOME, default ~/.cache/huggingface/hub). The network is used only when asked.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import UserError
from ..i18n import trans

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$|^[A-Za-z0-9][\w.-]*$")
# the files a checkpoint is opened from; anything else in a repository (tf_model.h5, rust_model.ot,
# flax, onnx, a modeling file) is never fetched
CONFIG_FILES = ["config.json", "generation_config.json"]
TOKENIZER_FILES = ["tokenizer_config.json", "special_tokens_map.json", "tokenizer.json", "vocab.json", "vocab.txt",
                   "merges.txt", "*.spm", "spiece.model", "sentencepiece.bpe.model", "added_tokens.json"]
SAFETENSORS = ["model.safetensors", "model.safetensors.index.json", "model-*-of-*.safetensors"]
PICKLED = ["pytorch_model.bin", "pytorch_model.bin.index.json", "pytorch_model-*-of-*.bin"]


def looks_like_hub_id(spec: str) -> bool:
    """'Helsinki-NLP/opus-mt-zh-en' or 'gpt2' (not a path: no leading /, ., ~)."""
    return bool(_HUB_ID.match(spec)) and not spec.endswith((".json", ".safetensors", ".bin"))


def require_extra():
    """Import the hf extra's libraries, or say in one line how to install them."""
    try:
        import huggingface_hub  # noqa: F401
        import safetensors  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as e:
        raise UserError(trans._("opening Hugging Face checkpoints needs the hf extra ({name} is missing): "
                                "pip install -e '.[hf]'", name=e.name)) from None


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
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        folder = snapshot_download(str(spec), cache_dir=cache_dir, local_files_only=True)
        return Path(folder), str(spec)
    except LocalEntryNotFoundError:
        if not download:
            raise UserError(trans._("{spec} is neither a folder nor in the local Hugging Face cache; fetch it once with "
                                    "--download (e.g. transformer-explorer info --model {spec} --download)", spec=spec)) from None
    return fetch(str(spec), cache_dir), str(spec)


def fetch(repo_id: str, cache_dir=None) -> Path:
    """Download the files a checkpoint is opened from (one weights format: safetensors if the
    repository has it, else pytorch_model.bin), with huggingface_hub's progress bars."""
    from huggingface_hub import HfApi, snapshot_download
    from huggingface_hub.errors import RepositoryNotFoundError

    try:
        files = HfApi().list_repo_files(repo_id)
        weights = SAFETENSORS if any(f.endswith(".safetensors") for f in files) else PICKLED
        folder = snapshot_download(repo_id, cache_dir=cache_dir,
                                   allow_patterns=CONFIG_FILES + TOKENIZER_FILES + weights)
    except RepositoryNotFoundError:
        raise UserError(trans._("{repo}: no such model on the Hugging Face hub", repo=repo_id)) from None
    except Exception as e:  # noqa: BLE001 — no network, a proxy, a full disk, an HTTP error: each one line
        first = (str(e).strip().splitlines() or [""])[0][:200]
        raise UserError(trans._("{repo} could not be downloaded ({kind}: {reason})", repo=repo_id, kind=type(e).__name__,
                                reason=first)) from None
    return Path(folder)
