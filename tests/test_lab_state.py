"""The labs' selections as plain state (explorer/labs/state.py), tested without widgets; and one lab
whose widgets are bound to it both ways (explorer/binding.py)."""
import numpy as np
import pytest

from core.summaries import AVERAGE_OF_HEADS
from explorer.labs.state import FormingState, ScalingState


def test_forming_state_starts_on_the_last_layer_and_the_heads_average():
    st = FormingState(n_layers=6, n_heads=8)
    assert (st.layer, st.head, st.frame, st.sentence) == (5, AVERAGE_OF_HEADS, 0, "")
    seen = []
    st.events.head_changed.connect(seen.append)
    st.head = 99
    st.head = 99
    st.head = AVERAGE_OF_HEADS
    st.layer, st.frame = -3, -1
    assert seen == [7, AVERAGE_OF_HEADS] and (st.layer, st.frame) == (0, 0)


def test_scaling_state_clamps_and_refuses_an_unknown_block():
    st = ScalingState(n_layers=6, n_heads=8, n_d_k=11, d_k_index=6)
    assert st.d_k_index == 6 and st.block == "enc.self"
    st.d_k_index, st.layer, st.head = 50, 9, -2
    assert (st.d_k_index, st.layer, st.head) == (10, 5, 0)
    with pytest.raises(ValueError):
        st.block = "enc.cross"
    with pytest.raises(AttributeError):
        st.d_k = 64                        # no such field: a typo is an error, not a silent new attribute


def test_the_scaling_labs_widgets_and_plots_follow_its_state(qtbot, random_translator):
    from explorer.labs.scaling_lab import D_KS, AblationLab

    lab = AblationLab(random_translator)
    qtbot.addWidget(lab)
    qtbot.waitUntil(lambda: lab.report is not None, timeout=10000)
    lab.state.d_k_index = D_KS.index(256)              # state → the slider, its label and the plots
    assert lab.d_k.value() == D_KS.index(256) and lab.d_k_label.text().startswith("d_k = 256")
    lab.d_k.setValue(D_KS.index(4))                    # the slider → state
    assert lab.state.d_k_index == D_KS.index(4) and lab.d_k_label.text().startswith("d_k = 4:")
    lab.state.block, lab.state.layer, lab.state.head = "dec.cross", 1, 3
    assert (lab.block.currentData(), lab.layer.value(), lab.head.value()) == ("dec.cross", 1, 3)
    assert lab.sharpness.name == "dec.1.cross" and lab.sharpness.head == 3
    np.testing.assert_array_equal(lab.max_unscaled.getData()[1], lab.sharpness.max_unscaled)
    lab.state.sentence = "我爱中国"
    assert lab.sentence.text() == "我爱中国"
    qtbot.waitUntil(lambda: lab.report is not None and lab.report.trace_scaled.src_tokens == list("我爱中国"),
                    timeout=10000)
    lab.stop()


def test_the_forming_labs_pickers_are_bound_to_its_state(qtbot, random_translator):
    from explorer.labs.forming_lab import FormingLab

    lab = FormingLab(random_translator)
    qtbot.addWidget(lab)
    lab.state.layer, lab.state.head = 2, 4
    assert (lab.layer.currentData(), lab.head.currentData()) == (2, 4) and lab.selection() == (2, 4)
    lab.head.setCurrentIndex(lab.head.findData(AVERAGE_OF_HEADS))
    assert lab.state.head == AVERAGE_OF_HEADS
    lab.stop()


def test_positional_and_recurrence_states_clamp_as_their_controls_do():
    from explorer.labs.state import PositionalState, RecurrenceState

    st = PositionalState(n_layers=6, d_model=63)
    assert st.even_d_model == 64 and st.mode == "pe_off"
    st.pe_on, st.layer, st.length, st.k = True, 40, 1, 5000
    assert (st.mode, st.layer, st.length, st.k) == ("pe_on", 5, 2, 1000)
    r = RecurrenceState(sentence="我是学生")
    r.length, r.width = 10_000, 1
    assert (r.length, r.width, r.source) == (500, 4, "random")
    with pytest.raises(ValueError):
        r.source = "audio"


def test_the_positional_labs_switch_and_boxes_are_bound_to_its_state(qtbot, random_translator):
    from explorer.labs.positional_lab import PositionalLab

    lab = PositionalLab(random_translator)
    qtbot.addWidget(lab)
    qtbot.waitUntil(lambda: lab.repeated is not None, timeout=10000)
    lab.state.pe_on = True                                   # state → the box, and the demo's side
    assert lab.pe_on.isChecked() and lab.mode() == "pe_on" and "ON" in lab.verdict.text()
    lab.pe_on.setChecked(False)                              # the box → state
    assert not lab.state.pe_on and "OFF" in lab.verdict.text()
    lab.state.length, lab.state.d_model = 40, 16
    assert (lab.length.value(), lab.d_model.value()) == (40, 16)
    assert lab.pe_plot.image.image.shape == (40, 16)
    lab.state.sentence = "我爱中国我爱"
    assert lab.sentence.text() == "我爱中国我爱"
    qtbot.waitUntil(lambda: lab.repeated is not None and lab.repeated.tokens == list("我爱中国我爱"), timeout=10000)
    lab.stop()
