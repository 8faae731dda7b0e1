"""A figure or its data as file bytes (PNG, SVG, PDF, CSV, .npz, GIF, PNG strip), written atomically.

Every `*_bytes` function builds the whole file in memory; `write` hands it to
`core.atomic.atomic_write_bytes` (a temporary file beside the target, then a rename), so a failed
export — unwritable folder, full disk — raises a UserError and leaves no file behind.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from core.atomic import atomic_write_bytes
from core.errors import UserError

from ..i18n import translate
from .figures import Figure
from .specs import FigureSpec
from .vector import portable_fonts

FIGURE_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("csv", "npz")
ANIMATION_FORMATS = ("gif", "png")
FORMATS = ("png", "svg", "pdf", "gif", "csv", "npz")
SCREEN_DPI = 96.0


def scale_for(scale: float | None = None, dpi: float | None = None) -> float:
    """Device pixels per figure pixel: `dpi` / 96 when a DPI is given, else `scale` (default 2)."""
    value = dpi / SCREEN_DPI if dpi else (scale if scale else 2.0)
    if not 0.1 <= value <= 16:
        raise UserError(f"scale {value:g} is out of range (0.1–16; a DPI of 10–1536)")
    return value


def _buffer() -> tuple[QByteArray, QBuffer]:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return data, buffer


PNG_QUALITY = 80


def image_png_bytes(image: QImage, dpi: float | None = None) -> bytes:
    if dpi:
        dots_per_metre = round(dpi / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
    data, buffer = _buffer()
    # quality 80 is a lighter zlib level: as small as the default for these flat-coloured figures
    # (206 vs 209 kB a window), a third faster to encode (31 vs 47 ms)
    if not image.save(buffer, "PNG", PNG_QUALITY):
        raise UserError("could not encode the PNG image")
    return bytes(data.data())


def png_bytes(figure: Figure, scale: float | None = None, dpi: float | None = None) -> bytes:
    """The figure rendered at `scale` (or `dpi`), as PNG."""
    s = scale_for(scale, dpi)
    return image_png_bytes(figure.image(s), dpi or SCREEN_DPI * s)


def figure_image(spec: FigureSpec, scale: float | None = None, dpi: float | None = None) -> tuple[QImage, float]:
    """`spec` drawn at `scale` (or `dpi`), and the DPI to record in its PNG."""
    s = scale_for(scale, dpi)
    figure = Figure(spec)
    try:
        return figure.image(s), dpi or SCREEN_DPI * s
    finally:
        figure.close()


def vector_bytes(fmt: str, size: tuple[int, int], paint, title: str = "", description: str = "") -> bytes:
    """A one-page SVG or PDF of `size` px (a px is 1/96 inch, as on screen; text stays text), drawn
    by `paint(painter, rect)`.

    SVG comes from Qt's QSvgGenerator rather than pyqtgraph's SVGExporter, which fails on the closed
    paths ("… Z") Qt 6.11 writes (pyqtgraph issue #3495). Both devices work at 96 dpi, as pyqtgraph's
    axes record their pictures: at 72 they would replay shrunk by 3/4. An SVG's font families are
    made portable (vector.portable_fonts); matrices are drawn as rectangles (vector.CellImage).
    """
    data, buffer = _buffer()
    w, h = size
    if fmt == "svg":
        from PySide6.QtSvg import QSvgGenerator

        device = QSvgGenerator()
        device.setOutputDevice(buffer)
        device.setResolution(round(SCREEN_DPI))
        device.setSize(QSize(w, h))
        device.setViewBox(QRectF(0, 0, w, h))
        device.setTitle(title)
        device.setDescription(description)
    elif fmt == "pdf":
        device = QPdfWriter(buffer)
        device.setResolution(round(SCREEN_DPI))
        points = QSizeF(w * 72 / SCREEN_DPI, h * 72 / SCREEN_DPI)
        device.setPageLayout(QPageLayout(QPageSize(points, QPageSize.Unit.Point, "figure"),
                                         QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        device.setCreator("Transformer Explorer")
        device.setTitle(title)
    else:
        raise UserError(translate("export", "{format} is not a vector format: choose svg or pdf").format(format=repr(fmt)))
    painter = QPainter(device)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint(painter, QRectF(0, 0, w, h))
    painter.end()
    buffer.close()
    if fmt == "svg":
        from explorer.fonts import register_bundled_font

        return portable_fonts(bytes(data.data()), register_bundled_font())
    return bytes(data.data())


def svg_bytes(figure: Figure) -> bytes:
    """The figure as SVG: token labels and titles stay text, the matrices' cells are rectangles."""
    return vector_bytes("svg", figure.size, figure.paint, figure.spec.name, figure.spec.caption)


def pdf_bytes(figure: Figure) -> bytes:
    """The figure as a one-page PDF of its size, text as text."""
    return vector_bytes("pdf", figure.size, figure.paint, figure.spec.name)


def csv_bytes(spec: FigureSpec) -> bytes:
    """The figure's one matrix (or the one its `data` names) as CSV (UTF-8 with BOM, so spreadsheets read the Chinese tokens):
    a header row of column labels, then one row per matrix row, led by its label."""
    panels = spec.panels
    if spec.data is None and len(panels) != 1:
        raise UserError(f"CSV holds one matrix, and {spec.name} has {len(panels)}; choose one head (--head) "
                        "or a one-matrix view (enc.self/dec.self/dec.cross with --head, pe, ffn, logits, probs)")
    panel, row_axis, col_axis = spec.data or (panels[0], spec.row_axis, spec.col_axis)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    corner = f"{row_axis} \\ {col_axis}".strip(" \\")
    # dimension axes are labelled sparsely on screen; every column gets its index here
    cols = panel.cols if panel.col_tokens else [str(i) for i in range(panel.matrix.shape[1])]
    writer.writerow([corner] + list(cols))
    for label, row in zip(panel.rows, panel.matrix):
        writer.writerow([label] + [f"{float(v):.6g}" for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def figure_bytes(figure: Figure, fmt: str, scale: float | None = None, dpi: float | None = None) -> bytes:
    if fmt == "png":
        return png_bytes(figure, scale, dpi)
    if fmt == "svg":
        return svg_bytes(figure)
    if fmt == "pdf":
        return pdf_bytes(figure)
    if fmt == "csv":
        return csv_bytes(figure.spec)
    raise UserError(translate("export", "cannot export a figure as {format}: choose one of png, svg, pdf, csv").format(
        format=repr(fmt)))


def write(path, data: bytes) -> Path:
    """Write `data` to `path` atomically; a UserError (and no file) if that fails."""
    path = Path(path)
    if path.is_dir():
        raise UserError(translate("export", "cannot write {path}: it is a folder").format(path=path))
    try:
        atomic_write_bytes(path, data)
    except UserError:
        raise
    except OSError as e:          # e.g. a read-only file system, or a file where a folder should be
        raise UserError(translate("export", "cannot write {path}: {reason}").format(path=path, reason=e.strerror or e)) from None
    return path


def export_figure(spec: FigureSpec, path, fmt: str | None = None, scale: float | None = None,
                  dpi: float | None = None) -> Path:
    """Draw `spec` and write it to `path` as `fmt` (default: from the suffix)."""
    fmt = fmt or format_from_suffix(path)
    if fmt == "csv":
        return write(path, csv_bytes(spec))
    figure = Figure(spec)
    try:
        return write(path, figure_bytes(figure, fmt, scale, dpi))
    finally:
        figure.close()


def format_from_suffix(path, default: str | None = None) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    if default:
        return default
    raise UserError(f"cannot tell the format of {path}: give --format or a suffix ({', '.join(FORMATS)})")


# --- decoding animation -------------------------------------------------------------------------
def animation_images(frames: list[FigureSpec], scale: float = 1.0) -> list[QImage]:
    """Every frame drawn in one figure, updated in place (pad the frames to one shape first)."""
    if not frames:
        raise UserError("nothing to animate: the decoder took no step")
    figure = Figure(frames[-1])
    try:
        images = []
        for spec in frames:
            figure.update(spec)
            images.append(figure.image(scale))
        return images
    finally:
        figure.close()


def _pil(image: QImage):
    try:
        from PIL import Image
    except ImportError:
        raise UserError("GIF export needs Pillow: pip install pillow") from None

    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    stride = image.bytesPerLine()
    raw = bytes(image.constBits())[: stride * h]
    return Image.frombuffer("RGB", (w, h), raw, "raw", "RGB", stride, 1).copy()


def gif_bytes(images: list[QImage], seconds_per_frame: float = 1.0) -> bytes:
    """An animated GIF (Pillow), one frame per image, looping."""
    frames = [_pil(i).quantize(colors=255, method=2) for i in images]   # method 2: fast octree
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:],
                   duration=round(seconds_per_frame * 1000), loop=0, disposal=1, optimize=False)
    return out.getvalue()


def strip_bytes(images: list[QImage], gap: int = 8) -> bytes:
    """The frames side by side as one PNG (a strip for a slide or a paper)."""
    from PySide6.QtGui import QColor

    from .figures import BACKGROUND

    w = sum(i.width() for i in images) + gap * (len(images) - 1)
    h = max(i.height() for i in images)
    strip = QImage(w, h, QImage.Format.Format_RGB32)
    strip.fill(QColor(BACKGROUND))
    painter = QPainter(strip)
    x = 0
    for image in images:
        painter.drawImage(x, 0, image)
        x += image.width() + gap
    painter.end()
    return image_png_bytes(strip)
