"""Decoding: teacher forcing and step-by-step inference agree (the notes' §7.3); beams; sampling; stepping."""
import numpy as np
import pytest
import torch

from core.decoding import beam_search, greedy
from core.stepping import StepDecoder
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


@pytest.mark.parametrize("guess", [None, [], [5, 6, 7], [4] * 40])
def test_greedy_traced_equals_greedy_then_a_traced_forward_whatever_the_guess(random_translator, guess):
    from core.decoding import greedy_traced, max_target_len
    from core.model import Recorder
    from core.tokenizers import BOS_ID

    t = random_translator
    for text in ("我是一个学生", "我爱中国", "他和他的她你好"):
        src = torch.tensor([t.encode_source(text).ids])
        expected = [BOS_ID] + greedy(t.model, src)[0]
        ids, tensors = greedy_traced(t.model, src, guess=guess)
        assert ids == expected
        rec = Recorder()
        t.model(src, torch.tensor([expected]), rec=rec)
        assert list(tensors) == list(rec.tensors)
        for name, tensor in rec.tensors.items():
            torch.testing.assert_close(tensors[name], tensor, atol=1e-5, rtol=1e-5, msg=name)
        # the real guess: the previous translation, right or not
        assert greedy_traced(t.model, src, guess=expected[1:])[0] == expected
        assert greedy_traced(t.model, src, guess=expected[1:-1])[0] == expected


def test_bundled_model_trace_is_its_greedy_translation_after_any_previous_sentence():
    from core.decoding import max_target_len
    from core.translator import Translator

    t = Translator.load()
    texts = ["我是一个学生", "我是一个学", "我爱中国", "你爱中国吗", "我昨天在学校看见了他", "我"]
    for text in texts + texts[::-1]:
        trace = t.trace(text)
        src = torch.tensor([t.encode_source(text).ids])
        out = greedy(t.model, src)[0]
        assert trace.tgt_tokens[1:] == t.tgt.tokens(out)
        if len(out) < max_target_len(src.shape[1], t.cfg):             # not cut at the length limit
            assert int(trace["out.probs"][-1].argmax()) == EOS_ID


def test_translate_is_greedy_whatever_was_translated_before(random_translator):
    t = random_translator
    for text in ("我是一个学生", "我是一个学", "我爱中国", "我是一个学生"):
        src = torch.tensor([t.encode_source(text).ids])
        assert t.translate(text) == t.tgt.decode(greedy(t.model, src)[0])


def test_without_the_causal_mask_greedy_ignores_a_guess_it_cannot_check():
    """The guess is checked in one decoder pass, which is only valid behind the causal mask: with the
    mask off, the masked translation as a guess gave an empty translation (issue 12, item 1)."""
    from core.config import Ablations
    from core.decoding import greedy_traced, max_target_len
    from core.tokenizers import BOS_ID
    from core.translator import Translator

    t = Translator.load()
    no_mask = Ablations(no_causal_mask=True)
    for text in ("我是一个学生", "我爱中国", "我昨天在学校看见了他"):
        src = torch.tensor([t.encode_source(text).ids])
        masked = greedy_traced(t.model, src)[0]
        expected = [BOS_ID] + greedy(t.model, src, ablations=no_mask)[0]
        assert greedy_traced(t.model, src, no_mask, guess=masked[1:])[0][: len(expected)] == expected
        memory = t.model.encode(src, no_mask)
        untraced, _ = greedy_traced(t.model, src, no_mask, guess=masked[1:], memory=memory, cancelled=lambda: False,
                                    traced=False)
        assert untraced[: len(expected)] == expected
        t.translate(text)                                  # the masked translation, now the translator's guess
        assert t.translate(text, ablations=no_mask) == t.tgt.decode(expected[1:])


def test_greedy_runs_the_output_linear_only_on_the_rows_it_needs(random_translator):
    """The untraced greedy decoders (the window's translation, translate, evaluate) need one row of
    logits per step, and a guess needs rows only as far as it agrees: the output Linear over the
    vocabulary ran on the whole prefix at every step (65,001 words × every position for Marian).
    Same tokens as the full-logits decoding."""
    from core.decoding import CHOICE_ROWS, greedy_traced, max_target_len

    model = random_translator.model
    src = torch.tensor([random_translator.encode_source("我是一个学生").ids])
    rows = []
    hook = model.generator.register_forward_hook(lambda _m, inputs, _out: rows.append(inputs[0].shape[-2]))
    try:
        ids = greedy(model, src)[0]
        greedy_rows, rows[:] = list(rows), []
        prefix, _ = greedy_traced(model, src, traced=False)
        traced_rows, rows[:] = list(rows), []
        V = model.arch.tgt_vocab_size
        wrong = [4 + (prefix[1] + 1 + j) % (V - 4) for j in range(30)]       # disagrees at its first token
        again, _ = greedy_traced(model, src, guess=wrong, traced=False)
        guessed_rows, rows[:] = list(rows), []
        right, _ = greedy_traced(model, src, guess=prefix[1:], traced=False)
        right_rows = list(rows)
    finally:
        hook.remove()
    assert len(greedy_rows) > 3 and set(greedy_rows) == {1}
    assert set(traced_rows) == {1}                                  # no guess: every step one row
    assert guessed_rows[0] == CHOICE_ROWS and max(guessed_rows) <= CHOICE_ROWS  # not all 30 guessed positions
    assert again == prefix == right and sum(right_rows) <= len(prefix) + CHOICE_ROWS    # a right guess: one pass
    # the reference: every step over the whole prefix, the last row's argmax (suppressed ids excluded)
    start, end = model.arch.specials.start, model.arch.specials.eos
    tgt = [start]
    with torch.inference_mode():
        memory = model.encode(src)
        for _ in range(max_target_len(src.shape[1], model.cfg)):
            logits = model.decode(torch.tensor([tgt]), memory, src)[0, -1]
            if model.arch.suppressed:
                logits[list(model.arch.suppressed)] = -float("inf")
            tgt.append(int(logits.argmax()))
            if tgt[-1] == end:
                break
    assert [t for t in tgt[1:] if t != end] == ids == [t for t in prefix[1:] if t != end]
