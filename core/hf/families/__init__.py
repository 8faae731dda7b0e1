"""One module per checkpoint family, keyed by config.json's model_type: how its config becomes an
Architecture and how its tensors are renamed onto our blocks (as TransformerLens' weight conversions).

A family module provides:
  MODEL_TYPES        the model_type values it reads
  ARCHITECTURES      the transformers classes (config.json "architectures") it reproduces
  TOKENIZER_FILES    files its tokenizer needs (named when missing)
  TOKENIZER_KIND     one of core.architecture.TOKENIZER_KINDS
  architecture(config: dict, generation: dict) -> Architecture     (validated; nothing allocated)
  convert(tensors: dict[str, Tensor], arch) -> dict[str, Tensor]    (our parameter names; an
                     unexpected tensor is a ModelFileError naming it)
and may provide
  fit(arch, tensor_names) -> Architecture   what only the tensors tell (BERT: whether the checkpoint
                     has its masked-LM head), called before convert
"""
from __future__ import annotations

from importlib import import_module

from ...errors import ModelFileError

# model_type -> module (imported on first use)
REGISTRY = {
    "marian": "core.hf.families.marian",
    "bert": "core.hf.families.bert",
    "gpt2": "core.hf.families.gpt2",
}


def family_for(model_type: str):
    """The family module reading `model_type`, or a ModelFileError naming what is supported."""
    if model_type not in REGISTRY:
        raise ModelFileError(f"model_type {model_type!r} is not supported (supported: {', '.join(sorted(REGISTRY))})")
    return import_module(REGISTRY[model_type])


def check_architectures(config: dict, family) -> None:
    """config.json's "architectures" must be a class the family reproduces."""
    named = config.get("architectures") or []
    if not isinstance(named, list):
        raise ModelFileError("config.json: architectures must be a list")
    other = [a for a in named if a not in family.ARCHITECTURES]
    if other:
        raise ModelFileError(f"config.json: architecture {other[0]} is not supported "
                             f"(this family reads {', '.join(family.ARCHITECTURES)})")


def merge_tied(found: dict) -> dict:
    """Tensors found under several checkpoint names for one parameter (tied weights saved twice)
    must be equal; one of them is kept. found: our name -> [(checkpoint name, tensor)]."""
    import torch

    out = {}
    for ours, items in found.items():
        first_name, first = items[0]
        for other_name, t in items[1:]:
            if t.shape != first.shape or not torch.equal(t, first):
                raise ModelFileError(f"tied tensors differ: {first_name} and {other_name}")
        out[ours] = first
    return out
