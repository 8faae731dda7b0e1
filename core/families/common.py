"""What the BERT and GPT-2 converters share: reading numbers from config.json, refusing what the core
does not implement (by name), and checking a checkpoint's tensor names."""
from __future__ import annotations

import torch

from ..errors import ModelFileError

# the checkpoint's activation name -> ours (core.model.ACTIVATIONS); anything else is refused
ACTIVATION_NAMES = {"gelu": "gelu", "relu": "relu", "gelu_new": "gelu_new",
                    "gelu_pytorch_tanh": "gelu_new",   # the same tanh formula, computed by PyTorch
                    "silu": "silu", "swish": "silu"}


def require(config: dict, key: str, kind=int):
    """config[key], which must exist and be of `kind` (sizes are bounded later by Architecture)."""
    if key not in config:
        raise ModelFileError(f"config.json lacks {key}")
    value = config[key]
    if kind is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise ModelFileError(f"config.json: {key} must be an integer, not {value!r}")
    return value


def activation(name, family: str, key: str) -> str:
    if name not in ACTIVATION_NAMES:
        raise ModelFileError(f"{family}: {key} {name!r} is not implemented "
                             f"(implemented: {', '.join(ACTIVATION_NAMES)})")
    return ACTIVATION_NAMES[name]


def refuse_switches(config: dict, switches: dict, family: str) -> None:
    """Refuse a config switch set to anything but the value the core implements, naming it."""
    for key, (implemented, meaning) in switches.items():
        if key in config and config[key] is not None and config[key] != implemented:
            raise ModelFileError(f"{family}: config {key} = {config[key]!r} ({meaning}) is not implemented")


def strip_prefix(name: str, prefix: str) -> str:
    return name[len(prefix):] if name.startswith(prefix) else name


def check_names(family: str, stored, wanted: set, allowed: set, unused: tuple) -> None:
    """Every wanted tensor present; nothing else but `allowed` names and the `unused` prefixes."""
    missing = sorted(wanted - set(stored))
    if missing:
        raise ModelFileError(f"{family}: the checkpoint lacks tensor(s): {', '.join(missing[:5])}")
    unexpected = sorted(n for n in stored if n not in wanted and n not in allowed and not n.startswith(unused))
    if unexpected:
        raise ModelFileError(f"{family}: the checkpoint has tensor(s) this app does not implement: "
                             f"{', '.join(unexpected[:5])}")


def same_tensor(family: str, stored_name: str, stored: torch.Tensor, ours: str, tensor: torch.Tensor) -> None:
    """A tensor saved twice (a tied output layer) must be the same; otherwise tying would change the model."""
    if stored.shape != tensor.shape or not torch.equal(stored, tensor):
        raise ModelFileError(f"{family}: {stored_name} differs from the tensor it is tied to ({ours}); "
                             "set tie_word_embeddings to false in config.json if they are meant to differ")
