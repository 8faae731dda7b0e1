"""Decoding: teacher forcing and step-by-step inference agree (the notes' §7.3); beams; sampling; stepping."""
import numpy as np
import pytest
import torch

from core.decoding import StepDecoder, beam_search, greedy
from core.tokenizers import EOS_ID


def test_step_by_step_traces_equal_the_teacher_forced_trace(random_translator):
    t = random_translator
    d = StepDecoder(t, "我是一个学生")
    for token in t.tgt.encode("i am a student").ids:
        d.force(token)
    forced = t.trace("我是一个学生", target="i am a student")
    stepped = d.current.trace
    assert forced.names() == stepped.names()
    for name in forced.names():
        np.testing.assert_allclose(stepped[name], forced[name], atol=1e-5, err_msg=name)
    # and every earlier step equals the teacher-forced trace restricted to its prefix
    for k, step in enumerate(d.steps):
        L = len(step.prefix)
        np.testing.assert_allclose(step.trace["dec.5.self.weights"], forced["dec.5.self.weights"][:, :L, :L], atol=1e-5)
        np.testing.assert_allclose(step.probs, forced["out.probs"][L - 1], atol=1e-5)


def test_greedy_stepping_matches_greedy_translation(random_translator):
    t = random_translator
    d = StepDecoder(t, "我爱中国")
    d.run_to_end()
    out = [x for x in d.output if x != EOS_ID]
    assert out == greedy(t.model, torch.tensor([t.encode_source("我爱中国").ids]))[0]


def test_force_back_and_reset(random_translator):
    d = StepDecoder(random_translator, "我爱中国")
    first = d.current.trace
    d.force(5)
    d.step()
    assert d.output[0] == 5 and len(d.output) == 2
    d.back()
    assert d.output == [5]
    d.reset()
    assert d.output == [] and d.current.trace is first  # kept, not recomputed


def test_sampling_is_reproducible_for_a_seed_and_varies_across_seeds(random_translator):
    t = random_translator
    a = [t.translate("我是一个学生", sample=True, seed=s, temperature=2.0) for s in (1, 1, 2, 3)]
    assert a[0] == a[1]
    assert len(set(a)) > 1
    d1 = StepDecoder(t, "我是一个学生", strategy="sample", seed=7, temperature=2.0)
    d1.step(), d1.step(), d1.back(), d1.step()
    d2 = StepDecoder(t, "我是一个学生", strategy="sample", seed=7, temperature=2.0)
    d2.step(), d2.step()
    assert d1.output == d2.output


def test_beam_search_width_one_is_greedy_and_beams_are_sorted(random_translator):
    t = random_translator
    src = torch.tensor([t.encode_source("我是一个学生").ids])
    assert beam_search(t.model, src, 1)[0].tokens == greedy(t.model, src)[0]
    beams = beam_search(t.model, src, 4)
    assert len(beams) == 4
    assert [b.score for b in beams] == sorted((b.score for b in beams), reverse=True)
    assert len({tuple(b.tokens) for b in beams}) == 4
