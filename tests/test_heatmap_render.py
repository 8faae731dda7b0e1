"""The heatmap's fast image path gives exactly the pixels of pyqtgraph's own rendering."""
import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage

from explorer.views.heatmap import COLORMAP, MatrixImage


def pixels(item: MatrixImage) -> np.ndarray:
    image = item.qimage.convertToFormat(QImage.Format.Format_ARGB32)
    return np.array(pg.functions.ndarray_from_qimage(image)).copy()


def reference(matrix, levels) -> np.ndarray:
    """pyqtgraph's ImageItem rendering of the same matrix, colour map and levels."""
    item = pg.ImageItem(axisOrder="row-major")
    item.setColorMap(COLORMAP)
    item.setImage(matrix, autoLevels=False, levels=levels)
    item.render()
    return pixels(item)


CASES = [
    (np.random.default_rng(0).normal(size=(7, 9)).astype(np.float32), (-1.0, 1.0)),     # values beyond the levels
    (np.random.default_rng(1).random((12, 12)).astype(np.float32), (0.0, 1.0)),
    (np.linspace(-3, 5, 64, dtype=np.float32).reshape(8, 8), (-3.0, 5.0)),              # the exact ends
    (np.full((3, 4), 0.25, np.float32), (0.25, 0.25)),                                  # zero-width levels
    (np.random.default_rng(2).normal(size=(5, 64)), (-2.0, 0.5)),                        # float64
    (np.random.default_rng(3).random((6, 10)).astype(np.float32).T, (0.0, 1.0)),         # a transposed view
    (np.zeros((4, 4), np.float32), (0.0, 0.0)),                                         # zero-width at 0
]


@pytest.mark.parametrize("matrix,levels", CASES)
def test_fast_render_matches_pyqtgraph(qapp, matrix, levels):
    item = MatrixImage(lambda cell: None, lambda cell: None)
    item.setColorMap(COLORMAP)
    item.setImage(matrix, autoLevels=False, levels=levels)
    assert item._render_fast(), "this matrix should take the fast path"
    np.testing.assert_array_equal(pixels(item), reference(matrix, levels))


def test_nan_cells_take_pyqtgraphs_path(qapp):
    matrix = np.array([[0.1, np.nan], [0.5, 0.9]], np.float32)
    item = MatrixImage(lambda cell: None, lambda cell: None)
    item.setColorMap(COLORMAP)
    item.setImage(matrix, autoLevels=False, levels=(0.0, 1.0))
    assert not item._render_fast()
    item.render()
    alpha = pixels(item)[..., 3]
    assert alpha[0, 1] == 0 and alpha[0, 0] == 255       # the NaN cell is transparent
