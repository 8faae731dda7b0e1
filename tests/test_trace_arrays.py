"""A trace's arrays: recorded tensors become numpy arrays when first read (core.trace.Arrays). Every
way of reading them — by name, iterating, merging, saving — must give what converting every tensor
at once gave: batch element `index`, one mask for every head, C-contiguous numpy."""
import numpy as np
import torch

from core.model import Recorder
from core.tokenizers import BOS_ID
from core.trace import Trace, from_recorder, merge
from core.translator import Translator


def eager(name, t, index):
    a = t.detach().numpy()[index]
    if name.endswith(".mask"):
        a = a[0]
    return np.ascontiguousarray(a)


def recorded():
    tr = Translator.load()
    ids = tr.encode_source("我是一个学生").ids
    src = torch.tensor([ids, ids])                          # a batch of two: index 1 is not index 0
    tgt = torch.tensor([[BOS_ID, 5, 6], [BOS_ID, 7, 8]])
    rec = Recorder()
    with torch.inference_mode():
        tr.model(src, tgt, rec=rec)
    return rec.tensors


def test_every_array_is_the_recorded_tensor_as_numpy():
    tensors = recorded()
    for index in (0, 1):
        trace = from_recorder(tensors, {}, index)
        assert list(trace.arrays) == list(tensors) and len(trace.arrays) == len(tensors)
        for name, t in tensors.items():
            a = trace[name]
            assert type(a) is np.ndarray and a.flags.c_contiguous, name
            np.testing.assert_array_equal(a, eager(name, t, index))
            assert trace[name] is a                     # converted once, then kept
        assert all(type(v) is np.ndarray for v in dict(trace.arrays).values())


def test_a_merged_trace_reads_both_and_saves_numpy_only(tmp_path):
    tensors = recorded()
    enc = from_recorder({n: t for n, t in tensors.items() if not n.startswith(("dec.", "embed.tgt", "out."))}, {})
    dec = from_recorder({n: t for n, t in tensors.items() if n.startswith(("dec.", "embed.tgt", "out."))}, {})
    both = merge(enc, dec, {"src_tokens": ["我"]})
    assert set(both.arrays) == set(tensors) and len(both.arrays) == len(tensors)
    assert "enc.0.self.weights" in both and "dec.0.cross.weights" in both and "nothing" not in both
    np.testing.assert_array_equal(both["enc.0.self.weights"], eager("enc.0.self.weights", tensors["enc.0.self.weights"], 0))
    assert both["enc.0.self.q"] is enc["enc.0.self.q"]      # the encoder's arrays are shared, not copied
    both.save(tmp_path / "t.npz")
    back = Trace.load(tmp_path / "t.npz")
    assert sorted(back.arrays) == sorted(tensors)
    for name, t in tensors.items():
        np.testing.assert_array_equal(back[name], eager(name, t, 0))


def test_decoding_steps_share_their_sentence_s_encoder_pass():
    """Every step of one sentence holds the encoder pass computed once (the views skip redrawing it);
    another sentence, or the same one decoded afresh, is another pass; an unmerged trace shares none."""
    from core.stepping import StepDecoder

    tr = Translator.load()
    one = StepDecoder(tr, "我是一个学生")
    first = one.current.trace
    second = one.step().trace
    assert second.shares_source_pass(first) and first.shares_source_pass(second)
    assert second["enc.0.self.weights"] is first["enc.0.self.weights"]
    again = StepDecoder(tr, "我是一个学生").current.trace
    other = StepDecoder(tr, "我爱中国").current.trace
    assert not again.shares_source_pass(first) and not other.shares_source_pass(first)
    plain = Trace(dict(first.arrays), dict(first.meta))
    assert not plain.shares_source_pass(first) and not first.shares_source_pass(plain)
    assert not first.shares_source_pass(None)
