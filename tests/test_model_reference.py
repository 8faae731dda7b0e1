"""The model against references nobody here wrote: PyTorch's attention and Transformer modules, the paper."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from core.config import ModelConfig
from core.model import MultiHeadAttention, Recorder, Transformer, positional_encoding
from core.tokenizers import PAD_ID


def small_config(**kw):
    base = dict(src_vocab_size=30, tgt_vocab_size=25, n_layers=2, d_model=32, n_heads=4, d_ff=64, dropout=0.0)
    base.update(kw)
    return ModelConfig(**base)


def test_attention_weights_equal_torch_multihead_attention():
    torch.manual_seed(0)
    d, h = 32, 4
    ours = MultiHeadAttention(d, h).eval()
    ref = nn.MultiheadAttention(d, h, batch_first=True).eval()
    with torch.no_grad():
        ref.in_proj_weight.copy_(torch.cat([ours.w_q.weight, ours.w_k.weight, ours.w_v.weight]))
        ref.in_proj_bias.copy_(torch.cat([ours.w_q.bias, ours.w_k.bias, ours.w_v.bias]))
        ref.out_proj.weight.copy_(ours.w_o.weight)
        ref.out_proj.bias.copy_(ours.w_o.bias)
    xq, xkv = torch.randn(2, 5, d), torch.randn(2, 7, d)
    allowed = torch.ones(2, 1, 5, 7, dtype=torch.bool)
    allowed[1, ..., 5:] = False  # padding in the second sentence
    rec = Recorder()
    with torch.no_grad():
        out = ours(xq, xkv, allowed, rec=rec, at=("enc", 0, "self"))
        ref_out, ref_w = ref(xq, xkv, xkv, key_padding_mask=~allowed[:, 0, 0], need_weights=True,
                             average_attn_weights=False)
    torch.testing.assert_close(rec.tensors["enc.0.self.weights"], ref_w, atol=1e-5, rtol=0)
    torch.testing.assert_close(out, ref_out, atol=1e-5, rtol=0)
    # per head, z equals PyTorch's fused scaled dot-product attention
    sdpa = F.scaled_dot_product_attention(rec.tensors["enc.0.self.q"], rec.tensors["enc.0.self.k"], rec.tensors["enc.0.self.v"], attn_mask=allowed)
    torch.testing.assert_close(rec.tensors["enc.0.self.z"], sdpa, atol=1e-5, rtol=0)


def copy_into_torch_transformer(model: Transformer) -> nn.Transformer:
    cfg = model.cfg
    enc_layer = nn.TransformerEncoderLayer(cfg.d_model, cfg.n_heads, cfg.d_ff, 0.0, batch_first=True)
    dec_layer = nn.TransformerDecoderLayer(cfg.d_model, cfg.n_heads, cfg.d_ff, 0.0, batch_first=True)
    ref = nn.Transformer(cfg.d_model, cfg.n_heads, batch_first=True, dropout=0.0,
                         custom_encoder=nn.TransformerEncoder(enc_layer, cfg.n_layers, norm=None, enable_nested_tensor=False),
                         custom_decoder=nn.TransformerDecoder(dec_layer, cfg.n_layers, norm=None))

    def attn(dst: nn.MultiheadAttention, src: MultiHeadAttention):
        dst.in_proj_weight.copy_(torch.cat([src.w_q.weight, src.w_k.weight, src.w_v.weight]))
        dst.in_proj_bias.copy_(torch.cat([src.w_q.bias, src.w_k.bias, src.w_v.bias]))
        dst.out_proj.weight.copy_(src.w_o.weight)
        dst.out_proj.bias.copy_(src.w_o.bias)

    def linear(dst, src):
        dst.weight.copy_(src.weight)
        dst.bias.copy_(src.bias)

    with torch.no_grad():
        for r, o in zip(ref.encoder.layers, model.encoder):
            attn(r.self_attn, o.self_attn)
            linear(r.linear1, o.ffn.w_1), linear(r.linear2, o.ffn.w_2)
            linear(r.norm1, o.add_norm1.norm), linear(r.norm2, o.add_norm2.norm)
        for r, o in zip(ref.decoder.layers, model.decoder):
            attn(r.self_attn, o.self_attn)
            attn(r.multihead_attn, o.cross_attn)
            linear(r.linear1, o.ffn.w_1), linear(r.linear2, o.ffn.w_2)
            linear(r.norm1, o.add_norm1.norm), linear(r.norm2, o.add_norm2.norm), linear(r.norm3, o.add_norm3.norm)
    return ref.eval()


def test_whole_model_equals_torch_transformer_with_the_same_weights():
    torch.manual_seed(1)
    model = Transformer(small_config()).eval()
    ref = copy_into_torch_transformer(model)
    src = torch.tensor([[5, 6, 7, 8, 9, 10], [11, 12, 13, PAD_ID, PAD_ID, PAD_ID]])
    tgt = torch.tensor([[2, 5, 6, 7], [2, 8, 9, PAD_ID]])
    with torch.no_grad():
        ours = model(src, tgt)
        x = model.src_embed(src) * math.sqrt(32) + model.pe[:6]
        y = model.tgt_embed(tgt) * math.sqrt(32) + model.pe[:4]
        causal = nn.Transformer.generate_square_subsequent_mask(4)
        hidden = ref(x, y, tgt_mask=causal, src_key_padding_mask=src == PAD_ID,
                     memory_key_padding_mask=src == PAD_ID, tgt_key_padding_mask=tgt == PAD_ID)
        theirs = model.generator(hidden)
    keep = tgt != PAD_ID  # rows of <pad> queries are unused
    torch.testing.assert_close(ours[keep], theirs[keep], atol=1e-4, rtol=0)


def test_positional_encoding_is_the_papers_formula():
    d, L = 16, 50
    pe = positional_encoding(L, d).numpy()
    for pos in (0, 1, 7, 49):
        for i in range(d // 2):
            assert pe[pos, 2 * i] == pytest.approx(math.sin(pos / 10000 ** (2 * i / d)), abs=1e-6)
            assert pe[pos, 2 * i + 1] == pytest.approx(math.cos(pos / 10000 ** (2 * i / d)), abs=1e-6)


def test_future_target_tokens_do_not_change_earlier_decoder_outputs():
    torch.manual_seed(2)
    model = Transformer(small_config()).eval()
    src = torch.tensor([[5, 6, 7]])
    a, b = torch.tensor([[2, 5, 6, 7, 8]]), torch.tensor([[2, 5, 6, 20, 21]])
    with torch.no_grad():
        la, lb = model(src, a), model(src, b)
    torch.testing.assert_close(la[:, :3], lb[:, :3], atol=1e-6, rtol=0)
    assert not torch.allclose(la[:, 3:], lb[:, 3:])


def test_softmax_rows_sum_to_one_and_masked_cells_are_zero(random_translator):
    trace = random_translator.trace("我是一个学生", target="i am a student")
    for name in trace.names():
        if name.endswith(".weights"):
            w = trace[name]
            np.testing.assert_allclose(w.sum(-1), 1.0, atol=1e-5)
            mask = trace[name.replace("weights", "mask")]
            assert np.all(w[:, ~mask] == 0)
    np.testing.assert_allclose(trace["out.probs"].sum(-1), 1.0, atol=1e-5)


def test_traced_and_untraced_forward_give_identical_outputs():
    torch.manual_seed(3)
    model = Transformer(small_config()).eval()
    src, tgt = torch.tensor([[5, 6, 7, 8]]), torch.tensor([[2, 5, 6]])
    with torch.no_grad():
        plain = model(src, tgt)
        rec = Recorder()
        traced = model(src, tgt, rec=rec)
    assert torch.equal(plain, traced)
    assert torch.equal(rec.tensors["out.logits"], traced)


def test_the_papers_base_config_runs_and_has_about_65M_parameters():
    cfg = ModelConfig.base(vocab_size=37000, tied_embeddings=True)
    model = Transformer(cfg)
    counted = sum(p.numel() for p in model.parameters())
    assert counted == cfg.parameter_count()
    assert abs(counted - 65e6) / 65e6 < 0.05
    with torch.no_grad():
        logits = model.eval()(torch.tensor([[5, 6, 7]]), torch.tensor([[2, 9]]))
    assert logits.shape == (1, 2, 37000)
    assert (cfg.d_model, cfg.n_heads, cfg.d_ff, cfg.n_layers) == (512, 8, 2048, 6)


def test_padding_masks_are_visible_in_a_batch_trace(random_translator):
    short, long = random_translator.trace_batch(["我爱中国", "我是一个学生"], ["i love china", "i am a student"])
    assert short.meta["src_tokens"] == list("我爱中国") + ["<pad>", "<pad>"]
    assert not short["enc.0.self.mask"][:, 4:].any() and short["enc.0.self.mask"][:, :4].all()
    assert long["enc.0.self.mask"].all()
    assert np.all(short["enc.0.self.weights"][:, :, 4:] == 0)
    assert not short["dec.0.cross.mask"][:, 4:].any()
    # the padded sentence's real rows equal its own unpadded trace
    alone = random_translator.trace("我爱中国", target="i love china")
    np.testing.assert_allclose(short["enc.5.out"][:4], alone["enc.5.out"], atol=1e-5)
