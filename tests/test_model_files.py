"""Model folders: round trip, and hostile folders refused with a clear message, nothing executed."""
import json
import pickle
import struct

import pytest
import torch

from core.config import ModelConfig
from core.errors import ModelFileError
from core.model_files import write_model
from core.translator import Translator


@pytest.fixture
def model_dir(tmp_path, random_translator):
    folder = tmp_path / "m"
    t = random_translator
    write_model(folder, t.model, t.src, t.tgt)
    return folder


def test_a_saved_model_loads_and_gives_the_same_logits(model_dir, random_translator):
    back = Translator.load(model_dir)
    a = random_translator.trace("我是一个学生", target="i am")
    b = back.trace("我是一个学生", target="i am")
    assert (a["out.logits"] == b["out.logits"]).all()


def test_tied_embeddings_round_trip(tmp_path):
    from core.model import Transformer
    from core.tokenizers import SPECIALS, Tokenizer

    vocab = list(SPECIALS) + ["a", "b", "c"]
    cfg = ModelConfig(7, 7, n_layers=1, d_model=16, n_heads=2, d_ff=32, tied_embeddings=True,
                      src_tokenizer="word", tgt_tokenizer="word")
    model = Transformer(cfg)
    write_model(tmp_path / "t", model, Tokenizer("word", vocab), Tokenizer("word", vocab))
    back = Translator.load(tmp_path / "t").model
    assert back.generator.weight is back.src_embed.weight
    assert torch.equal(back.src_embed.weight, model.src_embed.weight)


def refused(folder, *words):
    with pytest.raises(ModelFileError) as e:
        Translator.load(folder)
    for w in words:
        assert w in str(e.value)


def test_truncated_weights_are_refused(model_dir):
    path = model_dir / "model.safetensors"
    path.write_bytes(path.read_bytes()[:1000])
    refused(model_dir, "model.safetensors")


def test_garbage_weights_are_refused(model_dir):
    (model_dir / "model.safetensors").write_bytes(b"\x00garbage" * 100)
    refused(model_dir, "not a safetensors file")


def test_a_huge_declared_header_is_refused(model_dir):
    (model_dir / "model.safetensors").write_bytes(struct.pack("<Q", 2 ** 62) + b"{}")
    refused(model_dir, "declared header")


class Payload:
    def __reduce__(self):
        return (open, ("/tmp/transformer_explorer_pwned", "w"))


def test_a_pickle_under_the_weights_name_is_refused_and_not_executed(model_dir, tmp_path):
    import os

    marker = "/tmp/transformer_explorer_pwned"
    if os.path.exists(marker):
        os.remove(marker)
    (model_dir / "model.safetensors").write_bytes(pickle.dumps({"w": Payload()}))
    refused(model_dir, "not a safetensors file")
    assert not os.path.exists(marker)


def test_missing_tensors_and_wrong_shapes_are_named(model_dir, random_translator):
    from safetensors.torch import load_file, save_file

    state = load_file(str(model_dir / "model.safetensors"))
    missing = dict(state)
    del missing["encoder.0.ffn.w_1.weight"]
    save_file(missing, str(model_dir / "model.safetensors"))
    refused(model_dir, "encoder.0.ffn.w_1.weight")
    wrong = dict(state)
    wrong["generator.bias"] = torch.zeros(3)
    save_file(wrong, str(model_dir / "model.safetensors"))
    refused(model_dir, "generator.bias", "shape")


def test_absurd_config_is_refused_before_allocation(model_dir):
    cfg = json.loads((model_dir / "config.json").read_text())
    cfg["d_model"] = 10 ** 9
    (model_dir / "config.json").write_text(json.dumps(cfg))
    refused(model_dir, "d_model")


@pytest.mark.parametrize("name", ["config.json", "src_vocab.json", "model.safetensors"])
def test_a_missing_file_is_named(model_dir, name):
    (model_dir / name).unlink()
    refused(model_dir, name)


def test_a_missing_folder_is_refused(tmp_path):
    refused(tmp_path / "nope", "does not exist")


def test_a_failed_write_leaves_the_old_model_in_place(model_dir, random_translator):
    before = (model_dir / "model.safetensors").read_bytes()
    t = random_translator

    class Boom(Exception):
        pass

    import core.model_files as mf

    original = mf.save_file

    def failing(*a, **k):
        raise Boom()

    mf.save_file = failing
    try:
        with pytest.raises(Boom):
            write_model(model_dir, t.model, t.src, t.tgt)
    finally:
        mf.save_file = original
    assert (model_dir / "model.safetensors").read_bytes() == before
    assert [p.name for p in model_dir.parent.iterdir()] == ["m"]
