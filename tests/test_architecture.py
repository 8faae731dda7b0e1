"""The architecture seam: the bundled model is one Architecture among others, and the blocks it
drives match PyTorch's own layers for pre-LN, other activations and single stacks."""
import math

import pytest
import torch
from torch import nn

from core.architecture import Architecture, SpecialTokens
from core.config import ModelConfig
from core.errors import ModelFileError
from core.model import Recorder, Transformer, positional_encoding, positional_encoding_half
from core.names import act_name, split


def arch(**kw):
    base = dict(family="gpt2", stacks=("enc",), enc_layers=2, dec_layers=0, d_model=36, n_heads=3, d_ff=50,
                src_vocab_size=20, tgt_vocab_size=20, norm="pre", final_norm=True, activation="gelu",
                pe="learned", max_positions=16, has_output=False, specials=SpecialTokens(pad=0))
    base.update(kw)
    return Architecture(**base)


def test_bundled_config_is_an_architecture():
    cfg = ModelConfig(30, 25, n_layers=2, d_model=32, n_heads=4, d_ff=64, dropout=0.0)
    a = Architecture.from_config(cfg)
    assert (a.family, a.stacks, a.enc_layers, a.dec_layers, a.norm, a.pe, a.activation) == \
        ("bundled", ("enc", "dec"), 2, 2, "post", "sinusoidal-interleaved", "relu")
    assert a.embed_scale == math.sqrt(32) and a.specials.start == 2 and a.specials.eos == 3
    assert [b.kind for b in a.attention("dec")] == ["masked self", "cross"]
    assert a.norm_sites("dec") == ("norm1", "norm2", "norm3")
    model = Transformer(cfg)
    assert a.parameter_count() == cfg.parameter_count() == sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize("a", [
    Architecture.from_config(ModelConfig(30, 25, n_layers=2, d_model=32, n_heads=4, d_ff=64, dropout=0.0)),
    arch(),                                                           # pre-LN, learned positions, GELU, no head
    arch(family="bert", norm="post", final_norm=False, embed_norm=True, token_types=2, has_output=True,
         specials=SpecialTokens(pad=0, cls=2, sep=3, mask=4)),
    arch(family="marian", stacks=("enc", "dec"), dec_layers=3, pe="sinusoidal-half", norm="post",
         final_norm=False, activation="silu", embed_scale=6.0, has_output=True, suppressed=(0,))])
def test_a_described_architecture_reads_back(a):
    """A saved trace's meta["architecture"] (describe()) gives back the structure the figures read."""
    back = Architecture.from_description(a.describe(), has_output=a.has_output)
    assert back.describe() == a.describe()
    assert [(b.kind, b.site) for s in a.stacks for b in back.attention(s)] == \
        [(b.kind, b.site) for s in a.stacks for b in a.attention(s)]


def copy_layer(ref: nn.TransformerEncoderLayer, ours):
    with torch.no_grad():
        a = ours.self_attn
        ref.self_attn.in_proj_weight.copy_(torch.cat([a.w_q.weight, a.w_k.weight, a.w_v.weight]))
        ref.self_attn.in_proj_bias.copy_(torch.cat([a.w_q.bias, a.w_k.bias, a.w_v.bias]))
        ref.self_attn.out_proj.weight.copy_(a.w_o.weight), ref.self_attn.out_proj.bias.copy_(a.w_o.bias)
        for dst, src in ((ref.linear1, ours.ffn.w_1), (ref.linear2, ours.ffn.w_2),
                         (ref.norm1, ours.add_norm1.norm), (ref.norm2, ours.add_norm2.norm)):
            dst.weight.copy_(src.weight), dst.bias.copy_(src.bias)


