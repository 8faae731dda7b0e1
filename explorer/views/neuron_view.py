"""Neuron view: how one query row of one head is made — q, every k, q⊙k and its sums, ÷√d_k,
softmax, and how the weights mix the v vectors into z."""
from __future__ import annotations

import html

from core.summaries import attention_row, joint_range

from ..i18n import translate
from ..idle_builder import BuiltInSteps
from .base import StageView, plot_canvas
from .axes import index_labels
from .heatmap import Heatmap, format_value


class NeuronView(BuiltInSteps, StageView):
    """Lives inside the attention view (a tab); refreshed by it."""

    kinds = ("attention",)

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.canvas = plot_canvas()
        self.layout_.addWidget(self.canvas)
        self.row: dict = {}

    def _build(self):
        """The heatmaps, one at a time (a generator: see Stepwise)."""
        state = self.state
        top = self.canvas.ci.addLayout(row=0, col=0)
        bottom = self.canvas.ci.addLayout(row=1, col=0)
        d = self._describer
        self.q = Heatmap(top, 0, 0, translate("NeuronView", "q (the query)"), state, d("q", by_key=False), colorbar=False, square=True)
        yield
        self.k = Heatmap(top, 0, 1, translate("NeuronView", "K (every key)"), state, d("k"), square=True)
        self.k.share_colorbar(self.q)
        yield
        self.products = Heatmap(top, 0, 2, translate("NeuronView", "q ⊙ kⱼ (element-wise)"), state, d("q⊙k"), square=True)
        yield
        self.sums = Heatmap(top, 0, 3, "Σ = q·kⱼ", state, d("q·k", dims=False), colorbar=False, square=True)
        yield
        self.scaled = Heatmap(top, 0, 4, "÷ √d_k (+ M)", state, d(translate("NeuronView", "scaled"), dims=False), colorbar=False, square=True)
        yield
        self.weights = Heatmap(top, 0, 5, "softmax", state, d(translate("NeuronView", "weight"), dims=False), square=True)
        yield
        self.v = Heatmap(bottom, 0, 0, translate("NeuronView", "V (every value)"), state, d("v"), colorbar=False, square=True)
        yield
        self.mixed = Heatmap(bottom, 0, 1, "wⱼ · vⱼ", state, d("w·v"), colorbar=False, square=True)
        yield
        self.z = Heatmap(bottom, 0, 2, "z = Σⱼ wⱼ vⱼ", state, d("z", by_key=False), square=True)
        self.z.share_colorbar(self.v, self.mixed)   # v, w·v and z on one scale: see the mixing

    def _describer(self, what, by_key=True, dims=True):
        def describe(r, c, v):
            stage = self.state.stage
            q_tok = self.token_at(self.row_tokens(stage.side), self.state.query_row)
            where = translate("NeuronView", "key {key}").format(key=self.token_at(self.tokens(stage.key_side), r)) if by_key else ""
            dim = translate("NeuronView", "dim {dim}").format(dim=c) if dims else ""
            parts = ", ".join(p for p in (translate("NeuronView", "head {head}").format(head=self.state.head),
                                          translate("NeuronView", "query {query}").format(query=q_tok), where, dim) if p)
            return f"{parts} — {what}: {format_value(v)}"
        return describe

    def _on_head_changed(self, _h) -> None:
        self.request_refresh()

    def _on_query_row_changed(self, _r) -> None:
        self.request_refresh()

    def heatmaps(self):
        self.ensure_built()
        return [self.q, self.k, self.products, self.sums, self.scaled, self.weights, self.v, self.mixed, self.z]

    def refresh(self) -> None:
        self.ensure_built()
        state, trace = self.state, self.state.trace
        if trace is None or state.stage.kind != "attention":
            return
        stage, h, r = state.stage, state.head, state.query_row
        name = stage.name
        q_tok, k_tok = self.row_tokens(stage.side), self.tokens(stage.key_side)
        r = min(r, len(q_tok) - 1)
        ablations = trace.meta.get("ablations", {})
        scale = not ablations.get("no_scale", False)
        off = f"{stage.box}.{stage.layer}.{h}" in ablations.get("heads_off", ())
        self.row = row = attention_row(trace[name("q")][h, r], trace[name("k")][h], trace[name("v")][h],
                                       trace[name("mask")][r], scale=scale, head_off=off)
        d_k = trace[name("q")].shape[-1]
        dims = index_labels(d_k, 1 if d_k <= 16 else None)
        me = [self.token_at(q_tok, r)]
        shown = html.escape(me[0])          # titles are rich text: <bos> must not vanish as a tag
        ks = stage.key_side
        self.q.set_title(translate("NeuronView", "q of “{token}” (head {head})").format(token=shown, head=h))
        qk = joint_range(trace[name("q")][h, r], trace[name("k")][h])
        self.q.set_matrix(trace[name("q")][h, r][None, :], me, dims, levels=qk)
        self.k.set_matrix(trace[name("k")][h], k_tok, dims, row_side=ks, levels=qk)
        self.products.set_matrix(row["products"], k_tok, dims, row_side=ks)
        self.sums.set_matrix(row["scores"][:, None], k_tok, ["Σ"], row_side=ks)
        self.scaled.set_matrix(row["masked_display"][:, None], k_tok, ["÷√d_k"], row_side=ks,
                               has_masked=row["n_masked"] > 0)
        self.weights.set_matrix(row["weights"][:, None], k_tok, ["w"], row_side=ks, levels=(0.0, 1.0))
        vz = joint_range(trace[name("v")][h], row["mixed"], row["z"])
        self.v.set_matrix(trace[name("v")][h], k_tok, dims, row_side=ks, levels=vz)
        self.mixed.set_matrix(row["mixed"], k_tok, dims, row_side=ks, levels=vz)
        self.z.set_title(translate("NeuronView", "z of “{token}” = 0: head {head} switched off").format(token=shown, head=h) if off
                         else translate("NeuronView", "z of “{token}” = Σⱼ wⱼ vⱼ").format(token=shown))
        self.z.set_matrix(row["z"][None, :], me, dims, levels=vz)
