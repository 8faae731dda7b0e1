"""core.names: every trace entry's name comes from act_name, and every name the explorer asks for exists."""
import pytest

from core.names import act_name, block_act_name, block_parts, split
from explorer.stages import (attention_key_input, attention_query_input, build_stages, ffn_input, layer_input_name,
                             norm_sublayer_output)


@pytest.fixture(scope="module")
def trace(random_translator):
    return random_translator.trace("我是一个学生", target="i am a student")


def test_every_recorded_name_is_act_name_of_its_parts(trace):
    assert len(trace.names()) > 100
    for name in trace.names():
        assert act_name(*split(name)) == name


def test_the_examples_and_typos():
    assert act_name("enc", 0, "self", "weights") == "enc.0.self.weights"
    assert act_name("dec", 1, "norm2", "sum") == "dec.1.norm2.sum"
    assert act_name("embed", "tgt", "position") == "embed.tgt.position"
    assert act_name("out", None, "probs") == "out.probs"
    assert block_act_name("dec.cross", 3, "weights") == "dec.3.cross.weights"
    assert block_parts("enc.self") == ("enc", "self")
    for bad in (("enc", 0, "slef"), ("enc", 0, "self", "weight"), ("dec", -1), ("encoder", 0), ("embed", "source"),
                ("out", None, "prob"), ("enc", True, "self"), ("dec", 0, "ffn", "relu")):
        with pytest.raises(KeyError):
            act_name(*bad)
    with pytest.raises(KeyError):
        block_parts("dec.norm1")


def test_every_stage_names_entries_the_trace_has(random_translator, trace):
    n = random_translator.cfg.n_layers
    first = {"attention": "weights", "ffn": "hidden", "embed": "token", "pe": "position", "linear": "logits",
             "softmax": "probs", "norm": None}
    for stage in build_stages(n):
        assert stage.name(first[stage.kind]) in trace, stage
        if stage.stack:
            assert stage.name() == stage.prefix
            assert layer_input_name(stage, n) in trace
        if stage.kind == "attention":
            for part in ("q", "k", "v", "scores", "scaled", "mask", "masked", "weights", "z", "concat", "out"):
                assert stage.name(part) in trace
            assert attention_query_input(stage, n) in trace and attention_key_input(stage, n) in trace
        if stage.kind == "norm":
            assert stage.name("residual") in trace and stage.name("sum") in trace
            assert norm_sublayer_output(stage) in trace
        if stage.kind == "ffn":
            assert ffn_input(stage) in trace and stage.name("out") in trace
