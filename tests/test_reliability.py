"""Bad text survived (issue 8): arbitrary Unicode into the tokenizers, translate and trace — each works
or says clearly why not; never a traceback, a hang or a crash."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import UserError
from core.tokenizers import split_chars, split_words
from core.translator import Translator

NASTY = ["", " ", "\t\n  ", "\x00", "\x00我\x00", "😀🚀", "我\u0301是\u0308", "שלום עולם", "مرحبا", "\u202e我是\u202c",
         "a" * 10_000, "我" * 10_000, "\ufeff", "\ud7ff", "𠀀𠀁", "<unk> <pad> <bos>", "\r\n\r\n"]
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60),
                 st.text(alphabet=st.characters(blacklist_categories=()), max_size=30))


@pytest.fixture(scope="module")
def bundled():
    return Translator.load()


@given(text)
@settings(max_examples=150, deadline=None)
def test_tokenizers_take_any_text(s):
    for token in split_chars(s):
        assert len(token) == 1 and not token.isspace()
    for token in split_words(s):
        assert token and not any(c.isspace() for c in token)


@given(s=text)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_translate_and_trace_work_or_say_why(bundled, s):
    try:
        trace = bundled.trace(s)
    except UserError as e:
        assert "empty" in str(e)
        assert not split_chars(s)
        return
    meta = trace.meta
    assert 1 <= len(meta["src_tokens"]) <= bundled.cfg.max_len
    if len(split_chars(s)) > bundled.cfg.max_len:
        assert meta["truncated"] == len(split_chars(s)) - bundled.cfg.max_len
    assert isinstance(bundled.translate(s), str)


@pytest.mark.parametrize("s", NASTY)
def test_the_nasty_list_explicitly(bundled, s):
    try:
        bundled.trace(s)
    except UserError:
        assert not split_chars(s)