@pytest.mark.parametrize("norm", ["pre", "post"])
def test_layers_equal_torch_encoder_layers_pre_and_post_ln(norm):
    torch.manual_seed(0)
    model = Transformer(arch(norm=norm, final_norm=norm == "pre")).eval()
    refs = [nn.TransformerEncoderLayer(36, 3, 50, 0.0, activation="gelu", batch_first=True,
                                       norm_first=norm == "pre").eval() for _ in range(2)]
    for ref, ours in zip(refs, model.encoder):
        copy_layer(ref, ours)
    ids = torch.tensor([[3, 5, 7, 9, 11]])
    rec = Recorder()
    with torch.no_grad():
        out = model(ids, rec=rec)
        x = model.src_embed(ids) + model.pos_embed.weight[:5]
        for ref in refs:
            x = ref(x)
        if norm == "pre":
            x = model.enc_final_norm(x)
    torch.testing.assert_close(out, x, atol=1e-5, rtol=0)
    if norm == "pre":
        assert act_name("enc", 0, "ln1") in rec.tensors and act_name("enc", 1, "ln2", "sum") in rec.tensors
        assert act_name("enc", 0, "norm1") not in rec.tensors
        torch.testing.assert_close(rec.tensors[act_name("enc", None, "ln_f")], out)
        # the residual stream: the sum after a sub-layer is the next sub-layer's residual
        torch.testing.assert_close(rec.tensors["enc.0.ln1.sum"], rec.tensors["enc.0.ln2.residual"])
    else:
        assert act_name("enc", 0, "norm1") in rec.tensors and "enc.ln_f" not in rec.tensors


def test_decoder_only_has_masked_self_attention_and_no_cross():
    torch.manual_seed(0)
    model = Transformer(arch(stacks=("dec",), enc_layers=0, dec_layers=3, has_output=True, tied_output=True,
                             logits_bias=False)).eval()
    assert model.generator.weight is model.tgt_embed.weight and not hasattr(model, "encoder")
    rec = Recorder()
    with torch.no_grad():
        logits = model(tgt_ids=torch.tensor([[4, 6, 8, 10]]), rec=rec)
    assert logits.shape == (1, 4, 20)
    assert not any(".cross." in n for n in rec.tensors)
    w = rec.tensors["dec.2.self.weights"][0]
    assert torch.all(w.triu(1) == 0)               # causal
    assert split("dec.ln_f") == ("dec", None, "ln_f", None)


def test_sinusoid_layouts_hold_the_same_values():
    inter, half = positional_encoding(10, 12), positional_encoding_half(10, 12)
    torch.testing.assert_close(half[:, :6], inter[:, 0::2], atol=0, rtol=0)
    torch.testing.assert_close(half[:, 6:], inter[:, 1::2], atol=0, rtol=0)


def test_absurd_sizes_are_refused_before_allocating():
    with pytest.raises(ModelFileError, match="d_model"):
        arch(d_model=10**9)
    with pytest.raises(ModelFileError, match="divisible"):
        arch(d_model=37)
    with pytest.raises(ModelFileError, match="parameters"):
        arch(d_model=8192, n_heads=8, d_ff=65536, enc_layers=64, src_vocab_size=1_000_000)


FROM_STATE_IN_A_FRESH_PROCESS = r"""
import sys
import torch
from core.config import ModelConfig
from core.model import Transformer
cpu = Transformer(ModelConfig(50, 60, n_layers=1, d_model=16, n_heads=2, d_ff=32))
state = {n: p.detach() for n, p in cpu.named_parameters()}
assert "torch._dynamo" not in sys.modules
model = Transformer.from_state(cpu.arch, state)
assert all(not p.is_meta for p in model.parameters())
torch.testing.assert_close(model.src_embed.weight, cpu.src_embed.weight)
print("torch._dynamo" in sys.modules)
"""


def test_building_from_a_checkpoint_initialises_nothing_on_the_meta_device():
    """Opening a checkpoint built the model on the meta device and ran nn.Embedding's normal_ there,
    whose first call imports torch._dynamo (3.5 s per process on this machine): nothing is drawn now."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    r = subprocess.run([sys.executable, "-c", FROM_STATE_IN_A_FRESH_PROCESS], capture_output=True, text=True,
                       cwd=root, timeout=300, env={**__import__("os").environ, "PYTHONPATH": str(root)})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"
