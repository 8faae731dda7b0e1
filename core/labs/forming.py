"""Watching attention form: the weights a model kept at a few moments of its training (step 0, the
random start, … the end), each run on the same sentence and the same target — the trained model's
own translation — so the rows and columns stay put while the cross-attention sharpens into an
alignment and the loss falls.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import UserError
from ..i18n import trans
from ..model_files import snapshot_steps
from ..names import act_name
from ..tokenizers import EOS_ID


@dataclass
class Frame:
    """One snapshot on the sentence."""
    step: int
    cross: np.ndarray          # (layers, heads, target rows, source tokens): cross-attention weights
    loss: float                # mean cross-entropy of the target's next tokens, nats
    sharpness: np.ndarray      # (layers,): the largest weight of a row, averaged over heads and rows
    translation: str           # what this snapshot writes itself (greedy)


@dataclass
class Film:
    text: str
    target: str                # the trained model's translation: every frame is teacher-forced on it
    src_tokens: list[str]
    tgt_tokens: list[str]      # the decoder's rows: <bos> and the target's words
    frames: list[Frame]

    @property
    def steps(self) -> list[int]:
        return [f.step for f in self.frames]


def attention_forming(translator, text: str) -> Film:
    """`text` run through every training snapshot kept in `translator`'s model folder."""
    arch = translator.arch
    if arch.family != "bundled":     # a Hugging Face checkpoint: its training history is not in it
        raise UserError(trans._("{name} is a {family} checkpoint: it keeps no training snapshots, so there is no "
                                "forming to replay here (models trained with `transformer-explorer train` keep twelve)",
                                name=translator.name or arch.family, family=arch.family))
    folder = getattr(translator, "folder", None)
    steps = snapshot_steps(folder) if folder is not None else []
    if not steps:
        where = f"{Path(folder).name}" if folder is not None else trans._("this model (not loaded from a folder)")
        raise UserError(trans._("{where} keeps no training snapshots: train one with `transformer-explorer train` "
                                "to watch its attention form", where=where))
    target = translator.translate(text)
    frames = []
    for step in steps:
        model = type(translator).load_snapshot(folder, step)
        trace = model.trace(text, target=target)
        n_layers = model.cfg.n_layers
        cross = np.stack([trace[act_name("dec", layer, "cross", "weights")] for layer in range(n_layers)])
        probs = trace["out.probs"]                                   # row i predicts target token i + 1
        ids = model.encode_target(target)
        gold = ids[1:] + [EOS_ID]
        loss = float(-np.mean(np.log(np.maximum(probs[np.arange(len(gold)), gold], 1e-12))))
        sharpness = cross.max(axis=-1).mean(axis=(1, 2))
        frames.append(Frame(step, cross, loss, sharpness, model.translate(text)))
    return Film(text, target, list(trace.src_tokens), list(trace.tgt_tokens), frames)
