"""A model with its tokenizers — what the CLI and the window hold — and the one call that traces it."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import torch

from . import coverage
from .batch import pad
from .config import Ablations, ModelConfig
from .decoding import beam_search, greedy_traced, sample_sequence
from .errors import UserError
from .i18n import Message, trans
from .model import NO_ABLATIONS, Recorder, Transformer
from .model_files import read_model
from .tokenizers import SPECIALS, Encoded, Tokenizer
from .trace import Trace, from_recorder


def is_bundled_format(spec) -> bool:
    """Our own model folder (config.json without a model_type, src_vocab.json, …), as opposed to a
    Hugging Face checkpoint: a folder whose config.json names a model_type, or a hub id."""
    from .hf.locate import looks_like_hub_id

    folder = Path(spec).expanduser()
    if not folder.exists():
        return not looks_like_hub_id(str(spec))
    if (folder / "src_vocab.json").exists():
        return True
    try:
        return "model_type" not in json.loads((folder / "config.json").read_text("utf-8"))
    except (OSError, ValueError, TypeError):
        return True                     # let our own reader name what is wrong


RESOURCES = Path(__file__).resolve().parent.parent / "resources"
BUNDLED_MODEL = RESOURCES / "models" / "zh-en"


def set_torch_threads(n: int) -> None:
    """Intra-op threads for torch in the calling thread. The explorer's worker uses 1: a model this
    small decodes a step ~10× faster on one thread than on two contended ones (3.5 ms vs 35 ms)."""
    torch.set_num_threads(max(1, int(n)))


class Translator:
    def __init__(self, model: Transformer, src: Tokenizer, tgt: Tokenizer, name: str = "", description: str = ""):
        self.model = model.eval()
        self.src, self.tgt = src, tgt
        self.name = name
        self.description = description
        self._last_greedy: list[int] = []     # a hint for the next trace's decoding, never trusted
        self.folder: Path | None = None       # the model folder it was loaded from (None: built in memory)
        self.coverage = None                  # what it saw in training (core.coverage), when its folder says
        self._described: dict | None = None   # the architecture as trace meta shows it

    @property
    def cfg(self):
        """What the model was built from: a ModelConfig (bundled family) or its Architecture."""
        return self.model.cfg

    @property
    def arch(self):
        return self.model.arch

    @classmethod
    def load(cls, folder=None, download: bool = False) -> "Translator":
        """The model in `folder`; without one, the bundled zh→en model (or, if absent, a seeded random one).

        `folder` may also be a Hugging Face checkpoint — a folder as save_pretrained writes it, or a
        hub id found in the local cache (fetched only with `download`): see core/hf.
        """
        if folder is None:
            if not (BUNDLED_MODEL / "model.safetensors").exists():
                return cls.random()
            folder = BUNDLED_MODEL
        if not is_bundled_format(folder):
            return cls.from_checkpoint(folder, download)
        folder = Path(folder)
        model, src, tgt = read_model(folder)
        if folder.resolve() == BUNDLED_MODEL.resolve():
            translator = cls(model, src, tgt, name="zh-en", description=trans.noop("bundled, trained on the generated grammar corpus"))
        else:
            translator = cls(model, src, tgt, name=folder.name, description=Message(trans.noop("trained model in {folder}"), folder=str(folder)))
        translator.folder = folder
        translator.coverage = coverage.load(folder)
        return translator

    @classmethod
    def from_checkpoint(cls, spec, download: bool = False) -> "Translator":
        """A sequence-to-sequence Hugging Face checkpoint (Marian) on our instrumented blocks."""
        from .hf import open_checkpoint

        ck = open_checkpoint(spec, download=download)
        if not ck.arch.is_seq2seq:
            raise UserError((trans._("{name} is a {family} model (encoder only): it does not translate")
                             if ck.arch.stacks == ("enc",) else
                             trans._("{name} is a {family} model (decoder only): it does not translate")).format(
                                name=ck.name, family=ck.arch.family))
        translator = cls(ck.model, ck.tokenizer.source, ck.tokenizer.target, name=ck.name,
                         description=Message(trans.noop("{family} checkpoint {name}"), family=ck.arch.family, name=ck.name))
        translator.folder = ck.folder
        return translator

    @classmethod
    def load_snapshot(cls, folder=None, step: int = 0) -> "Translator":
        """The model as it was at training step `step` (see `core.model_files.snapshot_steps`)."""
        from .model_files import read_snapshot

        folder = Path(folder or BUNDLED_MODEL)
        model, src, tgt = read_snapshot(folder, step)
        translator = cls(model, src, tgt, name=f"{folder.name}@{step}",
                         description=f"{folder.name} at training step {step}")
        translator.folder = folder
        translator.coverage = coverage.load(folder)
        return translator

    @classmethod
    def random(cls, cfg: ModelConfig | None = None, seed: int = 0) -> "Translator":
        """Random weights (a stated seed) over a small zh/en vocabulary: noise, but every view works."""
        src = Tokenizer("char", list(SPECIALS) + list(dict.fromkeys("我是一个学生爱中国他和的她你好")))
        tgt = Tokenizer("word", list(SPECIALS) + "i am a student love china he and his she you hello".split())
        cfg = cfg or ModelConfig(len(src), len(tgt), n_layers=6, d_model=64, n_heads=8, d_ff=256, dropout=0.0)
        torch.manual_seed(seed)
        return cls(Transformer(cfg), src, tgt, name="random", description=f"random weights, seed {seed} (untrained)")

    def note(self, text: str) -> str:
        """One calm line naming the words and word pairs of `text` the model never saw in training;
        "" when it saw them all, or when what it was trained on is not known (no coverage.json)."""
        if self.coverage is None:
            return ""
        return coverage.note(self.coverage.novelty(text))

    def encode_source(self, text: str) -> Encoded:
        """Tokenize a source sentence, cut to the model's maximum length; empty text is a UserError."""
        if not isinstance(text, str):
            raise UserError(trans._("the sentence must be text"))
        enc = self.src.encode(text, max_len=self.cfg.max_len)
        if not enc.tokens:
            raise UserError(trans._("enter a sentence: the text is empty"))
        return enc

    def encode_target(self, text: str) -> list[int]:
        """<bos> followed by the target sentence's ids (the decoder's input, shifted right)."""
        enc = self.tgt.encode(text, max_len=self.cfg.max_len - 1)
        return [self.arch.specials.start] + enc.ids

    def meta(self, src: Encoded, tgt_ids: list[int], ablations: Ablations, probs=None) -> dict:
        """The trace's meta; with `probs` (the decoder's out.probs, (Lt, V)) also `tgt_predicted`:
        the word each decoder row predicts (its likeliest next token)."""
        arch = self.arch
        if self._described is None:       # once: every decoding step's trace carries it
            self._described = arch.describe()
        config = dataclasses.asdict(self.cfg) if isinstance(self.cfg, ModelConfig) else self._described
        meta = {"config": config, "family": arch.family, "norm": arch.norm, "pe": arch.pe,
                "tokenizer": arch.tokenizer, "architecture": self._described,
                "model": self.name, "model_description": self.description,
                "src_tokens": src.tokens, "tgt_tokens": self.tgt.tokens(tgt_ids),
                "unknown": src.unknown, "truncated": src.truncated, "ablations": ablations.to_dict()}
        if probs is not None:            # (a model's output may be wider than its vocabulary file: #id)
            words = self.tgt.vocab
            meta["tgt_predicted"] = [words[i] if i < len(words) else f"#{i}" for i in probs.argmax(-1).tolist()]
        return meta

    @torch.inference_mode()
    def trace(self, text: str, target: str | None = None, ablations: Ablations = NO_ABLATIONS) -> Trace:
        """Run the model on a source sentence and a target prefix; every intermediate as a Trace.

        Without `target`, the prefix is <bos> + the model's greedy translation, so the last row of
        out.probs predicts <eos>.
        """
        src = self.encode_source(text)
        src_ids = torch.tensor([src.ids])
        if target is None:
            # the last translation is a guess that greedy decoding checks (typing rarely changes
            # it much): usually one decoder pass instead of one per word, then no separate traced run
            tgt_ids, tensors = greedy_traced(self.model, src_ids, ablations, guess=self._last_greedy)
            self._last_greedy = tgt_ids
        else:
            tgt_ids = self.encode_target(target)
            rec = Recorder()
            self.model(src_ids, torch.tensor([tgt_ids]), ablations, rec)
            tensors = rec.tensors
        return from_recorder(tensors, self.meta(src, tgt_ids, ablations, tensors["out.probs"][0]))

    @torch.inference_mode()
    def trace_batch(self, texts: list[str], targets: list[str], ablations: Ablations = NO_ABLATIONS) -> list[Trace]:
        """One padded batch, as in training; one Trace per sentence, padded to the batch's longest,
        so the padding masks show (False on <pad> keys)."""
        srcs = [self.encode_source(t) for t in texts]
        tgts = [self.encode_target(t) for t in targets]
        rec = Recorder()
        src_ids, tgt_ids = self.pad_ids([s.ids for s in srcs]), self.pad_ids(tgts)
        self.model(src_ids, tgt_ids, ablations, rec)
        return [from_recorder(rec.tensors, self.meta(s, tgt_ids[b].tolist(), ablations, rec.tensors["out.probs"][b]) | {
                    "src_tokens": self.src.tokens(src_ids[b].tolist())}, index=b)
                for b, s in enumerate(srcs)]

    def pad_ids(self, rows: list[list[int]]) -> torch.Tensor:
        """Rows of ids as one tensor, padded with the model's own pad id (Marian's is not 0)."""
        return pad(rows, self.arch.specials.pad)

    def translate(self, text: str, beam: int = 0, sample: bool = False, temperature: float = 1.0,
                  top_k: int = 0, seed: int = 0, ablations: Ablations = NO_ABLATIONS) -> str:
        src_ids = torch.tensor([self.encode_source(text).ids])
        if beam and beam > 1:
            ids = beam_search(self.model, src_ids, beam, ablations=ablations)[0].tokens
        elif sample:
            ids = sample_sequence(self.model, src_ids, temperature, top_k, seed, ablations=ablations)
        else:                       # greedy, checking the last translation as a guess (see trace)
            prefix, _ = greedy_traced(self.model, src_ids, ablations, guess=self._last_greedy)
            self._last_greedy = prefix
            ids = prefix[1:]
        return self.tgt.decode(ids)
