"""Positional-encoding lab (notes §六): the model's own positions — the paper's interleaved sinusoids,
Marian's half/half ones, BERT's and GPT-2's learned tables — the linear relation PE(pos+k) = M_k·PE(pos)
(exact for sinusoids, a least-squares fit for any table), and the repeated word 他和他的她 with
positional encoding switched off and on."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from core.labs import positional

from ..i18n import translate
from .plots import (DIVERGING, PENS, FollowsSentenceWhenShown, MatrixPlot, ablations_sentence, canvas, caption,
                    curve, line_plot, scrolling_page, set_title)
from ..binding import bind_checked, bind_text, bind_value
from .runner import LabRunner
from .state import PositionalState

M_K_SHOWN = 32      # M_k is d×d; beyond this many dimensions only its top-left corner is drawn
COMPARE_SHOWN = 64  # dimensions drawn in the PE(pos+k) / M_k·PE(pos) comparison (the error covers all)


def parse_dimensions(text: str, d_model: int) -> list[int]:
    """'0, 1, 10-11' -> [0, 1, 10, 11], kept inside 0 … d_model−1, at most 8."""
    dims = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        try:
            if "-" in part:
                a, b = (int(x) for x in part.split("-", 1))
                dims.extend(range(a, b + 1))
            elif part:
                dims.append(int(part))
        except ValueError:
            continue
    return [d for d in dict.fromkeys(dims) if 0 <= d < d_model][:8]


def _labelled(text: str, widget: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel(text))
    row.addWidget(widget)
    return box


class PositionalLab(FollowsSentenceWhenShown, QWidget):
    """The PE matrix, its curves and similarity; M_k and the shift error; the repeated-word demo."""

    def __init__(self, translator, sentence: str | None = None, parent=None):
        super().__init__(parent)
        self.translator = translator
        cfg = translator.cfg
        arch = translator.arch
        if sentence is None:
            sentence = positional.DEMO_SENTENCE if arch.is_seq2seq else positional.TEXT_DEMO_SENTENCE
        self.runner = LabRunner(self)
        self.runner.result_ready.connect(self._on_repeated_ready)
        self.runner.failed.connect(self._on_repeated_failed)
        self.relation_runner = LabRunner(self)
        self.relation_runner.result_ready.connect(self._on_relation_ready)
        self.relation_runner.failed.connect(self._on_relation_failed)
        self.repeated: positional.RepeatedWord | None = None
        self.shift: positional.ShiftCheck | None = None
        self.relation: positional.LinearRelation | None = None
        self.positions = positional.model_positions(translator)       # the model's own table
        self.layout_kind = self.positions.kind if self.positions.sinusoidal else positional.INTERLEAVED
        self.stack = arch.stacks[0]

        # controls ---------------------------------------------------------------------------
        rows = len(self.positions.table) if self.positions.table is not None else 1024
        self.length = QSpinBox(minimum=2, maximum=min(rows, 1024) if self.positions.learned else 1024,
                               value=min(64, rows))
        self.d_model = QSpinBox(minimum=2, maximum=1024, singleStep=2, value=cfg.d_model + cfg.d_model % 2)
        self.base = QDoubleSpinBox(minimum=2.0, maximum=1e8, decimals=0, value=cfg.pe_base)
        self.base.setToolTip(translate("PositionalLab", "the 10000 of the formula: sets the longest wavelength (2π·base positions)"))
        for formula_only in (self.d_model, self.base):            # a learned table has no formula
            formula_only.setEnabled(not self.positions.learned)
        self.dimensions = QLineEdit(self._default_dimensions(arch.d_model))
        self.dimensions.setToolTip(translate("PositionalLab", "dimensions to plot across positions, e.g. 0, 1, 10-11"))
        self.normalise = QCheckBox(translate("PositionalLab", "cosine similarity"), checked=True)
        self.pos = QSpinBox(minimum=0, maximum=100000, value=3)
        self.k = QSpinBox(minimum=-1000, maximum=1000, value=5)
        self.sentence = QLineEdit(sentence)
        self.pe_on = QCheckBox(translate("PositionalLab", "positional encoding on"), checked=False)
        self.layer = QSpinBox(minimum=0, maximum=arch.layers(self.stack) - 1, value=0)
        self.positions_label = caption(self.positions.describe())
        self.state = st = PositionalState(arch.layers(self.stack), d_model=self.d_model.value(), base=cfg.pe_base,
                                          sentence=sentence, length=self.length.value(),
                                          dimensions=self.dimensions.text())
        for widget, field in ((self.length, "length"), (self.d_model, "d_model"), (self.pos, "pos"),
                              (self.k, "k"), (self.layer, "layer")):
            bind_value(widget, st, field)
        bind_value(self.base, st, "base", float)
        bind_text(self.dimensions, st, "dimensions")
        bind_text(self.sentence, st, "sentence")
        bind_checked(self.normalise, st, "normalise")
        bind_checked(self.pe_on, st, "pe_on")

        # plots ------------------------------------------------------------------------------
        self.pe_canvas = canvas()
        dims_axis = {positional.INTERLEAVED: translate("PositionalLab", "dimension (2i: sin, 2i+1: cos)"),
                     positional.HALF: translate("PositionalLab", "dimension (first half: sin, second half: cos)")}.get(
            self.positions.kind, translate("PositionalLab", "dimension"))
        self.pe_plot = MatrixPlot(self.pe_canvas.ci, 0, 0, translate("PositionalLab", "PE matrix"),
                                  translate("PositionalLab", "position pos"), dims_axis, colormap=DIVERGING, symmetric=True)
        self.similarity_plot = MatrixPlot(self.pe_canvas.ci, 0, 1, "PE·PEᵀ", translate("PositionalLab", "position"),
                                          translate("PositionalLab", "position"))
        self.dims_plot = line_plot(self.pe_canvas.ci, 1, 0, translate("PositionalLab", "chosen dimensions across positions"),
                                   translate("PositionalLab", "PE(pos, dim)"), translate("PositionalLab", "position pos"), colspan=2, legend_offset=(-8, 4))
        self.dim_curves: list[pg.PlotDataItem] = []

        self.shift_canvas = canvas()
        self.m_k_plot = MatrixPlot(self.shift_canvas.ci, 0, 0, "M_k", translate("PositionalLab", "row"), translate("PositionalLab", "column"),
                                   colormap=DIVERGING, symmetric=True)
        self.compare_plot = line_plot(self.shift_canvas.ci, 0, 1, translate("PositionalLab", "PE(pos+k) and M_k·PE(pos)"),
                                      translate("PositionalLab", "value"), translate("PositionalLab", "dimension"), legend_offset=(-8, -8))
        learned = self.positions.learned
        self.formula_curve = curve(self.compare_plot, 0, translate("PositionalLab", "P[pos+k], the model's table") if learned
                                   else translate("PositionalLab", "PE(pos+k), from the formula"))
        self.predicted_curve = self.compare_plot.plot([], [], pen=None, symbol="o", symbolSize=5,
                                                      symbolBrush=PENS[1], symbolPen=None,
                                                      name=translate("PositionalLab", "M_k · P[pos], fitted") if learned else "M_k · PE(pos)")
        self.error_label = caption()
        self.relation_plot = line_plot(self.shift_canvas.ci, 1, 0, translate("PositionalLab", "least-squares M_k: held-out residual"),
                                       translate("PositionalLab", "relative residual (log)"), "k (log)", log_x=True, log_y=True, colspan=2)
        self.relation_curves = {      # the model's last, on top (a sinusoidal model's lies on the sinusoids')
            "sinusoids": curve(self.relation_plot, 2, translate("PositionalLab", "sinusoids of the same size"), symbol="t"),
            "random": curve(self.relation_plot, 7, translate("PositionalLab", "random vectors of the same size"), dashed=True),
            "model": curve(self.relation_plot, 0, translate("PositionalLab", "positions of {name}").format(name=self.positions.name), symbol="o")}
        self.relation_label = caption(translate("PositionalLab", "fitting M_k by least squares …"))

        self.repeat_canvas = canvas()
        self.diff_plot = line_plot(self.repeat_canvas.ci, 0, 0, translate("PositionalLab", "max |Δ| between the repeated tokens"),
                                   "max |Δ|", translate("PositionalLab", "encoder layer") if self.stack == "enc"
                                   else translate("PositionalLab", "decoder layer"))
        self.out_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=PENS[0],
                                        name=translate("PositionalLab", "layer output enc.i.out") if self.stack == "enc"
                                        else translate("PositionalLab", "layer output {stack}.i.out").format(stack=self.stack))
        self.att_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=PENS[3], name=translate("PositionalLab", "attention row"))
        for bars in (self.out_bars, self.att_bars):
            self.diff_plot.addItem(bars)                # the legend picks up the bars' names
        self.rows_plot = MatrixPlot(self.repeat_canvas.ci, 0, 1, translate("PositionalLab", "attention rows"),
                                    translate("PositionalLab", "query"), translate("PositionalLab", "key"))
        self.verdict = caption()
        self.ablations_label = caption()

        self._build_layout()

        # wiring: every control has one handler; sentence edits are debounced --------------------
        ev = st.events
        for signal in (ev.length_changed, ev.d_model_changed, ev.base_changed):
            signal.connect(self._on_matrix_params_changed)
        ev.dimensions_changed.connect(self._on_dimensions_changed)
        ev.normalise_changed.connect(self._on_normalise_changed)
        ev.pos_changed.connect(self._on_shift_changed)
        ev.k_changed.connect(self._on_shift_changed)
        self._sentence_timer = QTimer(self, singleShot=True, interval=300)
        self._sentence_timer.timeout.connect(self._submit_repeated)
        ev.sentence_changed.connect(self._on_sentence_changed)
        ev.pe_on_changed.connect(self._on_pe_on_changed)
        ev.layer_changed.connect(self._on_layer_changed)

        self._on_matrix_params_changed()
        self._submit_repeated()
        if self.positions.table is not None:
            self.relation_runner.submit(positional.linear_relation, self.positions.table)
        else:
            self.relation_label.setText(self.positions.describe())

    def _default_dimensions(self, d: int) -> str:
        """A few sin/cos pairs that share a frequency (the first columns of a learned table)."""
        if self.positions.learned:
            return "0, 1, 2, 3"
        if self.layout_kind == positional.HALF:
            h = d // 2
            return ", ".join(str(x) for x in (0, h, 3, h + 3, 10, h + 10) if x < d)
        return "0, 1, 6, 7, 20, 21"

    def _build_layout(self) -> None:
        root = scrolling_page(self)
        self.pe_canvas.setMinimumHeight(480)
        self.shift_canvas.setMinimumHeight(520)
        self.repeat_canvas.setMinimumHeight(320)
        titles = {positional.INTERLEAVED: translate("PositionalLab", "Positional encoding: PE(pos, 2i) = sin(pos/base^(2i/d)), "
                                                    "PE(pos, 2i+1) = cos(pos/base^(2i/d))"),
                  positional.HALF: translate("PositionalLab", "Positional encoding (Marian): PE(pos, i) = sin(pos/base^(2i/d)), "
                                             "PE(pos, d/2 + i) = cos(pos/base^(2i/d))"),
                  "learned": translate("PositionalLab", "Positional encoding: the learned table P[pos] of {name}").format(
                      name=self.positions.name)}
        matrix_box = QGroupBox(titles.get(self.positions.kind, translate("PositionalLab", "Positional encoding: this model has none; "
                                                                    "the paper's formula below")))
        v = QVBoxLayout(matrix_box)
        v.addWidget(self.positions_label)
        controls = QHBoxLayout()
        for text, w in ((translate("PositionalLab", "positions"), self.length), ("d_model", self.d_model),
                        ("base", self.base), (translate("PositionalLab", "dimensions"), self.dimensions)):
            controls.addWidget(_labelled(text, w))
        controls.addWidget(self.normalise)
        controls.addStretch(1)
        v.addLayout(controls)
        v.addWidget(self.pe_canvas)
        root.addWidget(matrix_box, 5)

        bottom = QHBoxLayout()
        shift_box = QGroupBox(translate("PositionalLab", "Linear relation: PE(pos + k) = M_k · PE(pos), M_k the same for every pos")
                              if not self.positions.learned else
                              translate("PositionalLab", "Linear relation: is there one M_k with P[pos + k] ≈ M_k · P[pos] for every pos?"))
        v = QVBoxLayout(shift_box)
        controls = QHBoxLayout()
        controls.addWidget(_labelled("pos", self.pos))
        controls.addWidget(_labelled("k", self.k))
        controls.addStretch(1)
        v.addLayout(controls)
        v.addWidget(self.shift_canvas)
        v.addWidget(self.error_label)
        v.addWidget(self.relation_label)
        bottom.addWidget(shift_box, 1)

        repeat_box = QGroupBox(translate("PositionalLab", "The repeated word: can attention tell the two 他 apart?")
                               if self.translator.arch.is_seq2seq
                               else translate("PositionalLab", "The repeated word: can attention tell two copies of a token apart?"))
        v = QVBoxLayout(repeat_box)
        controls = QHBoxLayout()
        controls.addWidget(_labelled(translate("PositionalLab", "sentence"), self.sentence), 1)
        controls.addWidget(self.pe_on)
        controls.addWidget(_labelled(translate("PositionalLab", "layer"), self.layer))
        v.addLayout(controls)
        v.addWidget(self.repeat_canvas)
        v.addWidget(self.verdict)
        v.addWidget(self.ablations_label)
        bottom.addWidget(repeat_box, 1)
        root.addLayout(bottom, 4)

    # PE matrix, similarity, curves ---------------------------------------------------------------
    def pe(self) -> np.ndarray:
        """What the matrix shows: the model's own table (its first `length` positions) — for sinusoids
        while d_model and base are the model's — else the formula in the model's layout."""
        st, table = self.state, self.positions.table
        if table is not None and (self.positions.learned or (
                st.even_d_model == table.shape[1] and st.base == self.positions.base and st.length <= len(table))):
            return table[:min(st.length, len(table))]
        return positional.pe_matrix(st.length, st.even_d_model, st.base, self.layout_kind)

    def shows_model_table(self) -> bool:
        table = self.positions.table
        pe = self.pe()
        return table is not None and pe.shape[1] == table.shape[1] and np.array_equal(pe, table[:len(pe)])

    def _on_matrix_params_changed(self, *_):
        pe = self.pe()
        if self.positions.learned:
            top = float(np.abs(pe).max()) or 1.0
            self.pe_plot.set_matrix(pe, levels=(-top, top))
            set_title(self.pe_plot.plot, translate("PositionalLab", "learned positions P of {name} ({n} × {d})").format(
                name=self.positions.name, n=pe.shape[0], d=pe.shape[1]))
        else:
            self.pe_plot.set_matrix(pe, levels=(-1.0, 1.0))
            d, base = self.state.even_d_model, self.state.base
            longest = positional.wavelengths(d, base)[-1]
            bundled = self.translator.arch.family == "bundled"
            title = (translate("PositionalLab", "{name}'s own PE matrix ({n} × {d}); wavelengths 2π … {longest} positions")
                     if self.shows_model_table() and not bundled else
                     translate("PositionalLab", "PE matrix ({n} × {d}); wavelengths 2π … {longest} positions"))
            set_title(self.pe_plot.plot, title.format(name=self.positions.name, n=pe.shape[0], d=d,
                                                      longest=f"{longest:,.0f}"))
        self._on_normalise_changed()
        self._on_dimensions_changed()
        self._on_shift_changed()

    def _on_normalise_changed(self, *_):
        normalise = self.state.normalise
        sim = positional.pe_similarity(self.pe(), normalise=normalise)
        self.similarity_plot.set_matrix(sim)
        set_title(self.similarity_plot.plot, translate("PositionalLab", "cosine similarity of PE(i), PE(j)") if normalise
                                           else translate("PositionalLab", "PE·PEᵀ (dot products)"))

    def _on_dimensions_changed(self, *_):
        pe = self.pe()
        dims = parse_dimensions(self.state.dimensions, pe.shape[1])
        for c in self.dim_curves:
            self.dims_plot.removeItem(c)
        self.dims_plot.legend.clear()
        self.dim_curves = []
        for j, dim in enumerate(dims):
            if self.positions.learned:
                name = translate("PositionalLab", "dim {dim}").format(dim=dim)
            else:
                wave, i = positional.dimension_wave(dim, pe.shape[1], self.layout_kind)
                freqs = positional.frequencies(pe.shape[1], self.state.base)
                name = translate("PositionalLab", "dim {dim}: {fn}, λ={wavelength}").format(
                    dim=dim, fn=wave, wavelength=f"{2 * np.pi / freqs[i]:.3g}")
            c = curve(self.dims_plot, j, name)
            c.setData(np.arange(pe.shape[0]), pe[:, dim])
            self.dim_curves.append(c)
        if self.positions.learned:
            self.dims_plot.enableAutoRange(axis="y")
        else:
            self.dims_plot.setYRange(-1.05, 1.05, padding=0)

    # linear relation -----------------------------------------------------------------------------
    def _on_shift_changed(self, *_):
        pos, k = self.state.pos, self.state.k
        if pos + k < 0:
            self.error_label.setText(translate("PositionalLab", "pos + k = {sum} is not a position: choose k ≥ −pos.").format(sum=pos + k))
            return
        if self.positions.learned:
            self._show_fitted_shift(pos, k)
            return
        d = self.state.even_d_model
        self.shift = check = positional.shift_check(pos, k, d, self.state.base, self.layout_kind)
        n = min(d, M_K_SHOWN)
        self.m_k_plot.set_matrix(check.m_k[:n, :n], levels=(-1.0, 1.0))
        if self.layout_kind == positional.INTERLEAVED or n != d:
            shown = (translate("PositionalLab", "M_{k} ({d}×{d}, block diagonal)") if n == d
                     else translate("PositionalLab", "M_{k}: top-left {n}×{n} of {d}×{d}")).format(k=k, d=d, n=n)
        else:
            shown = translate("PositionalLab", "M_{k} ({d}×{d}, 2×2 blocks on (i, d/2 + i))").format(k=k, d=d)
        set_title(self.m_k_plot.plot, shown)
        shown_dims = min(d, COMPARE_SHOWN)
        dims = np.arange(shown_dims)
        self.formula_curve.setData(dims, check.pe_shifted[:shown_dims])
        self.predicted_curve.setData(dims, check.predicted[:shown_dims])
        which = "" if shown_dims == d else translate("PositionalLab", ", dims 0–{last} of {d}").format(last=shown_dims - 1, d=d)
        set_title(self.compare_plot, translate("PositionalLab", "PE({shifted}) and M_{k}·PE({pos})").format(
            shifted=pos + k, k=k, pos=pos) + which)
        self.error_label.setText(translate(
            "PositionalLab", "max |PE({pos}+{k}) − M_{k}·PE({pos})| = {error} over {d} dimensions "
            "(float32 rounding: the model stores PE in float32). Each 2×2 block rotates one (sin, cos) "
            "pair by the angle k·ω_i, whatever pos is.").format(pos=pos, k=k, error=f"{check.max_error:.1e}", d=d))

    def _show_fitted_shift(self, pos: int, k: int) -> None:
        """A learned table: M_k is the least-squares fit (`positional.LinearFit`), shown for this pos."""
        r = self.relation
        if r is None:
            self.error_label.setText(translate("PositionalLab", "fitting M_k by least squares …"))
            return
        fit, n = r.fit, len(r.fit.table)
        if not 1 <= k <= fit.k_max or pos + k >= n:
            self.error_label.setText(translate("PositionalLab", "For the least-squares fit choose k from 1 to {k_max} and "
                                               "pos + k below {n} (the table has {n} positions).").format(k_max=fit.k_max, n=n))
            return
        m_k = fit.m_k(k)
        d = m_k.shape[0]
        shown = min(d, M_K_SHOWN)
        self.m_k_plot.set_matrix(m_k[:shown, :shown])
        set_title(self.m_k_plot.plot, (translate("PositionalLab", "least-squares M_{k}") if shown == d else
                                       translate("PositionalLab", "least-squares M_{k}: top-left {n}×{n} of {d}×{d}")).format(
            k=k, n=shown, d=d))
        target, predicted = fit.table[pos + k], m_k @ fit.table[pos]
        dims_shown = min(d, COMPARE_SHOWN)
        dims = np.arange(dims_shown)
        self.formula_curve.setData(dims, target[:dims_shown])
        self.predicted_curve.setData(dims, predicted[:dims_shown])
        which = "" if dims_shown == d else translate("PositionalLab", ", dims 0–{last} of {d}").format(last=dims_shown - 1, d=d)
        set_title(self.compare_plot, translate("PositionalLab", "P[{shifted}] and M_{k}·P[{pos}]").format(
            shifted=pos + k, k=k, pos=pos) + which)
        fitted, held = fit.residuals(k, m_k)
        seen = (translate("PositionalLab", "fitted") if pos in set(fit.fitted.tolist())
                else translate("PositionalLab", "held out") if pos % 2 else translate("PositionalLab", "not fitted"))
        self.error_label.setText(translate(
            "PositionalLab", "pos {pos} is {seen}: ‖P[{shifted}] − M_{k}·P[{pos}]‖ / ‖P[{shifted}]‖ = {error}. "
            "Over every pos: {fitted} on the fitted (even) positions, {held} on the held-out (odd) ones.").format(
            pos=pos, seen=seen, shifted=pos + k, k=k, error=f"{positional._relative(target, predicted):.2g}",
            fitted=f"{fitted:.2g}", held=f"{held:.2g}"))

    def _on_relation_ready(self, _generation, relation: positional.LinearRelation) -> None:
        self.relation = relation
        for name, c in self.relation_curves.items():
            c.setData(relation.ks, getattr(relation, name))
        self.relation_plot.setXRange(-0.05, np.log10(relation.ks[-1]) + 0.05, padding=0)
        k = int(relation.ks[0])
        fit = relation.fit
        few = (translate("PositionalLab", " With {n} fitted positions for {d} dimensions any table fits those exactly, "
                         "so only the held-out residual, beside the references, says something.").format(
            n=len(fit.fitted), d=relation.d_model) if fit.underdetermined else "")
        if self.positions.learned:
            self.k.setRange(1, fit.k_max)
            self.pos.setRange(0, len(fit.table) - 2)
            self._on_shift_changed()
        self.relation_label.setText(translate(
            "PositionalLab", "The notes' test on {name}'s own {positions} positions: one M_k fitted by least squares "
            "on the even positions, judged on the odd ones it never saw — relative residual {model} at k = {k} "
            "(sinusoids of the same size: {sinusoids}; random vectors: {random}; 0 would be an exact linear "
            "relation).").format(name=self.positions.name, positions=relation.positions, model=f"{relation.model[0]:.2g}",
                                 k=k, sinusoids=f"{relation.sinusoids[0]:.2g}", random=f"{relation.random[0]:.2g}") + few)

    def _on_relation_failed(self, _generation, message: str) -> None:
        self.relation_label.setText(message)

    # repeated word -------------------------------------------------------------------------------

    def _on_sentence_changed(self, _text):
        self._sentence_timer.start()

    def _submit_repeated(self) -> None:
        self._sentence_timer.stop()
        self.verdict.setText(translate("PositionalLab", "computing …"))
        self.runner.submit(positional.repeated_word, self.translator, self.state.sentence)

    def _on_repeated_ready(self, _generation, result: positional.RepeatedWord) -> None:
        self.repeated = result
        self._show_repeated()

    def _on_repeated_failed(self, _generation, message: str) -> None:
        self.repeated = None
        self.rows_plot.clear(translate("PositionalLab", "attention rows"))
        self.verdict.setText(message)
        self.out_bars.setOpts(x=[], height=[])
        self.att_bars.setOpts(x=[], height=[])

    def _on_pe_on_changed(self, _on):
        self._show_repeated()

    def _on_layer_changed(self, _layer):
        self._show_repeated()

    def mode(self) -> str:
        return self.state.mode

    def _show_repeated(self) -> None:
        r = self.repeated
        if r is None:
            return
        mode = self.mode()
        self.ablations_label.setText(ablations_sentence(r.ablations[mode]) + " " + translate(
            "PositionalLab", "(the switch above sets PE; the rest of the model is unchanged)"))
        out, att = r.diff_out[mode], r.diff_attention[mode]
        layers = np.arange(len(out))
        self.out_bars.setOpts(x=layers - 0.2, height=out)
        self.att_bars.setOpts(x=layers + 0.2, height=att)
        top = max(r.largest_diffs("pe_on")) or 1.0
        self.diff_plot.setYRange(0, top * 1.1, padding=0)       # the PE-on scale, so bars visibly vanish
        self.diff_plot.setXRange(-0.6, len(out) - 0.4, padding=0)
        if not r.has_repeats:
            self.rows_plot.clear(translate("PositionalLab", "attention rows: no repeated token"))
            self.verdict.setText(translate("PositionalLab", "No token occurs twice in «{sentence}»: type a sentence with a "
                                           "repeated character, e.g. 他和他的她.").format(sentence="".join(r.tokens)))
            return
        p, q = r.pairs[0]
        layer = self.state.layer
        self.rows_plot.set_matrix(r.attention_rows[mode][layer], levels=(0.0, r.row_scale(layer)))
        self.rows_plot.set_ticks(rows=[f"{r.tokens[p]}@{p}", f"{r.tokens[q]}@{q}"], cols=r.tokens)
        set_title(self.rows_plot.plot, translate("PositionalLab", "attention rows of {p} and {q}, layer {layer}, mean of heads").format(
            p=p, q=q, layer=layer))
        which = ", ".join(translate("PositionalLab", "{token} at {positions}").format(token=f"«{tok}»", positions=", ".join(map(str, ps)))
                          for tok, ps in r.groups.items())
        out_max, att_max = r.largest_diffs(mode)
        worst = max(out_max, att_max)
        if mode == "pe_off" and r.causal and not r.identical(mode):
            verdict = translate("PositionalLab", "max |Δ| = {out} in the layer outputs even without positions: behind "
                                "the causal mask each copy sees a different prefix, so a decoder-only model tells them "
                                "apart by the mask alone.").format(out=f"{out_max:.3g}")
        elif worst == 0:
            verdict = translate("PositionalLab", "max |Δ| = 0 exactly, at every layer, for the outputs and the attention rows: attention "
                                "alone cannot tell them apart.")
        elif r.identical(mode):
            verdict = translate("PositionalLab", "max |Δ| = {worst}: identical up to float32 rounding (the matrix kernel adds these "
                                "rows in a different order) — attention alone cannot tell them apart.").format(worst=f"{worst:.1e}")
        else:
            verdict = translate("PositionalLab", "max |Δ| = {out} in the layer outputs, {att} in the attention rows: "
                                "their positions make them different.").format(out=f"{out_max:.3g}", att=f"{att_max:.3g}")
        state = (translate("PositionalLab", "Positional encoding ON. Repeated: {which}. {verdict}") if mode == "pe_on"
                 else translate("PositionalLab", "Positional encoding OFF. Repeated: {which}. {verdict}"))
        self.verdict.setText(state.format(which=which, verdict=verdict))

    def stop(self) -> None:
        self.runner.stop()
        self.relation_runner.stop()
