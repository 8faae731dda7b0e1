"""core.stepping (no Qt): stepping, back, force and cancel agree with the one-shot searches of core.decoding."""
import itertools

import numpy as np
import pytest
import torch

from core.decoding import Cancelled, beam_search, greedy, greedy_traced, sample_sequence
from core.errors import UserError
from core.model import Recorder
from core.stepping import DecodingSettings, StepDecoder
from core.tokenizers import BOS_ID, EOS_ID

TEXTS = ("我是一个学生", "我爱中国", "他和他的她你好")


def src_ids(t, text):
    return torch.tensor([t.encode_source(text).ids])


def written(d):
    """The output without its <eos>, as the one-shot searches return it."""
    return [x for x in d.output if x != EOS_ID]


def teacher_forced(t, text, prefix):
    """The recorded tensors of one forward over the whole prefix (<bos> first) at once."""
    rec = Recorder()
    with torch.inference_mode():
        t.model(src_ids(t, text), torch.tensor([prefix]), rec=rec)
    return {name: tensor[0].numpy() for name, tensor in rec.tensors.items()}


def after(n):
    """A cancel callback that lets `n` decoder passes through, then says stop; counts the asks."""
    asked = itertools.count(1)
    return lambda: next(asked) > n


@pytest.mark.parametrize("text", TEXTS)
def test_greedy_stepping_equals_the_one_shot_greedy_searches(random_translator, text):
    t = random_translator
    d = StepDecoder(t, text)
    d.run_to_end()
    expected = greedy(t.model, src_ids(t, text))[0]
    assert written(d) == expected
    assert greedy_traced(t.model, src_ids(t, text))[0] == [BOS_ID] + d.output
    assert d.how == ["greedy"] * len(d.output)
    assert d.greedy_translation() == expected and d.translation == t.tgt.decode(expected)


@pytest.mark.parametrize("seed, temperature, top_k", [(0, 1.0, 0), (3, 2.0, 0), (7, 1.5, 4), (11, 0.7, 2)])
def test_sampling_stepping_equals_sample_sequence(random_translator, seed, temperature, top_k):
    t = random_translator
    for text in TEXTS:
        d = StepDecoder(t, text, strategy="sample", seed=seed, temperature=temperature, top_k=top_k)
        d.run_to_end()
        assert written(d) == sample_sequence(t.model, src_ids(t, text), temperature, top_k, seed)
        assert set(d.how) <= {"sampled"}


def test_beam_strategy_follows_each_beam_of_beam_search(random_translator):
    t = random_translator
    text = "我是一个学生"
    beams = beam_search(t.model, src_ids(t, text), 4)
    d = StepDecoder(t, text, settings=DecodingSettings("beam", beam_width=4))
    assert [b.tokens for b in d.beams] == [b.tokens for b in beams]
    for index, beam in enumerate(beams):
        d.select_beam(index)
        assert d.output == beam.tokens + ([EOS_ID] if beam.finished else [])
        assert d.how == ["beam"] * len(d.output) and d.beam_index == index


def test_a_forced_token_leaves_the_beam_and_greedy_continues_as_teacher_forcing_predicts(random_translator):
    t = random_translator
    text = "我爱中国"
    d = StepDecoder(t, text, strategy="beam", beam_width=3)
    off_beam = next(tok for tok in range(4, len(t.tgt)) if tok != d.pick())
    d.force(off_beam)
    d.run_to_end()
    assert d.output[0] == off_beam and d.how[0] == "forced" and d.steps[0].forced
    assert set(d.how[1:]) <= {"greedy"}
    # the reference: one teacher-forced forward over the written tokens; each greedy token is the
    # argmax of the distribution before it
    probs = teacher_forced(t, text, d.current.prefix)["out.probs"]
    for position in range(1, len(d.output)):
        assert d.output[position] == int(probs[position].argmax())


def test_back_keeps_every_trace_and_stepping_again_writes_the_same_tokens(random_translator):
    t = random_translator
    for settings in (DecodingSettings(), DecodingSettings("sample", temperature=2.0, seed=5)):
        d = StepDecoder(t, "我是一个学生", settings=settings)
        for _ in range(3):
            d.step()
        steps, out = list(d.steps), list(d.output)
        for _ in range(3):
            d.back()
        assert d.output == [] and d.current is steps[0] and d.current.chosen is None and d.how == []
        for _ in range(3):
            d.step()
        assert d.output == out
        assert all(a.trace is b.trace for a, b in zip(d.steps, steps[:1]))   # <bos>'s step was kept
        d.reset()
        assert d.steps == [steps[0]] and d.back() is steps[0]


