"""A checkpoint's tensors: model.safetensors (one file or shards with their index) through
safetensors, or pytorch_model.bin only through torch.load(weights_only=True) — PyTorch's restricted
unpickler, which rebuilds tensors and refuses everything else, so a payload in the file never runs.
"""
from __future__ import annotations

import json
import pickle
from pathlib import Path

import torch

from ..errors import ModelFileError

SAFETENSORS, SAFETENSORS_INDEX = "model.safetensors", "model.safetensors.index.json"
PICKLED, PICKLED_INDEX = "pytorch_model.bin", "pytorch_model.bin.index.json"


def weight_files(folder: Path) -> list[Path]:
    """The files holding the weights, safetensors preferred."""
    for single, index in ((SAFETENSORS, SAFETENSORS_INDEX), (PICKLED, PICKLED_INDEX)):
        if (folder / single).exists():
            return [folder / single]
        if (folder / index).exists():
            try:
                shards = sorted(set(json.loads((folder / index).read_text("utf-8"))["weight_map"].values()))
            except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
                raise ModelFileError(f"{folder}: {index} is not a shard index") from None
            for s in shards:
                if not isinstance(s, str) or Path(s).name != s or not (folder / s).is_file():
                    raise ModelFileError(f"{folder}: shard {s!r} named in {index} is missing")
            return [folder / s for s in shards]
    raise ModelFileError(f"{folder}: no weights (model.safetensors or pytorch_model.bin)")


def read_tensors(files: list[Path]) -> dict[str, torch.Tensor]:
    """name -> tensor (memory-mapped where the format allows)."""
    state: dict[str, torch.Tensor] = {}
    for path in files:
        if path.suffix == ".safetensors":
            from safetensors import SafetensorError
            from safetensors.torch import load_file
            try:
                state.update(load_file(str(path)))
            except (SafetensorError, OSError, RuntimeError, ValueError) as e:
                raise ModelFileError(f"{path.name} could not be read as safetensors: {e}") from None
        else:
            state.update(_load_pickled(path))
    return state


def _load_pickled(path: Path) -> dict[str, torch.Tensor]:
    import zipfile

    try:   # memory-mapped when it can be: torch ≥ 1.6's zip format (older files are read whole)
        data = torch.load(path, map_location="cpu", weights_only=True, mmap=zipfile.is_zipfile(path))
    except pickle.UnpicklingError as e:
        first = str(e).split("\n")[0][:200]
        raise ModelFileError(f"{path.name} refused: it holds more than tensors ({first})") from None
    except (RuntimeError, OSError, EOFError, ValueError) as e:
        raise ModelFileError(f"{path.name} is not a PyTorch weights file ({str(e).splitlines()[0][:200]})") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in data.items()):
        raise ModelFileError(f"{path.name} does not hold a dictionary of named tensors")
    return data
