"""A checkpoint's own tokenizer, through transformers' AutoTokenizer from the folder (local files
only, no remote code), behind the small interface the core uses (`core.tokenizers.Tokenizer`'s):
encode → Encoded (tokens exactly as the model sees them, specials included), decode, tokens, vocab.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import ModelFileError
from ..tokenizers import Encoded


def load_tokenizer(folder: Path, required_files: tuple = ()):
    """transformers' tokenizer of the folder; a missing or broken file is one clear ModelFileError."""
    for name in required_files:
        if not (folder / name).is_file():
            raise ModelFileError(f"{folder}: tokenizer file {name} is missing")
    import warnings

    from transformers import AutoTokenizer

    try:
        with warnings.catch_warnings():   # MarianTokenizer's "Recommended: pip install sacremoses" on every load
            warnings.filterwarnings("ignore", message=".*sacremoses")
            return AutoTokenizer.from_pretrained(str(folder), local_files_only=True, trust_remote_code=False)
    except Exception as e:  # noqa: BLE001 — a tokenizer file can fail in many ways; each is the user's file
        first = (str(e).strip().splitlines() or [""])[0][:200]
        raise ModelFileError(f"{folder}: the tokenizer could not be read ({type(e).__name__}: {first})") from None


class SideTokenizer:
    """One side of a checkpoint's tokenizer: the source (what the encoder reads; Marian appends </s>)
    or the target (what the decoder writes; Marian's target SentencePiece model)."""

    def __init__(self, hf, side: str, kind: str):
        self.hf, self.side, self.kind = hf, side, kind
        self._vocab: list[str] | None = None

    def __len__(self) -> int:
        return len(self.hf)

    @property
    def vocab(self) -> list[str]:
        if self._vocab is None:
            self._vocab = self.hf.convert_ids_to_tokens(list(range(len(self.hf))))
        return self._vocab

    def _ids(self, text: str) -> list[int]:
        if self.side == "source":
            return self.hf(text)["input_ids"]
        ids = self.hf(text_target=text)["input_ids"]
        return ids[:-1] if ids[-1:] == [self.hf.eos_token_id] else ids   # the decoder input has no </s>

    def encode(self, text: str, max_len: int | None = None) -> Encoded:
        if not text.strip():
            return Encoded([], [], [])
        ids = self._ids(text)
        truncated = 0
        if max_len is not None and len(ids) > max_len:
            truncated = len(ids) - max_len
            specials = set(self.hf.all_special_ids)
            tail = [ids[-1]] if ids[-1] in specials and self.side == "source" else []   # keep </s>
            ids = ids[: max_len - len(tail)] + tail
        unk = self.hf.unk_token_id
        pieces = self.hf.tokenize(text)
        unknown = [p for p, i in zip(pieces, self.hf.convert_tokens_to_ids(pieces)) if i == unk] if unk is not None else []
        return Encoded(self.tokens(ids), ids, unknown, truncated)

    def decode(self, ids, strip_specials: bool = True) -> str:
        return self.hf.decode(list(ids), skip_special_tokens=strip_specials)

    def tokens(self, ids) -> list[str]:
        """The pieces of `ids` as the vocabulary writes them (SentencePiece ▁, WordPiece ##, byte-level Ġ)."""
        return self.hf.convert_ids_to_tokens(list(ids))


class CheckpointTokenizer:
    """The tokenizer of a checkpoint, with its source and target sides."""

    def __init__(self, hf, kind: str):
        self.hf, self.kind = hf, kind
        self.source = SideTokenizer(hf, "source", kind)
        self.target = SideTokenizer(hf, "target", kind)

    def special_strings(self) -> tuple:
        """((id, string), …) of every special token."""
        return tuple(sorted(zip(self.hf.all_special_ids, self.hf.all_special_tokens)))


def check_vocabulary(tokenizer: CheckpointTokenizer, vocab_size: int, folder: Path) -> None:
    n = len(tokenizer.hf)
    if n > vocab_size:
        raise ModelFileError(f"{folder}: the tokenizer has {n:,} tokens, the model's vocabulary {vocab_size:,}")

