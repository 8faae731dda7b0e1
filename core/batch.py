"""A batch of sentences as one tensor, as training, evaluation and `Translator.trace_batch` feed the model."""
from __future__ import annotations

import torch

from .tokenizers import PAD_ID


def pad(rows: list[list[int]]) -> torch.Tensor:
    """(B, L) ids, each row filled up with <pad> to the longest (the padding masks hide it)."""
    width = max(map(len, rows))
    return torch.tensor([r + [PAD_ID] * (width - len(r)) for r in rows])
