"""Marian (opus-mt) checkpoints on our blocks, against transformers' own MarianMTModel on the same
files: tokens, logits, every attention weight, greedy and beam decoding, traced = untraced, ablations.

The checkpoints are tiny, random and built here by transformers (tests/hf_builders.py), with odd
shapes: d_model 36, 3 heads, 3 encoder and 2 decoder layers.
"""
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from hf_builders import EN, ZH, build_marian
from transformers import AutoTokenizer, MarianMTModel

from core.config import Ablations
from core.decoding import beam_search, greedy, max_target_len
from core.model import Recorder, positional_encoding_half
from core.names import act_name
from core.translator import Translator

SENTENCES = ZH + ["我爱学习", "猫很好", "今天我是学生他爱中国你好世界"]


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    root = tmp_path_factory.mktemp("marian")
    model, tok = build_marian(root / "tiny", bin_copy=root / "tiny-bin")
    ref = MarianMTModel.from_pretrained(root / "tiny", attn_implementation="eager").eval()
    return root, ref, AutoTokenizer.from_pretrained(root / "tiny")


@pytest.fixture(scope="module")
def ours(checkpoint):
    return Translator.load(checkpoint[0] / "tiny")


def hf_forward(ref, tok, text, dec_ids):
    src = tok(text, return_tensors="pt")
    with torch.no_grad():
        return ref(**src, decoder_input_ids=torch.tensor([dec_ids]), output_attentions=True)


def test_token_ids_equal_the_hf_tokenizers(checkpoint, ours):
    _, _, tok = checkpoint
    for zh, en in zip(SENTENCES, EN + EN[:3]):
        enc = ours.encode_source(zh)
        assert enc.ids == tok(zh)["input_ids"] and enc.ids[-1] == tok.eos_token_id     # </s> appended
        assert enc.tokens == tok.convert_ids_to_tokens(enc.ids)
        labels = tok(text_target=en)["input_ids"]
        assert ours.encode_target(en) == [ours.arch.specials.start] + labels[:-1]       # shifted right, pad first


@pytest.mark.parametrize("text,target", [(ZH[0], EN[0]), (SENTENCES[-1], "i love china today and hello"),
                                         (ZH[3], "")])
def test_logits_and_every_attention_weight_equal_transformers_eager(checkpoint, ours, text, target):
    _, ref, tok = checkpoint
    trace = ours.trace(text, target=target)
    dec_ids = [int(i) for i in trace["embed.tgt.ids"]]
    out = hf_forward(ref, tok, text, dec_ids)
    np.testing.assert_allclose(trace["out.logits"], out.logits[0].numpy(), atol=1e-4, rtol=0)
    blocks = (("enc", "self", out.encoder_attentions), ("dec", "self", out.decoder_attentions),
              ("dec", "cross", out.cross_attentions))
    for stack, site, weights in blocks:
        assert len(weights) == ours.arch.layers(stack)
        for i, w in enumerate(weights):
            np.testing.assert_allclose(trace[act_name(stack, i, site, "weights")], w[0].numpy(), atol=1e-5, rtol=0,
                                       err_msg=act_name(stack, i, site))
    np.testing.assert_allclose(trace[act_name("enc", ours.arch.enc_layers - 1, "out")], out.encoder_last_hidden_state[0].numpy(),
                               atol=1e-4, rtol=0)


def test_pytorch_model_bin_loads_the_same_model(checkpoint, ours):
    root, _, _ = checkpoint
    from_bin = Translator.load(root / "tiny-bin")
    assert "pytorch_model.bin" in {p.name for p in (root / "tiny-bin").iterdir()}
    for (name, a), (_, b) in zip(ours.model.state_dict().items(), from_bin.model.state_dict().items()):
        assert torch.equal(a, b), name


def test_positions_are_transformers_marian_sinusoids(checkpoint):
    from transformers.models.marian.modeling_marian import MarianSinusoidalPositionalEmbedding

    theirs = MarianSinusoidalPositionalEmbedding(64, 36)
    weight = theirs.create_weight() if hasattr(theirs, "create_weight") else theirs.weight
    torch.testing.assert_close(positional_encoding_half(64, 36), weight, atol=1e-6, rtol=0)


