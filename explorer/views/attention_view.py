"""Attention stages (encoder self-, decoder masked self-, cross-attention), laid bare.

Three tabs: the pipeline of the selected head (X → Q, K, V → QKᵀ → ÷√d_k → + M → softmax → ·V = Z),
all heads with the concat and × W_O, and the neuron view of one query row.
"""
from __future__ import annotations

from core.summaries import any_masked, joint_range, minus_inf_as_nan

from .. import descriptions as D
from ..i18n import translate
from ..idle_builder import Stepwise
from ..stages import attention_query_input
from ..tab_widget import TabWidget
from .axes import ColourBar, index_labels
from .base import StageView, plot_canvas
from .heatmap import COLORMAP, Heatmap, format_value
from .neuron_view import NeuronView

def heads_per_row(n: int) -> int:
    """Up to 8 heads side by side (twice the size of a 4 × 2 grid), else two rows."""
    return n if n <= 8 else -(-n // 2)


subscript = D.subscript


class AttentionView(StageView):
    kinds = ("attention",)

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.tabs = TabWidget()
        self.layout_.addWidget(self.tabs)

        # --- pipeline of one head (its heatmaps built a few at a time: ensure_pipeline) ---
        self.pipeline = plot_canvas()
        self._pipeline_build = Stepwise(self._build_pipeline)
        self.tabs.addTab(self.pipeline, translate("AttentionView", "Pipeline of one head"))

        # --- all heads, concat, W_O (its heatmaps built when first needed: ensure_heads) ---
        self.heads_canvas = plot_canvas()
        self.head_maps: list[Heatmap] = []
        self.concat = self.out = None
        self._heads_build = Stepwise(self._build_heads)
        self.tabs.addTab(self.heads_canvas, translate("AttentionView", "All heads · concat · W_O"))

        # --- neuron view ---
        self.neuron = NeuronView(state)
        self.tabs.addTab(self.neuron, translate("AttentionView", "Neuron view (one query)"))
        self._tab_widgets = {"pipeline": self.pipeline, "heads": self.heads_canvas, "neuron": self.neuron}
        self.tabs.setCurrentWidget(self._tab_widgets[state.attention_tab])
        self.tabs.currentChanged.connect(self._on_tab_picked)
        state.events.attention_tab_changed.connect(self._on_attention_tab_changed)

    def ensure_pipeline(self) -> None:
        """Build the pipeline tab's heatmaps now (the view's first show), if the idle builder has not."""
        self._pipeline_build.finish()

    def _build_pipeline(self):
        """The pipeline tab, a heatmap at a time (a generator: see Stepwise; all nine at once held
        the event loop for one idle step of 130–340 ms on a loaded machine)."""
        state = self.state
        top = self.pipeline.ci.addLayout(row=0, col=0)
        bottom = self.pipeline.ci.addLayout(row=1, col=0)
        self.x = Heatmap(top, 0, 0, "X", state, self._dims_describer("X"), square=False)
        yield
        self.q = Heatmap(top, 0, 1, "Q", state, self._dims_describer("q"), colorbar=False, square=False)
        yield
        self.k = Heatmap(top, 0, 2, "K", state, self._dims_describer("k", keys=True), colorbar=False, square=False)
        yield
        self.v = Heatmap(top, 0, 3, "V", state, self._dims_describer("v", keys=True), square=False)
        self.v.share_colorbar(self.q, self.k)      # Q, K, V on one scale
        top.layout.setColumnStretchFactor(0, 2)
        yield
        self.scores = Heatmap(bottom, 0, 0, "QKᵀ", state, self._cell_describer("QKᵀ"), on_click=self._pick_row)
        yield
        self.scaled = Heatmap(bottom, 0, 1, "QKᵀ / √d_k", state, self._cell_describer("QKᵀ/√d_k"),
                              on_click=self._pick_row)
        yield
        # + M adds 0 or −∞ to ÷ √d_k: one scale and one colour bar for both (the nine panels must fit
        # a 1400-px window's width)
        self.masked = Heatmap(bottom, 0, 2, "QKᵀ/√d_k + M", state, self._cell_describer("QKᵀ/√d_k + M"),
                              on_click=self._pick_row, colorbar=False)
        self.masked.plot.layout.setColumnFixedWidth(4, 0)
        yield
        self.weights = Heatmap(bottom, 0, 3, "softmax(QKᵀ/√d_k + M)", state,
                               self._cell_describer(translate("AttentionView", "weight")), on_click=self._pick_row)
        yield
        # each row of Z is a weighted mean of V's rows: Z on V's scale (Q, K, V's colour bar)
        self.z = Heatmap(bottom, 0, 4, "Z = softmax(…)·V", state, self._dims_describer("z"), square=False,
                         colorbar=False)
        self.z.plot.layout.setColumnFixedWidth(4, 0)

    def ensure_heads(self) -> None:
        """Build the all-heads tab's heatmaps now (its first show), if the idle builder has not."""
        self._heads_build.finish()

    def _build_heads(self):
        """The all-heads tab, a head at a time (a generator: see Stepwise)."""
        state = self.state
        grid = self.heads_canvas.ci.addLayout(row=0, col=0)
        n = state.n_heads
        per_row = heads_per_row(n)
        self.heads_canvas.ci.layout.setRowStretchFactor(0, 3)
        self.heads_canvas.ci.layout.setRowStretchFactor(1, 2)
        for h in range(n):
            hm = Heatmap(grid, h // per_row, h % per_row, translate("AttentionView", "head {head}").format(head=h), state,
                         self._cell_describer(translate("AttentionView", "weight"), head=h), colorbar=False,
                         on_click=lambda r, c, h=h: self._pick_head(h))
            self.head_maps.append(hm)
            yield
        # one colour bar for every head, in a column of its own (inside the last head's plot it made
        # that head narrower than the others)
        self.heads_bar = ColourBar(COLORMAP, width=10)
        grid.addItem(self.heads_bar, row=0, col=per_row, rowspan=-(-n // per_row))
        self.heads_bar.setImageItem([hm.image for hm in self.head_maps])
        self.heads_bar.setLevels((0.0, 1.0))
        tail = self.heads_canvas.ci.addLayout(row=1, col=0)
        self.concat = Heatmap(tail, 0, 0, "Concat(Z₀ … Z_h−1)", state, self._concat_describer("concat"))
        yield
        self.out = Heatmap(tail, 0, 1, "MultiHead = Concat · W_O", state, self._dims_describer("output"))

    def deferred_parts(self) -> list:
        return [self._pipeline_build, self._heads_build] + self.neuron.deferred_parts()

    # describing cells ---------------------------------------------------------------------------
    def _names(self):
        stage = self.state.stage
        return stage, self.row_tokens(stage.side), self.tokens(stage.key_side)

    def _cell_describer(self, what, head=None):
        def describe(r, c, v):
            stage, q_tokens, k_tokens = self._names()
            h = self.state.head if head is None else head
            return translate("AttentionView", "head {head}, query {query}, key {key} — {what}: {value}").format(
                head=h, query=self.token_at(q_tokens, r), key=self.token_at(k_tokens, c), what=what, value=format_value(v))
        return describe

    def _dims_describer(self, what, keys=False):
        def describe(r, c, v):
            stage, q_tokens, k_tokens = self._names()
            tokens = k_tokens if keys else q_tokens
            label = translate("AttentionView", "output") if what == "output" else what
            text = translate("AttentionView", "{what} of {token}, dim {dim}: {value}").format(
                what=label, token=self.token_at(tokens, r), dim=c, value=format_value(v))
            if what in ("X", "output"):
                return text
            return translate("AttentionView", "head {head}, {text}").format(head=self.state.head, text=text)
        return describe

    def _concat_describer(self, what):
        def describe(r, c, v):
            stage, q_tokens, _ = self._names()
            d_k = max(1, self._d_k())
            return translate("AttentionView", "concat of {token}, dim {dim} (head {head}, z dim {z_dim}): {value}").format(
                token=self.token_at(q_tokens, r), dim=c, head=c // d_k, z_dim=c % d_k, value=format_value(v))
        return describe

    def _d_k(self) -> int:
        trace = self.state.trace
        return trace[self.state.stage.name("q")].shape[-1] if trace is not None else 1

    # user input → state -------------------------------------------------------------------------
    def _pick_row(self, r, c) -> None:
        self.state.query_row = r
        self.state.attention_tab = "neuron"

    def _pick_head(self, h) -> None:
        self.state.head = h
        self.state.attention_tab = "pipeline"

    def _on_tab_picked(self, _i) -> None:
        current = self.tabs.currentWidget()
        self.state.attention_tab = next(k for k, w in self._tab_widgets.items() if w is current)

    # state → view -------------------------------------------------------------------------------
    def _on_attention_tab_changed(self, tab) -> None:
        widget = self._tab_widgets[tab]
        if self.tabs.currentWidget() is not widget:
            self.tabs.setCurrentWidget(widget)
        self.request_refresh()

    def _on_head_changed(self, _h) -> None:
        self.request_refresh()

    def heatmaps(self):
        current = self.tabs.currentWidget()
        if current is self.pipeline:
            self.ensure_pipeline()
            return [self.x, self.q, self.k, self.v, self.scores, self.scaled, self.masked, self.weights, self.z]
        if current is self.heads_canvas:
            self.ensure_heads()
            return self.head_maps + [self.concat, self.out]
        return self.neuron.heatmaps()

    def refresh(self) -> None:
        current = self.tabs.currentWidget()
        if current is self.pipeline:
            self._refresh_pipeline()
        elif current is self.heads_canvas:
            self._refresh_heads()
        # the neuron tab refreshes itself (it is a StageView subscribed to the same state)

    def _refresh_pipeline(self) -> None:
        self.ensure_pipeline()
        stage, q_tok, k_tok = self._names()
        # the square steps between X·W and softmax label a decoder row by its input alone ("am"): their
        # neighbours X, Q and the softmax say "am → a", and five long axes left no room for the cells
        q_in = self.tokens(stage.side)
        trace, h, name = self.state.trace, self.state.head, stage.name
        qs, ks = stage.side, stage.key_side
        d_k = trace[name("q")].shape[-1]
        dims_k = index_labels(d_k, 1 if d_k <= 16 else None)
        x = trace[attention_query_input(stage, self.state.arch)]
        titles = D.pipeline_titles(stage.box, h, d_k, **D.pipeline_facts(trace, stage.box, stage.layer, h))
        for panel in D.PIPELINE_PANELS:
            getattr(self, panel).set_title(titles[panel])
        self.x.set_matrix(x, q_tok, index_labels(x.shape[-1]), row_side=qs)
        qkv = joint_range(trace[name("q")][h], trace[name("k")][h], trace[name("v")][h])
        self.q.set_matrix(trace[name("q")][h], q_tok, dims_k, row_side=qs, levels=qkv)
        self.k.set_matrix(trace[name("k")][h], k_tok, dims_k, row_side=ks, levels=qkv)
        self.v.set_matrix(trace[name("v")][h], k_tok, dims_k, row_side=ks, levels=qkv)
        self.scores.set_matrix(trace[name("scores")][h], q_in, k_tok, row_side=qs, col_side=ks)
        self.scaled.set_matrix(trace[name("scaled")][h], q_in, k_tok, row_side=qs, col_side=ks)
        masked = minus_inf_as_nan(trace[name("masked")][h])
        self.masked.set_matrix(masked, q_in, k_tok, row_side=qs, col_side=ks,          # ÷ √d_k's scale
                               has_masked=any_masked(trace[name("mask")]), levels=self.scaled.colorbar.levels())
        self.weights.set_matrix(trace[name("weights")][h], q_tok, k_tok, row_side=qs, col_side=ks,
                                levels=(0.0, 1.0))
        self.z.set_matrix(trace[name("z")][h], q_in, dims_k, row_side=qs, levels=qkv)     # V's scale
        rows, cols = D.attention_axes(qs, ks)
        self.scores.set_axis_titles(rows, cols)
        self.weights.set_axis_titles(None, cols)            # one rows title a row of panels

    def _refresh_heads(self) -> None:
        self.ensure_heads()
        stage, q_tok, k_tok = self._names()
        q_in = self.tokens(stage.side)          # the heads after the first of a grid row: input alone
        trace, name = self.state.trace, stage.name
        weights = trace[name("weights")]
        per_row = heads_per_row(self.state.n_heads)
        off = D.heads_off(trace, stage.box, stage.layer)            # as this trace ran
        for h, hm in enumerate(self.head_maps):
            shown = h == self.state.head
            title = D.head_title(h, h in off, shown)
            hm.set_title(f"<b>{title}</b>" if shown else title)
            hm.set_matrix(weights[h], q_tok if h % per_row == 0 else q_in, k_tok, row_side=stage.side,
                          col_side=stage.key_side, levels=(0.0, 1.0))
        concat = trace[name("concat")]
        d_k = trace[name("q")].shape[-1]
        self.concat.set_title(D.concat_title(self.state.n_heads, self.state.head, d_k))
        labels = [f"Z{subscript(i // d_k)}" if i % d_k == 0 else "" for i in range(concat.shape[-1])]
        self.concat.set_matrix(concat, q_tok, labels, row_side=stage.side)
        self.out.set_title(D.OUTPUT_TITLE)
        self.out.set_matrix(trace[name("out")], q_tok, index_labels(trace[name("out")].shape[-1]),
                            row_side=stage.side)

