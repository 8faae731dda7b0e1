import pytest

from core.errors import ModelFileError
from core.tokenizers import SPECIALS, UNK_ID, Tokenizer, split_chars, split_words


def test_chinese_is_split_into_characters_without_spaces():
    assert split_chars("我是一个学生") == list("我是一个学生")
    assert split_chars(" 我 爱\t中国\n") == list("我爱中国")


def test_english_is_lower_cased_with_punctuation_and_possessive_split_off():
    assert split_words("I love China.") == ["i", "love", "china", "."]
    assert split_words("Xiaoming's cat?") == ["xiaoming", "'s", "cat", "?"]


def test_control_and_format_characters_are_dropped():
    assert split_chars("我\x00是\u200b学\u202e生") == list("我是学生")


def test_unknown_characters_become_unk_and_are_reported():
    tok = Tokenizer("char", list(SPECIALS) + list("我是学生"))
    enc = tok.encode("我是好学生")
    assert enc.ids[2] == UNK_ID
    assert enc.unknown == ["好"]
    assert enc.tokens == list("我是好学生")


def test_encoding_is_cut_to_the_maximum_length_and_says_so():
    tok = Tokenizer("char", list(SPECIALS) + list("我"))
    enc = tok.encode("我" * 10, max_len=4)
    assert len(enc.ids) == 4 and enc.truncated == 6


def test_vocabulary_round_trips_through_json(tmp_path):
    tok = Tokenizer.build("word", ["i am a student", "i love china"])
    tok.save(tmp_path / "v.json")
    back = Tokenizer.load(tmp_path / "v.json")
    assert back.vocab == tok.vocab and back.kind == "word"
    assert back.decode(back.encode("i love china").ids) == "i love china"


@pytest.mark.parametrize("content", ["not json", '{"kind": "char"}', '{"kind": "zz", "tokens": []}',
                                     '{"kind": "char", "tokens": ["a", "b"]}'])
def test_bad_vocabulary_files_are_refused(tmp_path, content):
    (tmp_path / "v.json").write_text(content)
    with pytest.raises(ModelFileError):
        Tokenizer.load(tmp_path / "v.json")