def generate(ref, tok, text, **settings):
    """transformers' generate() with our decoder's length limit and no extra constraints (no forced
    </s> at the limit, no minimum length, no n-gram or repetition penalty); bad_words_ids stays as
    the checkpoint's generation config has it (the pad id)."""
    src = tok(text, return_tensors="pt")
    limit = max_target_len(src["input_ids"].shape[1], SimpleNamespace(max_len=ref.config.max_position_embeddings))
    with torch.no_grad():
        out = ref.generate(**src, do_sample=False, max_new_tokens=limit, forced_eos_token_id=None, min_length=0,
                           no_repeat_ngram_size=0, repetition_penalty=1.0, **settings)
    ids = out[0].tolist()[1:]          # without the decoder start (the pad id)
    return ids[: ids.index(tok.eos_token_id)] if tok.eos_token_id in ids else ids


def test_greedy_equals_generate(checkpoint, ours):
    _, ref, tok = checkpoint
    lengths = set()
    for text in SENTENCES:
        theirs = generate(ref, tok, text, num_beams=1)
        src = torch.tensor([ours.encode_source(text).ids])
        assert greedy(ours.model, src)[0] == theirs, text
        assert ours.translate(text) == tok.decode(theirs, skip_special_tokens=True)
        lengths.add(len(theirs))
    assert len(lengths) > 2            # the sentences end at different lengths: not all at max_len


@pytest.mark.parametrize("k", [2, 4])
def test_beam_search_equals_generate_num_beams(checkpoint, ours, k):
    # transformers scores a finished beam logprob / length**length_penalty, ours logprob / ((5+L)/6)**alpha:
    # with length_penalty = alpha = 0 both rank plain log-probabilities
    _, ref, tok = checkpoint
    for text in SENTENCES:
        theirs = generate(ref, tok, text, num_beams=k, length_penalty=0.0, early_stopping=False)
        src = torch.tensor([ours.encode_source(text).ids])
        assert beam_search(ours.model, src, k, alpha=0.0)[0].tokens == theirs, text


def test_the_pad_id_is_never_written(checkpoint, ours):
    """opus-mt's generation config forbids the pad id (bad_words_ids); with its logit raised above every
    other, greedy and beam search still match generate() and never write it."""
    _, ref, tok = checkpoint
    pad = ours.arch.specials.pad
    assert ours.arch.suppressed == (pad,)      # read from generation_config.json's bad_words_ids
    with torch.no_grad():
        ours.model.generator.bias[pad] += 20.0
        ref.final_logits_bias[0, pad] += 20.0
    try:
        for text in SENTENCES[:4]:
            src = torch.tensor([ours.encode_source(text).ids])
            assert ours.trace(text, target="")["out.probs"][0].argmax() == pad     # the model would write it
            assert greedy(ours.model, src)[0] == generate(ref, tok, text, num_beams=1)
            assert beam_search(ours.model, src, 3, alpha=0.0)[0].tokens == \
                generate(ref, tok, text, num_beams=3, length_penalty=0.0, early_stopping=False)
            assert pad not in greedy(ours.model, src)[0]
    finally:
        with torch.no_grad():
            ours.model.generator.bias[pad] -= 20.0
            ref.final_logits_bias[0, pad] -= 20.0


def test_traced_equals_untraced(ours):
    src = torch.tensor([ours.encode_source(ZH[1]).ids])
    tgt = torch.tensor([ours.encode_target(EN[1])])
    with torch.no_grad():
        plain = ours.model(src, tgt)
        rec = Recorder()
        traced = ours.model(src, tgt, rec=rec)
    assert torch.equal(plain, traced) and torch.equal(rec.tensors["out.logits"], plain)


def test_meta_says_family_norm_pe_and_the_tokens_the_model_sees(ours, checkpoint):
    _, _, tok = checkpoint
    trace = ours.trace(ZH[0], target=EN[0])
    m = trace.meta
    assert (m["family"], m["norm"], m["pe"], m["tokenizer"]) == ("marian", "post", "sinusoidal-half", "sentencepiece")
    assert m["src_tokens"][-1] == "</s>" and m["src_tokens"][0].startswith("▁")
    assert m["tgt_tokens"][0] == "<pad>" and m["tgt_tokens"] == tok.convert_ids_to_tokens(list(trace["embed.tgt.ids"]))
    assert m["architecture"]["layers"] == {"enc": 3, "dec": 2}


