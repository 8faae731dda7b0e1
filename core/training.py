"""Training as in the paper (§5): Adam (β₁ 0.9, β₂ 0.98, ε 1e-9), the warm-up learning-rate schedule,
label smoothing 0.1, dropout, padding masks and teacher forcing. No Qt: progress goes to a callback.
"""
from __future__ import annotations

import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import torch
import torch.nn.functional as F
from safetensors.torch import save as save_safetensors

from .batch import pad
from .config import ModelConfig
from .errors import UserError
from .i18n import Message, trans
from .model import Transformer
from .model_files import unique_state, write_model
from .tokenizers import BOS_ID, EOS_ID, PAD_ID, Tokenizer
from .translator import Translator


@dataclass
class TrainConfig:
    steps: int = 8000
    batch_size: int = 128          # sentences per batch
    warmup: int = 1000
    label_smoothing: float = 0.1
    seed: int = 0
    snapshots: int = 12            # weight snapshots kept for the attention forming lab
    min_count: int = 1             # rarer tokens become <unk>


@dataclass
class Progress:
    step: int
    steps: int
    loss: float
    lr: float
    tokens_per_s: float
    elapsed_s: float

    @property
    def eta_s(self) -> float:
        return self.elapsed_s / max(self.step, 1) * (self.steps - self.step)


def read_pairs(path) -> list[tuple[str, str]]:
    """Read a tab-separated file: source, tab, target per line (extra columns after those are ignored)."""
    path = Path(path)
    try:
        lines = path.read_text("utf-8").splitlines()
    except FileNotFoundError:
        raise UserError(trans._("{path}: no such file", path=path)) from None
    except UnicodeDecodeError:
        raise UserError(trans._("{path}: not UTF-8 text", path=path)) from None
    pairs = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
            raise UserError(trans._("{path}:{number}: expected 'source<TAB>target', got {line}",
                                    path=path, number=number, line=repr(line[:60])))
        pairs.append((cols[0].strip(), cols[1].strip()))
    if not pairs:
        raise UserError(trans._("{path}: no sentence pairs", path=path))
    return pairs


def learning_rate(step: int, d_model: int, warmup: int) -> float:
    """lrate = d_model^−0.5 · min(step^−0.5, step · warmup^−1.5)  (the paper, eq. 3)."""
    step = max(step, 1)
    return d_model ** -0.5 * min(step ** -0.5, step * warmup ** -1.5)


def snapshot_steps(steps: int, count: int) -> list[int]:
    """About `count` points: 0, geometric up to 30 % of `steps` (the loss falls fast early), then
    evenly spaced from 40 % to the end (where, for the bundled model, the cross-attention forms)."""
    if count <= 1:
        return [steps]
    linear = max(1, (count - 1) * 5 // 11)                  # 5 of 12
    geometric = count - linear                               # 0 … 30 %, 0 included
    early = 0.3 * steps
    points = {0} | {round(early ** (k / (geometric - 1))) for k in range(1, geometric)} if geometric > 1 else {0}
    points |= {round(steps * (0.4 + 0.6 * k / (linear - 1))) for k in range(linear)} if linear > 1 else {steps}
    return sorted(p for p in points if 0 <= p <= steps)


def make_batches(src: list[list[int]], tgt: list[list[int]], batch_size: int, rng: random.Random):
    """Batches of similar length (less padding), in random order."""
    order = sorted(range(len(src)), key=lambda i: (len(src[i]), len(tgt[i]), rng.random()))
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def train(pairs: list[tuple[str, str]], out_dir, model_cfg: dict | None = None, cfg: TrainConfig = TrainConfig(),
          src_kind: str = "char", tgt_kind: str = "word",
          progress: Callable[[Progress], None] | None = None, data: dict | None = None) -> Translator:
    """Train a model on (source, target) pairs and write it to `out_dir` (atomically, with snapshots).
    `data`: what the pairs are (e.g. the generated corpus' grammar, seed and size), kept in training.json."""
    torch.manual_seed(cfg.seed)
    rng = random.Random(cfg.seed)
    src_tok = Tokenizer.build(src_kind, (s for s, _ in pairs), cfg.min_count)
    tgt_tok = Tokenizer.build(tgt_kind, (t for _, t in pairs), cfg.min_count)
    mc = ModelConfig(src_vocab_size=len(src_tok), tgt_vocab_size=len(tgt_tok), src_tokenizer=src_kind,
                     tgt_tokenizer=tgt_kind, **(model_cfg or {}))
    src_ids = [src_tok.encode(s, mc.max_len).ids for s, _ in pairs]
    tgt_ids = [tgt_tok.encode(t, mc.max_len - 1).ids for _, t in pairs]
    model = Transformer(mc)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1.0, betas=(0.9, 0.98), eps=1e-9)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: learning_rate(s + 1, mc.d_model, cfg.warmup))
    snap_at = set(snapshot_steps(cfg.steps, cfg.snapshots))
    snapshots: dict[str, bytes] = {}
    snapshot_loss = []
    log = []
    start, tokens, step = time.perf_counter(), 0, 0

    def snapshot(loss):
        # one metadata key: the library writes several in hash order, so the bytes would differ by run
        state = {k: v.half() for k, v in unique_state(model).items()}
        snapshots[f"snapshots/step-{step:06d}.safetensors"] = save_safetensors(state, metadata={"step": str(step)})
        snapshot_loss.append({"step": step, "loss": None if loss != loss else round(loss, 4)})

    if 0 in snap_at:
        snapshot(float("nan"))
    while step < cfg.steps:
        for batch in make_batches(src_ids, tgt_ids, cfg.batch_size, rng):
            src = pad([src_ids[i] for i in batch])
            tgt = pad([[BOS_ID] + tgt_ids[i] + [EOS_ID] for i in batch])
            logits = model(src, tgt[:, :-1])                      # teacher forcing: the shifted target
            loss = F.cross_entropy(logits.flatten(0, 1), tgt[:, 1:].flatten(), ignore_index=PAD_ID,
                                   label_smoothing=cfg.label_smoothing)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            step += 1
            tokens += int((tgt[:, 1:] != PAD_ID).sum())
            value = loss.item()
            elapsed = time.perf_counter() - start
            if step % 50 == 0 or step == cfg.steps:
                log.append({"step": step, "loss": round(value, 4), "elapsed_s": round(elapsed, 1)})
            if progress:
                progress(Progress(step, cfg.steps, value, schedule.get_last_lr()[0], tokens / elapsed, elapsed))
            if step in snap_at:
                snapshot(value)
            if step >= cfg.steps:
                break
    model.eval()
    info = {"train": asdict(cfg), "data": data, "pairs": len(pairs), "seconds": round(time.perf_counter() - start, 1),
            "final_loss": log[-1]["loss"] if log else None, "log": log,
            "snapshots": snapshot_loss}
    extra = {"training.json": json.dumps(info, indent=1).encode(), **snapshots}
    write_model(Path(out_dir), model, src_tok, tgt_tok, extra)
    return Translator(model, src_tok, tgt_tok, name=Path(out_dir).name, description=Message(trans.noop("trained model in {folder}"), folder=str(out_dir)))
