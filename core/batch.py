"""A batch of sentences as one tensor, as training, evaluation and `Translator.trace_batch` feed the model."""
from __future__ import annotations

import torch

from .tokenizers import PAD_ID


def pad(rows: list[list[int]], value: int = PAD_ID) -> torch.Tensor:
    """(B, L) ids, each row filled up with `value` (the model's <pad>) to the longest (the padding
    masks hide it). The bundled model's pad id is 0; a checkpoint's is its own (Marian's is not 0)."""
    width = max(map(len, rows))
    return torch.tensor([r + [value] * (width - len(r)) for r in rows])
