"""Hugging Face checkpoints, as users have them, on the project's own instrumented blocks.

    open_checkpoint("Helsinki-NLP/opus-mt-zh-en")   # a hub id from the local cache
    open_checkpoint("path/to/folder")               # a folder as save_pretrained writes it

Roles: locate.py finds the folder (a folder, or a hub id in the cache), download.py fetches a hub id
into the cache (the files the app opens, with progress and cancel), config.py reads config.json as
data (no remote code), families/ turns a config into an Architecture and renames its tensors,
weights.py reads safetensors / restricted-unpickled pytorch_model.bin, tokenizer.py wraps
AutoTokenizer. The libraries of the `hf` extra are imported only here, and only when used.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..architecture import Architecture


@dataclass
class Checkpoint:
    """A loaded checkpoint: our model with its weights, its tokenizer, what it is and where it came from."""
    model: object            # core.model.Transformer
    tokenizer: object        # core.hf.tokenizer.CheckpointTokenizer
    arch: Architecture
    folder: Path
    name: str
    config: dict             # config.json as read


def read_architecture(folder: Path, name: str = "") -> tuple[Architecture, dict, object]:
    """(Architecture, config, family) of a checkpoint folder, checked, with nothing allocated."""
    from .config import read_config, read_json, suppressed_tokens
    from .families import check_architectures, family_for

    config = read_config(folder)
    family = family_for(config["model_type"])
    check_architectures(config, family)
    arch = family.architecture(config, read_json(folder, "generation_config.json", required=False))
    arch = dataclasses.replace(arch, suppressed=suppressed_tokens(folder, config), name=name or folder.name)
    return arch, config, family


def open_checkpoint(spec, download: bool = False, cache_dir=None) -> Checkpoint:
    """Load a checkpoint: every refusal (a missing file, remote code, an unsupported model_type or
    switch, absurd sizes, a pickle payload, an unexpected tensor) is one ModelFileError naming it."""
    from .locate import require_extra, resolve

    require_extra()
    from ..model import Transformer
    from .tokenizer import CheckpointTokenizer, check_vocabulary, load_tokenizer
    from .weights import read_tensors, weight_files

    folder, name = resolve(spec, download=download, cache_dir=cache_dir)
    arch, config, family = read_architecture(folder, name)
    tokenizer = CheckpointTokenizer(load_tokenizer(folder, family.TOKENIZER_FILES), family.TOKENIZER_KIND)
    check_vocabulary(tokenizer, arch.tgt_vocab_size or arch.src_vocab_size, folder)
    hf = tokenizer.hf
    specials = dataclasses.replace(arch.specials, unk=hf.unk_token_id, strings=tokenizer.special_strings(),
                                   **{k: getattr(hf, f"{k}_token_id") for k in ("mask", "cls", "sep", "bos")
                                      if getattr(arch.specials, k) is None and getattr(hf, f"{k}_token_id", None) is not None})
    arch = dataclasses.replace(arch, specials=specials)
    tensors = read_tensors(weight_files(folder))
    if hasattr(family, "fit"):
        arch = family.fit(arch, tensors.keys())
    state = family.convert(tensors, arch)
    model = Transformer.from_state(arch, state)
    return Checkpoint(model, tokenizer, arch, folder, name, config)