def test_force_after_the_end_replaces_the_last_token(random_translator):
    d = StepDecoder(random_translator, "我爱中国")
    d.run_to_end()
    n = len(d.output)
    d.force(5)
    assert len(d.output) == n and d.output[-1] == 5 and d.how[-1] == "forced"
    with pytest.raises(UserError, match="outside the vocabulary"):
        d.force(len(random_translator.tgt))
    with pytest.raises(UserError, match="strategy"):
        StepDecoder(random_translator, "我", strategy="nucleus")


def test_history_replays_forced_tokens_under_another_strategy(random_translator):
    t = random_translator
    d = StepDecoder(t, "我是一个学生")
    d.step(), d.force(7), d.step()
    again = StepDecoder(t, "我是一个学生", strategy="sample", seed=1)
    again.replay(d.history())
    assert again.how == ["sampled", "forced", "sampled"] and again.output[1] == 7


def test_cancel_stops_between_decoder_passes_and_keeps_what_was_done(random_translator):
    t = random_translator
    text = "我是一个学生"
    full = StepDecoder(t, text)
    full.run_to_end()
    d = StepDecoder(t, text)
    with pytest.raises(Cancelled):
        d.run_to_end(cancelled=after(2))
    assert d.output == full.output[:2]                  # two steps taken, then stopped
    d.run_to_end()
    assert d.output == full.output                      # and it goes on where it stopped
    with pytest.raises(Cancelled):
        d.greedy_translation(cancelled=lambda: True)
    assert d.translation_ids is None and d.translation is None
    assert d.greedy_translation(cancelled=lambda: False) == written(full)


def test_every_one_shot_search_can_be_cancelled(random_translator):
    t = random_translator
    src = src_ids(t, "我是一个学生")
    stop = lambda: True                                  # noqa: E731
    for search in (lambda c: greedy(t.model, src, cancelled=c), lambda c: greedy_traced(t.model, src, cancelled=c)[0],
                   lambda c: beam_search(t.model, src, 3, cancelled=c),
                   lambda c: sample_sequence(t.model, src, cancelled=c)):
        with pytest.raises(Cancelled):
            search(stop)
        assert search(lambda: False) == search(None)    # never cancelled: the same result
    with pytest.raises(Cancelled):
        StepDecoder(t, "我是一个学生", strategy="beam", cancelled=after(1))


@pytest.mark.parametrize("guess", [None, [5, 6, 7], [4] * 40])
def test_untraced_greedy_finds_the_traced_ids(random_translator, guess):
    t = random_translator
    for text in TEXTS:
        ids, tensors = greedy_traced(t.model, src_ids(t, text), guess=guess)
        assert greedy_traced(t.model, src_ids(t, text), guess=guess, traced=False) == (ids, {})
        assert tensors


def test_a_sampled_step_is_the_teacher_forced_run_of_its_prefix(random_translator):
    t = random_translator
    d = StepDecoder(t, "我爱中国", strategy="sample", seed=2, temperature=2.0)
    d.run_to_end()
    forced = teacher_forced(t, "我爱中国", d.current.prefix)
    for step in d.steps:
        L = len(step.prefix)
        np.testing.assert_allclose(step.probs, forced["out.probs"][L - 1], atol=1e-5)
        np.testing.assert_allclose(step.trace["dec.5.cross.weights"], forced["dec.5.cross.weights"][:, :L], atol=1e-5)


def test_the_greedy_translation_with_the_causal_mask_off_ignores_the_guess(random_translator):
    from core.config import Ablations

    t = random_translator
    no_mask = Ablations(no_causal_mask=True)
    for text in TEXTS:
        masked = greedy(t.model, src_ids(t, text))[0]
        d = StepDecoder(t, text, no_mask, guess=masked)
        assert d.greedy_translation() == greedy(t.model, src_ids(t, text), ablations=no_mask)[0]
