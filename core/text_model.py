"""A BERT or GPT-2 checkpoint on our own blocks, with its Hugging Face tokenizer: what `continue`,
`fill-mask` and the window hold, and the one call that traces it.

BERT is an encoder only: its input is the source side (`embed.src.*`, `enc.{i}.*`), [CLS] … [SEP].
GPT-2 is a decoder only: its input is the target side (`embed.tgt.*`, `dec.{i}.self.*`), the text's
byte-level BPE pieces with no start token added (as GPT-2's tokenizer does).
"""
from __future__ import annotations

from pathlib import Path

import torch

from .architecture import Architecture, SpecialTokens
from .config import Ablations
from .errors import UserError
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
    def family(self) -> str:
        return self.arch.family

    def encode(self, text: str) -> Encoded:
        """The text as the model sees it — the tokenizer's ids (its special tokens included) and
        pieces — cut to the model's maximum; empty text is a UserError."""
        if not isinstance(text, str):
            raise UserError("the text must be text")
        if not text.strip():
            raise UserError("enter a text: it is empty")
        tok = self.tokenizer
        full = tok(text, add_special_tokens=True, return_offsets_mapping=True)
        ids, offsets = list(full["input_ids"]), list(full["offset_mapping"])
        truncated = max(0, len(ids) - self.arch.max_positions)
        if truncated:   # as the tokenizer truncates: BERT keeps its closing [SEP]
            ids = tok(text, add_special_tokens=True, truncation=True, max_length=self.arch.max_positions)["input_ids"]
        unk = self.arch.specials.unk
        unknown = [text[a:b] for i, (a, b) in zip(ids, offsets) if i == unk and b > a] if unk is not None else []
        if not ids:
            raise UserError("enter a text: it has no tokens")
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
            raise UserError(f"{self.family} has no target side: --target is for translation models")
        enc = self.encode(text)
        return self.trace_ids(enc, enc.ids, ablations)

    def parameter_count(self) -> int:
        return sum(p.numel() for p in {id(p): p for p in self.model.parameters()}.values())


def special_tokens(tokenizer, config: dict) -> SpecialTokens:
    """The tokenizer's special tokens (ids and strings); GPT-2's end token from config.json when set."""
    def tid(name):
        return getattr(tokenizer, f"{name}_token_id", None)

    eos = config.get("eos_token_id", tid("eos"))
    bos = config.get("bos_token_id", tid("bos"))
    ids = sorted(set(tokenizer.all_special_ids) | {i for i in (bos, eos) if i is not None})
    return SpecialTokens(pad=tid("pad"), unk=tid("unk"), bos=bos, eos=eos, start=None, mask=tid("mask"),
                         cls=tid("cls"), sep=tid("sep"),
                         strings=tuple(zip(ids, tokenizer.convert_ids_to_tokens(ids))))


FAMILIES = {"bert": "bert", "gpt2": "gpt2"}


def load(folder) -> TextModel:
    """A BERT or GPT-2 folder as save_pretrained writes it (config.json, model.safetensors, tokenizer)."""
    import importlib
    import json

    from safetensors.torch import load_file
    from transformers import AutoTokenizer

    folder = Path(folder)
    config = json.loads((folder / "config.json").read_text("utf-8"))
    family = importlib.import_module(f"core.families.{FAMILIES[config['model_type']]}")
    tensors = load_file(str(folder / "model.safetensors"))
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True, trust_remote_code=False)
    arch = family.architecture(config, tensors.keys(), special_tokens(tokenizer, config), folder.name)
    model = Transformer(arch)
    state = family.convert(tensors, arch)
    ours = dict(model.state_dict(keep_vars=True))
    tied = {"generator.weight"} if arch.tied_output else set()
    unfilled = sorted(set(ours) - set(state) - tied)
    if unfilled:   # a converter that forgot a tensor would leave it random: never
        raise UserError(f"{arch.family}: nothing in the checkpoint for {', '.join(unfilled)}")
    with torch.no_grad():
        for name, t in state.items():
            if ours[name].shape != t.shape:
                raise UserError(f"{arch.family}: tensor {name} has shape {tuple(t.shape)}, "
                                f"the config needs {tuple(ours[name].shape)}")
            ours[name].copy_(t)
    return TextModel(model, tokenizer, folder.name, f"{arch.family} checkpoint in {folder}", folder)
