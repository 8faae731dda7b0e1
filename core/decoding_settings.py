"""How the next token is chosen — plain data, no torch, so the window's state and pickers can hold it."""
from __future__ import annotations

from dataclasses import dataclass

STRATEGIES = ("greedy", "beam", "sample")


@dataclass(frozen=True)
class DecodingSettings:
    """How the next token is chosen. temperature, top_k and top_p are the sampler's; beam_width the beams'."""
    strategy: str = "greedy"
    beam_width: int = 3
    temperature: float = 1.0
    top_k: int = 0
    seed: int = 0
    top_p: float = 1.0
