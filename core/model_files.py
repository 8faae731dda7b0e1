"""A model is a folder: config.json + src_vocab.json + tgt_vocab.json + model.safetensors.

Loading never unpickles anything: weights are read only as safetensors, and every file is checked
(header size, JSON, names, shapes) before a tensor is allocated.
"""
from __future__ import annotations

import json
import struct
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from .atomic import atomic_folder
from .config import ModelConfig
from .errors import ModelFileError
from .model import Transformer
from .tokenizers import Tokenizer

CONFIG, SRC_VOCAB, TGT_VOCAB, WEIGHTS = "config.json", "src_vocab.json", "tgt_vocab.json", "model.safetensors"
MAX_HEADER = 100_000_000  # safetensors' own limit on the JSON header


def unique_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """The state dict with tied (shared) tensors kept once, under their first name."""
    seen, state = set(), {}
    for name, t in model.state_dict().items():
        if t.data_ptr() in seen:
            continue
        seen.add(t.data_ptr())
        state[name] = t.detach().contiguous()
    return state


def write_model(folder: Path, model: Transformer, src: Tokenizer, tgt: Tokenizer, extra_files: dict | None = None) -> None:
    """Write the model folder atomically (temporary folder, then rename). `extra_files`: name -> bytes."""
    with atomic_folder(folder) as tmp:
        (tmp / CONFIG).write_text(model.cfg.to_json(), "utf-8")
        src.save(tmp / SRC_VOCAB)
        tgt.save(tmp / TGT_VOCAB)
        save_file(unique_state(model), str(tmp / WEIGHTS), metadata={"format": "transformer-explorer"})
        for name, data in (extra_files or {}).items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_bytes(data)


def read_config(folder: Path) -> ModelConfig:
    path = Path(folder) / CONFIG
    if not Path(folder).is_dir():
        raise ModelFileError(f"model folder {folder} does not exist")
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ModelFileError(f"{folder}: {CONFIG} is missing") from None
    except (ValueError, UnicodeDecodeError):
        raise ModelFileError(f"{folder}: {CONFIG} is not valid JSON") from None
    return ModelConfig.from_dict(data)


def check_safetensors_header(path: Path) -> dict:
    """Read and sanity-check the header of a safetensors file without trusting it."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(8)
            if len(head) < 8:
                raise ModelFileError(f"{path.name} is not a safetensors file (too short)")
            (n,) = struct.unpack("<Q", head)
            if n > MAX_HEADER or n > size - 8:
                raise ModelFileError(f"{path.name} is not a safetensors file (declared header of {n:,} bytes)")
            header = json.loads(f.read(n))
    except FileNotFoundError:
        raise ModelFileError(f"{path.parent}: {path.name} is missing") from None
    except (ValueError, UnicodeDecodeError):
        raise ModelFileError(f"{path.name} is not a safetensors file (header is not JSON)") from None
    if not isinstance(header, dict):
        raise ModelFileError(f"{path.name} is not a safetensors file")
    data_size = size - 8 - n
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        try:
            start, end = entry["data_offsets"]
            if not 0 <= start <= end <= data_size:
                raise ValueError
        except (TypeError, KeyError, ValueError):
            raise ModelFileError(f"{path.name} is truncated or corrupt (tensor {name!r})") from None
    return header


def read_weights(folder: Path, model: Transformer, name: str = WEIGHTS) -> None:
    """Fill `model` from model.safetensors (or another weights file of the folder, e.g. a training
    snapshot), refusing missing, unexpected or misshapen tensors."""
    path = Path(folder) / name
    header = check_safetensors_header(path)
    expected = {k: tuple(v.shape) for k, v in unique_state(model).items()}
    present = {k: tuple(v.get("shape", ())) for k, v in header.items() if k != "__metadata__"}
    missing = sorted(set(expected) - set(present))
    if missing:
        raise ModelFileError(f"{path.name} lacks tensor(s): {', '.join(missing[:5])}")
    unexpected = sorted(set(present) - set(expected))
    if unexpected:
        raise ModelFileError(f"{path.name} has unexpected tensor(s): {', '.join(unexpected[:5])}")
    for name, shape in expected.items():
        if present[name] != shape:
            raise ModelFileError(f"{path.name}: tensor {name} has shape {present[name]}, the config needs {shape}")
    try:
        tensors = load_file(str(path))
    except (SafetensorError, OSError, RuntimeError, ValueError) as e:
        raise ModelFileError(f"{path.name} could not be read as safetensors: {e}") from None
    for name, t in tensors.items():
        if not t.is_floating_point():
            raise ModelFileError(f"{path.name}: tensor {name} is not floating point")
    with torch.no_grad():
        params = dict(model.state_dict(keep_vars=True))
        for name, t in tensors.items():
            params[name].copy_(t)


def read_model(folder) -> tuple[Transformer, Tokenizer, Tokenizer]:
    """Load and check a model folder; raise ModelFileError naming what is wrong."""
    folder = Path(folder)
    cfg = read_config(folder)
    src, tgt = Tokenizer.load(folder / SRC_VOCAB), Tokenizer.load(folder / TGT_VOCAB)
    if len(src) != cfg.src_vocab_size or len(tgt) != cfg.tgt_vocab_size:
        raise ModelFileError(f"{folder}: vocabulary sizes ({len(src)}, {len(tgt)}) differ from the config "
                             f"({cfg.src_vocab_size}, {cfg.tgt_vocab_size})")
    if src.kind != cfg.src_tokenizer or tgt.kind != cfg.tgt_tokenizer:
        raise ModelFileError(f"{folder}: vocabulary kinds differ from the config")
    check_safetensors_header(folder / WEIGHTS)  # refuse garbage before allocating the model
    model = Transformer(cfg)
    read_weights(folder, model)
    model.eval()
    return model, src, tgt


def snapshot_name(step: int) -> str:
    return f"snapshots/step-{step:06d}.safetensors"


def snapshot_steps(folder) -> list[int]:
    """The training steps whose weights were kept in `folder/snapshots/` (float16), in order."""
    steps = []
    for path in (Path(folder) / "snapshots").glob("step-*.safetensors"):
        try:
            steps.append(int(path.stem.split("-")[1]))
        except (IndexError, ValueError):
            continue
    return sorted(steps)


def read_snapshot(folder, step: int) -> tuple[Transformer, Tokenizer, Tokenizer]:
    """The model of `folder` with the weights it had at training step `step` (for watching attention form)."""
    folder = Path(folder)
    if step not in snapshot_steps(folder):
        raise ModelFileError(f"{folder}: no snapshot at step {step} (kept: {snapshot_steps(folder) or 'none'})")
    model, src, tgt = read_model(folder)
    read_weights(folder, model, snapshot_name(step))
    return model.eval(), src, tgt
