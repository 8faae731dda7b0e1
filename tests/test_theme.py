"""The dark theme reaches every widget and plot: text is read at WCAG contrast (≥ 4.5 : 1) against
what is drawn behind it, check boxes and radio buttons stand out (≥ 3 : 1) — measured on the
rendered pixels, after switching the theme at run time and when the window opens dark."""
import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionButton

from explorer.main_window import MainWindow
from conftest import wait_ready  # noqa: E402

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)


def luminance(rgb) -> np.ndarray:
    """WCAG relative luminance of sRGB colours (… × 3, 0–255)."""
    c = np.asarray(rgb, float) / 255
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return c @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a, b) -> float:
    la, lb = luminance(a), luminance(b)
    return float((max(la, lb) + 0.05) / (min(la, lb) + 0.05))


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    array = np.array(pg.functions.ndarray_from_qimage(image))
    return array[..., :3].reshape(-1, 3)


def background_and_ink(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """The commonest colour of a patch (what text sits on) and the contrast of the patch's most
    contrasting pixel to it (the text's ink)."""
    colours, counts = np.unique(rgb, axis=0, return_counts=True)
    background = colours[counts.argmax()]
    lum = luminance(rgb)
    lb = luminance(background)
    ratio = (np.maximum(lum, lb) + 0.05) / (np.minimum(lum, lb) + 0.05)
    return background, float(ratio.max())


@pytest.fixture(scope="module", params=["switched", "opened"])
def dark_window(request, qapp, tmp_path_factory):
    from core.translator import Translator
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    settings = QSettings(str(tmp_path_factory.mktemp("settings") / "s.ini"), QSettings.Format.IniFormat)
    if request.param == "opened":
        settings.setValue("dark", "true")
    w = MainWindow(Translator.load(None), settings=settings)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    if request.param == "switched":                # built light (the labs too), then switched
        for i in range(w.tabs.count()):
            w.tabs.setCurrentIndex(i)
            QApplication.processEvents()
        w.tabs.setCurrentIndex(0)
        w.set_dark(True)
    for _ in range(5):
        QApplication.processEvents()
    yield w
    w.set_dark(False)
    w.close()
    w.deleteLater()


def window_colour(w) -> np.ndarray:
    return pixels(w.grab().toImage()).reshape(w.grab().height(), -1, 3)[5, w.width() // 2]


def test_chip_rows_are_dark_with_readable_chips(dark_window):
    w = dark_window
    window = np.array(w.palette().window().color().getRgb()[:3])
    for chips in (w.src_chips, w.tgt_chips):
        row_bg, caption_ink = background_and_ink(pixels(chips.parentWidget().parentWidget().grab().toImage()))
        assert contrast(row_bg, window) < 1.3, ("the chip row is not the window's colour", row_bg)
        assert caption_ink >= 4.5
        chip = chips.chips[0]
        chip_bg, ink = background_and_ink(pixels(chip.grab().toImage()))
        assert ink >= 4.5, (chip.text(), chip_bg, ink)


def lab_legends(w, title):
    index = next(i for i in range(w.tabs.count()) if w.tabs.tabText(i).replace("&&", "&") == title)
    w.tabs.setCurrentIndex(index)
    for _ in range(10):
        QApplication.processEvents()
    lab = w.tabs.widget(index)
    for canvas in lab.findChildren(pg.GraphicsView):
        for item in canvas.scene().items():
            if isinstance(item, pg.LegendItem) and item.isVisible() and item.items:
                yield canvas, item


@pytest.mark.parametrize("title", ["Positional encoding lab", "Ablations & scaling lab", "RNN vs attention lab"])
def test_lab_legends_are_dark_with_readable_text(dark_window, title):
    w = dark_window
    legends = list(lab_legends(w, title))
    assert legends
    for canvas, legend in legends:
        image = canvas.grab().toImage()
        plot_bg = np.array(pg.mkColor(pg.getConfigOption("background")).getRgb()[:3])
        for _sample, label in legend.items:
            rect = canvas.mapFromScene(label.mapRectToScene(label.itemRect())).boundingRect()
            patch = pixels(image.copy(rect))
            bg, ink = background_and_ink(patch)
            assert contrast(bg, plot_bg) < 1.5, ("a light legend box on a dark plot", label.text, bg)
            assert ink >= 4.5, (label.text, bg, ink)


def indicator_contrast(box) -> float:
    option = QStyleOptionButton()
    box.initStyleOption(option)
    kind = QStyle.SubElement.SE_RadioButtonIndicator if "Radio" in type(box).__name__ else \
        QStyle.SubElement.SE_CheckBoxIndicator
    rect = box.style().subElementRect(kind, option, box)
    image = box.grab().toImage()
    patch = pixels(image.copy(rect))
    window = np.array(box.palette().window().color().getRgb()[:3])
    return max(contrast(p, window) for p in np.unique(patch, axis=0))


def test_check_boxes_and_radio_buttons_stand_out(dark_window):
    w = dark_window
    boxes = list(w.ablation_bar.boxes.values()) + [w.inference_button, w.training_button]
    for box in boxes:
        assert indicator_contrast(box) >= 3.0, box.text()


@pytest.mark.parametrize("dark", [False, True])
def test_an_unselected_tab_shows_the_underscore_of_w_o(qapp, dark):
    """The attention view's "All heads · concat · W_O" tab, not selected (Fusion lowers its label and
    clipped the underscore away): drawn with "W_O" it differs from "W O", below the letters' baseline."""
    from PySide6.QtWidgets import QTabWidget, QWidget

    from explorer.fonts import register_bundled_font
    from explorer.theme import apply_theme

    register_bundled_font()
    apply_theme(dark)
    tabs = QTabWidget()
    tabs.addTab(QWidget(), "Pipeline of one head")
    tabs.addTab(QWidget(), "All heads · concat · W_O")
    tabs.resize(500, 120)
    tabs.show()
    QApplication.processEvents()
    bar = tabs.tabBar()

    def lowest_ink(text) -> int:
        """The lowest row of the label's ink (the tab's frame lines, which run its whole width, aside)."""
        bar.setTabText(1, text)
        QApplication.processEvents()
        image = bar.grab(bar.tabRect(1)).toImage().convertToFormat(QImage.Format.Format_RGB888)
        rgb = np.array(pg.functions.ndarray_from_qimage(image))[..., :3].astype(float)[:, 6:-6]
        background = np.median(rgb.reshape(-1, 3), axis=0)
        ink = np.abs(rgb - background).sum(axis=2) > 150
        rows = [y for y in range(ink.shape[0]) if 0 < ink[y].mean() < 0.6]
        return max(rows)

    # no letter of the label reaches below the baseline: the underscore alone does
    underscore, baseline = lowest_ink("All heads · concat · W_O"), lowest_ink("All heads · concat · W O")
    tabs.close()
    apply_theme(False)
    assert underscore > baseline, "the underscore is not drawn"


@pytest.mark.parametrize("text", ["All heads · concat · W_O", "所有头 · 拼接 · W_O", "Neuron view (one query)", "模型与解码"])
def test_every_tab_label_fits_its_text_rect(qapp, text):
    """A tab's label is clipped to the style's text rect: selected or not, in either language (a line
    with hanzi is taller than the Latin font), the rect is as tall as the text's bounding box."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QStyleOptionTab, QTabWidget, QWidget

    from explorer.fonts import register_bundled_font
    from explorer.theme import apply_theme

    register_bundled_font()
    apply_theme(False)
    tabs = QTabWidget()
    tabs.addTab(QWidget(), "Pipeline")
    tabs.addTab(QWidget(), text)
    tabs.show()
    QApplication.processEvents()
    bar = tabs.tabBar()
    drawn = QFontMetrics(bar.font()).boundingRect(text).height()
    for index in (0, 1):
        bar.setCurrentIndex(index)
        option = QStyleOptionTab()
        bar.initStyleOption(option, 1)
        rect = bar.style().subElementRect(QStyle.SubElement.SE_TabBarTabText, option, bar)
        assert rect.height() >= drawn, (index, rect.height(), drawn)
    tabs.close()


def test_lesson_panel_notes_are_readable_in_both_themes(dark_window):
    """The lessons panel's done line and its note on leaving a page read at ≥ 4.5 : 1, dark and
    light, when the theme switches with the panel open."""
    w = dark_window
    panel = w.show_lessons(True)
    panel.show_page("pe.repeated", apply=False)
    panel.progress.mark_done("pe.repeated")
    try:
        for dark in (True, False, True):
            w.set_dark(dark)
            panel.check_task()
            QApplication.processEvents()
            for label in (panel.task_label, panel.leave_note):
                _, ink = background_and_ink(pixels(label.grab().toImage()))
                assert ink >= 4.5, (dark, label.text()[:30], ink)
    finally:
        panel.progress.done.discard("pe.repeated")
        w.show_lessons(False)
