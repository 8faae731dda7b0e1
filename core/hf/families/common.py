"""What the BERT and GPT-2 converters share: refusing what the core does not implement (by name),
and checking a checkpoint's tensor names."""
from __future__ import annotations

from ...errors import ModelFileError

# the checkpoint's activation name -> ours (core.model.ACTIVATIONS); anything else is refused
ACTIVATION_NAMES = {"gelu": "gelu", "relu": "relu", "gelu_new": "gelu_new",
                    "gelu_pytorch_tanh": "gelu_new",   # the same tanh formula, computed by PyTorch
                    "silu": "silu", "swish": "silu"}


def activation(name, family: str, key: str) -> str:
    if name not in ACTIVATION_NAMES:
        raise ModelFileError(f"{family}: config.json {key} {name!r} is not implemented "
                             f"(implemented: {', '.join(ACTIVATION_NAMES)})")
    return ACTIVATION_NAMES[name]


def refuse_switches(config: dict, switches: dict, family: str) -> None:
    """Refuse a config switch set to anything but the value the core implements, naming it."""
    for key, (implemented, meaning) in switches.items():
        if key in config and config[key] is not None and config[key] != implemented:
            raise ModelFileError(f"{family}: config.json {key} = {config[key]!r} ({meaning}) is not implemented")


def int_or_none(value, below: int):
    """A token id from the config, or None when it is absent or outside the vocabulary."""
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < below
    return value if ok else None


def check_names(family: str, stored, wanted: set, allowed: set, unused: tuple) -> None:
    """Every wanted tensor present; nothing else but `allowed` names and the `unused` prefixes."""
    missing = sorted(wanted - set(stored))
    if missing:
        raise ModelFileError(f"{family}: the checkpoint lacks tensor(s) {', '.join(missing[:5])}")
    unexpected = sorted(n for n in stored if n not in wanted and n not in allowed and not n.startswith(unused))
    if unexpected:
        raise ModelFileError(f"{family}: the checkpoint has tensor(s) this app does not implement: "
                             f"{', '.join(unexpected[:5])}")
