"""A BERT or GPT-2 checkpoint on our own blocks, with its Hugging Face tokenizer: what `continue`,
`fill-mask` and the window hold, and the one call that traces it.

BERT is an encoder only: its input is the source side (`embed.src.*`, `enc.{i}.*`), [CLS] … [SEP].
GPT-2 is a decoder only: its input is the target side (`embed.tgt.*`, `dec.{i}.self.*`), the text's
byte-level BPE pieces with no start token added (as GPT-2's tokenizer does).
"""
from __future__ import annotations

from pathlib import Path

import torch

from .architecture import Architecture
from .config import Ablations
from .errors import UserError
from .i18n import Message, trans
from .model import NO_ABLATIONS, Recorder, Transformer
from .tokenizers import Encoded
from .trace import Trace, from_recorder


class TextModel:
    """A checkpoint of the BERT or GPT-2 family, mapped onto `core.model.Transformer`."""

    def __init__(self, model: Transformer, tokenizer, name: str = "", description: str = "", folder=None):
        self.model = model.eval()
        self.tokenizer = tokenizer          # a transformers tokenizer, loaded from local files only
        self.name = name
        self.description = description
        self.folder: Path | None = Path(folder) if folder is not None else None

    @property
    def arch(self) -> Architecture:
        return self.model.arch

    @property
    def cfg(self) -> Architecture:
        """As Translator.cfg: what the model was built from (n_layers, n_heads, max_len, d_k)."""
        return self.arch

    @property
    def family(self) -> str:
        return self.arch.family

    def encode(self, text: str) -> Encoded:
        """The text as the model sees it — the tokenizer's ids (its special tokens included) and
        pieces — cut to the model's maximum; empty text is a UserError."""
        if not isinstance(text, str):
            raise UserError(trans._("the text must be text"))
        if not text.strip():
            raise UserError(trans._("enter a text: it is empty"))
        tok = self.tokenizer
        full = tok(text, add_special_tokens=True, return_offsets_mapping=True)
        ids, offsets = list(full["input_ids"]), list(full["offset_mapping"])
        truncated = max(0, len(ids) - self.arch.max_positions)
        if truncated:   # as the tokenizer truncates: BERT keeps its closing [SEP]
            ids = tok(text, add_special_tokens=True, truncation=True, max_length=self.arch.max_positions)["input_ids"]
        unk = self.arch.specials.unk
        unknown = [text[a:b] for i, (a, b) in zip(ids, offsets) if i == unk and b > a] if unk is not None else []
        if not ids:
            raise UserError(trans._("enter a text: it has no tokens"))
        return Encoded(self.tokens(ids), ids, unknown, truncated)

    def tokens(self, ids) -> list[str]:
        """The pieces exactly as the vocabulary holds them ('Ġthe', '##ing', '[CLS]')."""
        return self.tokenizer.convert_ids_to_tokens(list(ids))

    def decode(self, ids) -> str:
        return self.tokenizer.decode(list(ids), skip_special_tokens=True, clean_up_tokenization_spaces=False)

    def vocab_size(self) -> int:
        return self.arch.tgt_vocab_size or self.arch.src_vocab_size

    def meta(self, enc: Encoded, ids: list[int], ablations: Ablations) -> dict:
        """The trace's meta: the family, norm placement, PE kind, and the tokens as the model sees them
        (`src_tokens` for BERT's encoder, `tgt_tokens` for GPT-2's decoder; the other side empty)."""
        arch = self.arch
        tokens = self.tokens(ids)
        side = "src_tokens" if arch.stacks == ("enc",) else "tgt_tokens"
        described = arch.describe()
        return {"config": described, "architecture": described, "model": self.name, "model_description": self.description,
                "family": arch.family, "norm": arch.norm, "pe": arch.pe, "tokenizer": arch.tokenizer,
                "src_tokens": [], "tgt_tokens": [], side: tokens,
                "special_tokens": [t for i, t in zip(ids, tokens) if i in arch.specials.ids()],
                "unknown": enc.unknown, "truncated": enc.truncated, "ablations": ablations.to_dict()}

    def run(self, ids: list[int], ablations: Ablations = NO_ABLATIONS, rec=None) -> torch.Tensor:
        """One forward pass over `ids` (1 sequence): BERT's encoder (and its masked-LM head), or
        GPT-2's decoder; logits (1, L, V), or BERT's final hidden states when it has no head."""
        x = torch.tensor([ids])
        if self.arch.stacks == ("enc",):
            return self.model(x, None, ablations, rec)
        return self.model.decode(x, None, None, ablations, rec)

    @torch.inference_mode()
    def trace_ids(self, enc: Encoded, ids: list[int], ablations: Ablations = NO_ABLATIONS) -> Trace:
        rec = Recorder()
        self.run(ids, ablations, rec)
        return from_recorder(rec.tensors, self.meta(enc, ids, ablations))

    def trace(self, text: str, target: str | None = None, ablations: Ablations = NO_ABLATIONS) -> Trace:
        """Every intermediate of one forward pass over the text (no decoding: GPT-2's out.logits row t
        is the next-token distribution after position t; BERT's the masked-LM one at position t)."""
        if target is not None:
            raise UserError(trans._("{family} has no target side: --target is for translation models", family=self.family))
        enc = self.encode(text)
        return self.trace_ids(enc, enc.ids, ablations)


def load(spec, download: bool = False) -> TextModel:
    """A BERT or GPT-2 checkpoint (a folder as save_pretrained writes it, or a hub id from the local
    Hugging Face cache) on our blocks; a sequence-to-sequence one is refused (it translates)."""
    from .hf import open_checkpoint

    ck = open_checkpoint(spec, download=download)
    if ck.arch.is_seq2seq:
        raise UserError(trans._("{name} is a {family} translation model: use translate", name=ck.name, family=ck.arch.family))
    return TextModel(ck.model, ck.tokenizer.hf, ck.name,
                     Message(trans.noop("{family} checkpoint {name}"), family=ck.arch.family, name=ck.name), ck.folder)


def open_model(spec=None, download: bool = False):
    """What --model names, for the commands every model takes (trace): the bundled model, our own
    folder or a translation checkpoint (a Translator), or a BERT / GPT-2 checkpoint (a TextModel)."""
    from .translator import Translator, is_bundled_format

    if spec is None or is_bundled_format(spec):
        return Translator.load(spec)
    from .hf import read_architecture
    from .hf.locate import resolve

    folder, name = resolve(spec, download=download)
    arch, _, _ = read_architecture(folder, name)       # config.json only: nothing loaded yet
    return Translator.load(spec, download=download) if arch.is_seq2seq else load(spec, download=download)
