"""The next-token chart: rows map to bars both ways, the value axis holds still while bars fit, a click
reports its row."""
import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from explorer.decoding.next_token_chart import NextTokenChart


@pytest.mark.parametrize("k,height", [(10, 200), (50, 160)])
def test_every_bar_is_found_at_its_row(qtbot, k, height):
    chart = NextTokenChart()
    qtbot.addWidget(chart)
    chart.resize(500, height)
    values = np.sort(np.random.default_rng(k).dirichlet(np.ones(k)))[::-1]
    chart.set_bars([f"w{i}" for i in range(k)], values, 0, "P(next)")
    chart.show()
    chart.grab()                                        # paints (labels thin out when rows are low)
    for row in range(k):
        bar = chart.bar_rect(row)
        assert chart.row_at(QPointF(bar.left() + 1, bar.center().y())) == row
        assert bar.width() <= chart._plot_rect().width() * values[row] / chart.x_top + 1e-6
    assert chart.row_at(QPointF(10, 1)) is None         # the title is no row


def test_the_value_axis_holds_while_the_bars_fit():
    chart = NextTokenChart()
    chart.set_bars(["a", "b"], np.array([0.5, 0.1]), 0, "")
    top = chart.x_top
    assert 0.5 * 1.18 <= top < 0.5 * 1.18 + 0.05
    chart.set_bars(["a", "b"], np.array([0.45, 0.1]), 0, "")
    assert chart.x_top == top                           # still fits and fills ≥ 70 %: unchanged
    chart.set_bars(["a", "b"], np.array([0.2, 0.1]), 0, "")
    assert chart.x_top < top                            # would fill under 70 %: shrinks
    chart.set_bars(["a", "b"], np.array([0.95, 0.01]), 0, "")
    assert chart.x_top >= 0.95                          # grows to fit


def test_a_click_reports_its_row(qtbot):
    clicked = []
    chart = NextTokenChart(on_click=clicked.append)
    qtbot.addWidget(chart)
    chart.resize(400, 200)
    chart.set_bars(["a", "b", "c"], np.array([0.6, 0.3, 0.1]), 0, "")
    point = chart.bar_rect(1).center()
    QApplication.sendEvent(chart, QMouseEvent(QEvent.Type.MouseButtonPress, point, chart.mapToGlobal(point),
                                              Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                                              Qt.KeyboardModifier.NoModifier))
    assert clicked == [1]
