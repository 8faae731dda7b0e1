"""Each ablation changes only what it names."""
import numpy as np

from core.config import Ablations
from core.names import act_name


def run(t, **kw):
    return t.trace("他和他的她", target="he and his she", ablations=Ablations(**kw))


def test_positional_encoding_off_zeroes_only_the_positions(random_translator):
    on, off = run(random_translator), run(random_translator, no_pe=True)
    assert np.all(off["embed.src.position"] == 0)
    np.testing.assert_array_equal(on["embed.src.token"], off["embed.src.token"])
    np.testing.assert_array_equal(off["embed.src.sum"], off["embed.src.token"])
    # without PE the two 他 (positions 0 and 2) are identical at every layer
    for i in range(6):
        out = act_name("enc", i, "out")
        np.testing.assert_array_equal(off[out][0], off[out][2])
        assert np.abs(on[out][0] - on[out][2]).max() > 1e-3


def test_scaling_off_changes_the_scaled_scores_only(random_translator):
    on, off = run(random_translator), run(random_translator, no_scale=True)
    np.testing.assert_array_equal(on["enc.0.self.scores"], off["enc.0.self.scores"])
    np.testing.assert_array_equal(off["enc.0.self.scaled"], off["enc.0.self.scores"])
    dk = random_translator.cfg.d_k
    np.testing.assert_allclose(on["enc.0.self.scaled"], on["enc.0.self.scores"] / np.sqrt(dk), rtol=1e-6)
    assert not np.allclose(on["enc.0.self.weights"], off["enc.0.self.weights"])


def test_causal_mask_off_affects_only_decoder_self_attention(random_translator):
    on, off = run(random_translator), run(random_translator, no_causal_mask=True)
    assert np.all(off["dec.0.self.mask"]) and not np.all(on["dec.0.self.mask"])
    assert np.array_equal(on["dec.0.self.mask"], np.tril(np.ones_like(on["dec.0.self.mask"])))
    for name in on.names():
        if name.startswith(("enc.", "embed.")):
            np.testing.assert_array_equal(on[name], off[name], err_msg=name)
    np.testing.assert_array_equal(on["dec.0.self.q"], off["dec.0.self.q"])
    assert not np.allclose(on["dec.0.self.weights"], off["dec.0.self.weights"])


def test_a_zeroed_head_has_zero_z_and_the_others_are_untouched(random_translator):
    off = run(random_translator, heads_off=frozenset({("enc.self", 1, 3)}))
    on = run(random_translator)
    assert np.all(off["enc.1.self.z"][3] == 0)
    np.testing.assert_array_equal(off["enc.1.self.z"][:3], on["enc.1.self.z"][:3])
    np.testing.assert_array_equal(off["enc.1.self.weights"], on["enc.1.self.weights"])
    np.testing.assert_array_equal(off["enc.0.out"], on["enc.0.out"])
    assert not np.allclose(off["enc.1.self.out"], on["enc.1.self.out"])


def test_heads_off_parsing():
    assert Ablations.parse_heads("0.3", 6, 8) == {("enc.self", 0, 3), ("dec.self", 0, 3), ("dec.cross", 0, 3)}
    assert Ablations.parse_heads("dec.cross.5.7", 6, 8) == {("dec.cross", 5, 7)}
