"""Session files are checked without Qt: a good one round-trips, each kind of hostile or broken file
is refused with a one-line reason."""
import json

import pytest

from core.config import Ablations
from core.decoding_settings import DecodingSettings
from core.errors import UserError
from core.session_file import DecodingStep, Session, parse_session, read_session, write_session

GOOD = Session(sentence="我是一个学生", mode="inference", stage="dec.cross", layer=5, head=3,
               ablations=Ablations(no_scale=True, heads_off=frozenset({("dec.cross", 5, 1)})),
               steps=(DecodingStep("i", False), DecodingStep("am", True)), lesson="attention.cross",
               decoding=DecodingSettings(strategy="sample", temperature=0.7, top_k=40, top_p=0.9, seed=12), row=2)
VOCAB = ["<pad>", "<bos>", "<eos>", "i", "am", "a", "student"]


def good_dict():
    return json.loads(GOOD.to_json())


def test_a_session_round_trips_through_a_file(tmp_path):
    path = write_session(tmp_path / "s.json", GOOD)
    assert read_session(path) == GOOD
    assert not list(tmp_path.glob(".*.tmp"))              # written atomically: no temporary left


@pytest.mark.parametrize("change, reason", [
    ({"head": "3"}, "'head' must be a whole number"),
    ({"head": True}, "'head' must be a whole number"),
    ({"head": 10 ** 30}, "out of range"),
    ({"layer": 1.5}, "'layer' must be a whole number"),
    ({"sentence": 42}, "'sentence' must be text"),
    ({"sentence": ""}, "empty"),
    ({"sentence": "我" * 10_000}, "too long"),
    ({"mode": "rm -rf"}, "mode must be one of"),
    ({"stage": "enc.evil"}, "unknown stage"),
    ({"ablations": {"no_pe": "yes"}}, "'no_pe' must be true/false"),
    ({"ablations": {"heads_off": ["x.1.2"]}}, "heads_off entry"),
    ({"ablations": {"heads_off": [[1, 2]]}}, "heads_off entries must be text"),
    ({"steps": [{"token": 5}]}, "'token' must be text"),
    ({"steps": "i am"}, "'steps' must be a list"),
    ({"steps": [{"token": "i"}] * 1_000}, "decoding steps"),
    ({"lesson": 7}, "'lesson' must be text or null"),
    ({"version": 99}, "version 99 is not supported"),
    ({"format": "something-else"}, "not a session file"),
    ({"__class__": "os.system"}, "unknown field"),
    ({"decoding": {"strategy": "eval"}}, "strategy must be one of"),
    ({"decoding": {"temperature": 0}}, "'temperature' = 0 is out of range"),
    ({"decoding": {"seed": 10 ** 30}}, "out of range"),
    ({"decoding": {"top_p": "1"}}, "'top_p' must be a number"),
    ({"decoding": {"beam_width": 2.5}}, "'beam_width' must be a whole number"),
    ({"decoding": {"command": "rm"}}, "unknown decoding setting"),
    ({"row": -1}, "out of range"),
])
def test_wrong_types_and_values_are_refused_with_the_reason(change, reason):
    data = good_dict()
    data.update(change)
    with pytest.raises(UserError, match=reason.replace("(", r"\(")):
        parse_session(json.dumps(data).encode())


@pytest.mark.parametrize("data, reason", [
    (b"\x00\xff" * 5_000_000, "larger than"),                            # 10 MB of junk
    (b"\xff\xfe junk", "not UTF-8"),
    (b"{not json", "not valid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),               # deep nesting
    (b'{"format": "transformer-explorer-session", "version": 1, "ablations": {"heads_off": [[[[[[["x"]]]]]]]}}',
     "nested too deeply"),
    (b"[1, 2, 3]", "top level is a list"),
    (b'{"head": ' + b"9" * 5000 + b"}", "not valid JSON"),               # an integer too long to convert
    (b'{"format": "transformer-explorer-session", "version": 1, "head": NaN}', "'head' must be a whole number"),
])
def test_broken_files_are_refused_with_the_reason(data, reason):
    with pytest.raises(UserError, match=reason):
        parse_session(data)


def test_a_session_that_does_not_fit_the_model_is_refused():
    GOOD.check_model(6, 8, VOCAB)
    with pytest.raises(UserError, match="layer 5 does not exist"):
        GOOD.check_model(2, 8, VOCAB)
    with pytest.raises(UserError, match="head 3 does not exist"):
        GOOD.check_model(6, 2, VOCAB)
    with pytest.raises(UserError, match="not in the model's target vocabulary"):
        GOOD.check_model(6, 8, ["<bos>", "i"])


def test_unreadable_paths_are_refused(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        read_session(tmp_path / "missing.json")
    with pytest.raises(UserError, match="is a folder"):
        read_session(tmp_path)


def test_open_on_a_bad_file_exits_2_with_one_line(tmp_path, capsys):
    from explorer.cli import main

    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x00" * 10_000_000)
    assert main(["open", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.json" in err and "larger than" in err
    missing_model = tmp_path / "m.json"
    data = good_dict()
    data["model"] = str(tmp_path / "no-such-model")
    missing_model.write_text(json.dumps(data))
    assert main(["open", str(missing_model)]) == 2
    assert "does not exist" in capsys.readouterr().err