def test_each_ablation_changes_only_what_it_names(ours):
    base = ours.trace(ZH[0], target=EN[0])

    def same(t, names):
        for n in names:
            np.testing.assert_array_equal(t[n], base[n], err_msg=n)

    no_pe = ours.trace(ZH[0], target=EN[0], ablations=Ablations(no_pe=True))
    assert not no_pe["embed.src.position"].any() and not no_pe["embed.tgt.position"].any()
    same(no_pe, ["embed.src.token", "embed.tgt.token"])
    assert not np.allclose(no_pe["enc.0.self.weights"], base["enc.0.self.weights"])

    no_scale = ours.trace(ZH[0], target=EN[0], ablations=Ablations(no_scale=True))
    np.testing.assert_array_equal(no_scale["enc.0.self.scaled"], no_scale["enc.0.self.scores"])
    same(no_scale, ["enc.0.self.scores", "embed.src.sum"])

    no_mask = ours.trace(ZH[0], target=EN[0], ablations=Ablations(no_causal_mask=True))
    assert no_mask["dec.0.self.mask"].all()
    same(no_mask, [n for n in base.names() if n.startswith(("enc.", "embed."))])   # the encoder is untouched

    off = ours.trace(ZH[0], target=EN[0], ablations=Ablations(heads_off=frozenset({("dec.cross", 1, 2)})))
    assert not off["dec.1.cross.z"][2].any()
    np.testing.assert_array_equal(off["dec.1.cross.z"][:2], base["dec.1.cross.z"][:2])
    same(off, [n for n in base.names() if n.startswith(("enc.", "embed.", "dec.0."))]
         + ["dec.1.self.out", "dec.1.cross.weights"])
    assert not np.allclose(off["out.logits"], base["out.logits"])


def test_sharded_safetensors_with_their_index_load_the_same_model(checkpoint, ours, tmp_path):
    import shutil

    root, ref, _ = checkpoint
    ref.save_pretrained(tmp_path / "sharded", max_shard_size="20KB")
    for name in ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json"):
        shutil.copy(root / "tiny" / name, tmp_path / "sharded" / name)
    files = {p.name for p in (tmp_path / "sharded").iterdir()}
    assert "model.safetensors.index.json" in files and "model.safetensors" not in files
    assert sum(n.endswith(".safetensors") for n in files) > 2
    sharded = Translator.load(tmp_path / "sharded")
    for (name, a), (_, b) in zip(ours.model.state_dict().items(), sharded.model.state_dict().items()):
        assert torch.equal(a, b), name


def test_a_padded_batch_masks_the_models_own_pad_id(ours):
    """trace_batch pads with Marian's pad id (not our 0, which is Marian's </s>): the short sentence's
    logits and weights at its real positions are those of its own unpadded run."""
    short, _ = ours.trace_batch([ZH[1], SENTENCES[-1]], [EN[1], "i love china today and hello"])
    alone = ours.trace(ZH[1], target=EN[1])
    Ls, Lt = len(alone["embed.src.ids"]), len(alone["embed.tgt.ids"])
    assert (short["embed.src.ids"][Ls:] == ours.arch.specials.pad).all() and len(short["embed.src.ids"]) > Ls
    np.testing.assert_allclose(short["out.logits"][:Lt], alone["out.logits"], atol=1e-5, rtol=0)
    np.testing.assert_allclose(short["dec.1.cross.weights"][:, :Lt, :Ls], alone["dec.1.cross.weights"], atol=1e-6)


def test_batches_are_padded_with_the_checkpoints_own_pad_id(ours):
    """`evaluate --model` and `trace_batch` run padded batches: Marian's pad id is not the bundled
    model's 0 (0 is its </s>, which no mask hides), so a short sentence in a batch must encode as alone."""
    import torch

    src = [ours.encode_source(t).ids for t in ["我是一个学生", "你好", "我爱中国的学生", "好"]]
    assert ours.arch.specials.pad != 0
    batch = ours.pad_ids(src)
    memory = ours.model.encode(batch)
    for i, ids in enumerate(src):
        alone = ours.model.encode(torch.tensor([ids]))[0]
        torch.testing.assert_close(memory[i, :len(ids)], alone, rtol=1e-5, atol=1e-5)
