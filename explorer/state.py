"""What the explorer shows, as one plain object: the views read it and write user input back to it.

Glue-style: the fields are plain Python, and `events` carries one explorer.evented.Signal per field
so views can subscribe (handlers are named `_on_<field>_changed`). No Qt and no widget here: it is
tested without either (tests/test_window_state.py).
"""
from __future__ import annotations

from core.config import Ablations
from core.decoding_settings import DecodingSettings
from core.token_labels import readable_labels

from core.summaries import AVERAGE_OF_HEADS

from .evented import Signals
from .stages import Stage, as_architecture, build_stages

MODES = ("inference", "training")
ATTENTION_TABS = ("pipeline", "heads", "neuron")   # one head's pipeline, all heads · concat · W_O, one query row


class StateEvents(Signals):
    """One signal per field, emitted with the new value."""

    FIELDS = (
        "sentence",            # str
        "trace",               # core.trace.Trace
        "stage_index",         # int
        "head",                # int
        "query_row",           # int
        "hovered_token",       # ("src" | "tgt", index) or None
        "hover_text",          # str
        "message",             # str
        "mode",                # "inference" | "training"
        "ablations",           # core.config.Ablations
        "decoding_settings",   # DecodingSettings
        "snapshot",            # decoding.session.Snapshot: the decoder's steps so far
        "translation",         # str: the snapshot's greedy translation arrived (after the snapshot)
        "training",            # core.teacher_forcing.TeacherForcing
        "target_text",         # str: the target typed for teacher forcing ("" = the model's)
        "bars_k",              # int: how many candidates the output panel shows
        "alignment",           # (layer, head): what the alignment view shows; head AVERAGE_OF_HEADS = the mean
        "attention_tab",       # what an attention stage shows: "pipeline" | "heads" | "neuron"
        "mask_fill",           # core.fill_mask.MaskFill: BERT's guesses at each [MASK]
    )

    def __init__(self) -> None:
        super().__init__(*(f + "_changed" for f in self.FIELDS))


class ExplorerState:
    """Sentence, current trace, stage, head, selected query row, hovered token, message."""

    def __init__(self, n_layers, n_heads: int, tgt_vocab: list[str] | None = None):
        """`n_layers`: the model's Architecture (or, for the bundled shape, a layer count)."""
        self.events = StateEvents()
        self.arch = as_architecture(n_layers)
        self.n_layers, self.n_heads = self.arch.n_layers, n_heads
        self.tgt_vocab = self._readable(tgt_vocab or [])   # the output words, as the axes show them
        self.stages: list[Stage] = build_stages(self.arch)
        self._sentence = ""
        self._trace = None
        self._stage_index = 0
        self._head = 0
        self._query_row = 0
        self._hovered_token = None
        self._hover_text = ""
        self._message = ""
        self._mode = "inference"
        self._ablations = Ablations()
        self._decoding_settings = DecodingSettings()
        self._snapshot = None
        self._training = None
        self._target_text = ""
        self._bars_k = 10
        self._alignment = (max(0, self.arch.layers("dec") - 1), AVERAGE_OF_HEADS)
        self._attention_tab = "pipeline"
        self._mask_fill = None

    def _set(self, field: str, value, clamp=None) -> None:
        if clamp is not None:
            value = clamp(value)
        if getattr(self, "_" + field) == value and field != "trace":
            return
        setattr(self, "_" + field, value)
        getattr(self.events, field + "_changed").emit(value)

    sentence = property(lambda self: self._sentence, lambda self, v: self._set("sentence", str(v)))
    hover_text = property(lambda self: self._hover_text, lambda self, v: self._set("hover_text", str(v)))
    message = property(lambda self: self._message, lambda self, v: self._set("message", str(v)))
    hovered_token = property(lambda self: self._hovered_token, lambda self, v: self._set("hovered_token", v))
    ablations = property(lambda self: self._ablations, lambda self, v: self._set("ablations", v))
    decoding_settings = property(lambda self: self._decoding_settings,
                                 lambda self, v: self._set("decoding_settings", v))
    target_text = property(lambda self: self._target_text, lambda self, v: self._set("target_text", str(v)))
    bars_k = property(lambda self: self._bars_k, lambda self, v: self._set("bars_k", int(v), lambda k: max(1, min(50, k))))

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        if mode == self._mode:
            return
        self._set("mode", mode)
        shown = self._snapshot.shown_step if mode == "inference" and self._snapshot else self._training
        if shown is not None:
            self.trace = shown.trace

    @property
    def snapshot(self):
        """The inference decoder's steps so far; in inference mode the trace of the step it shows is
        `trace`: the current one, or, once <eos> is written, the step that wrote it (<eos> is never
        read by the decoder, so it is no input row)."""
        return self._snapshot

    #: a new snapshot puts the query row on the position being written (GPT-2 continuing a text: the
    #: last row is the step, the prompt's rows come before it); set with the trace, so views refresh once
    follow_written_row = False

    @snapshot.setter
    def snapshot(self, snapshot) -> None:
        self._snapshot = snapshot
        self.events.snapshot_changed.emit(snapshot)
        if self._mode == "inference" and snapshot is not None:
            if self.follow_written_row:
                self._query_row = len(snapshot.shown_step.prefix) - 1
            self.trace = snapshot.shown_step.trace

    def set_translation(self, result) -> None:
        """The greedy translation of the snapshot's sentence (a `Translation`, the session's second
        result); ignored when the snapshot has moved on to another sentence or other ablations."""
        snap = self._snapshot
        if snap is None or snap.text != result.text or snap.ablations != result.ablations:
            return
        if snap.translation == result.translation:
            return
        snap.translation = result.translation
        self.events.translation_changed.emit(result.translation)

    @property
    def mask_fill(self):
        """BERT's guesses at each [MASK] of the text and the pass that made them; its trace is `trace`."""
        return self._mask_fill

    @mask_fill.setter
    def mask_fill(self, fill) -> None:
        self._mask_fill = fill
        if fill is not None:
            self.trace = fill.trace
            if fill.positions and self._query_row not in fill.positions:
                self.query_row = fill.positions[0]      # the views show the row the guesses come from
        self.events.mask_fill_changed.emit(fill)

    @property
    def training(self):
        """The teacher-forced run; in training mode its trace is `trace`."""
        return self._training

    @training.setter
    def training(self, result) -> None:
        self._training = result
        self.events.training_changed.emit(result)
        if self._mode == "training" and result is not None:
            self.trace = result.trace

    @property
    def trace(self):
        return self._trace

    @trace.setter
    def trace(self, trace) -> None:
        self._trace = trace
        self._query_row = min(self._query_row, max(0, self.rows() - 1))
        # what was hovered described the last trace ("query student, key am"): gone with it
        self.hover_text = ""
        self.hovered_token = None
        self.events.trace_changed.emit(trace)

    @property
    def stage_index(self) -> int:
        return self._stage_index

    @stage_index.setter
    def stage_index(self, i: int) -> None:
        self._set("stage_index", int(i), lambda v: max(0, min(len(self.stages) - 1, v)))
        self._query_row = min(self._query_row, max(0, self.rows() - 1))
        self._follow_cross_attention()

    @property
    def head(self) -> int:
        return self._head

    @head.setter
    def head(self, h: int) -> None:
        self._set("head", int(h), lambda v: max(0, min(self.n_heads - 1, v)))
        self._follow_cross_attention()

    @property
    def alignment(self) -> tuple[int, int]:
        """(decoder layer, head) the alignment view shows; head AVERAGE_OF_HEADS is the heads' mean.
        It follows the stage and head while a cross-attention stage is selected; otherwise it stays
        where the user put it (at first: the last layer, the heads' average)."""
        return self._alignment

    @alignment.setter
    def alignment(self, value: tuple[int, int]) -> None:
        layer, head = (int(v) for v in value)
        layer = max(0, min(max(0, self.layers("dec") - 1), layer))
        head = head if head == AVERAGE_OF_HEADS else max(0, min(self.n_heads - 1, head))
        self._set("alignment", (layer, head))

    @property
    def attention_tab(self) -> str:
        """What an attention stage shows: one head's "pipeline", all "heads" with the concat and W_O,
        or the "neuron" view of one query row (Export current view exports this one)."""
        return self._attention_tab

    @attention_tab.setter
    def attention_tab(self, tab: str) -> None:
        if tab not in ATTENTION_TABS:
            raise ValueError(f"attention_tab must be one of {ATTENTION_TABS}, not {tab!r}")
        self._set("attention_tab", tab)

    def _follow_cross_attention(self) -> None:
        if self.stage.box == "dec.cross":
            self.alignment = (self.stage.layer, self._head)

    @property
    def query_row(self) -> int:
        return self._query_row

    @query_row.setter
    def query_row(self, r: int) -> None:
        self._set("query_row", int(r), lambda v: max(0, min(max(0, self.rows() - 1), v)))

    @property
    def stage(self) -> Stage:
        return self.stages[self._stage_index]

    @property
    def layer(self) -> int | None:
        return self.stage.layer

    def tokens(self, side: str) -> list[str]:
        """The tokens of `side` as the model reads them (chips, keys), readable (core.token_labels)."""
        if self._trace is None:
            return []
        return self._readable(self._trace.src_tokens if side == "src" else self._trace.tgt_tokens)

    def row_tokens(self, side: str) -> list[str]:
        """Labels of the rows (queries) of `side`: a decoder row says what it predicts ("am → a")."""
        return [] if self._trace is None else self._readable(self._trace.row_tokens(side))

    def _readable(self, labels) -> list[str]:
        return readable_labels(labels, self.arch.tokenizer)

    def rows(self) -> int:
        """How many query rows the current stage has."""
        return len(self.tokens(self.stage.side))

    # stepping -----------------------------------------------------------------------------------
    def step(self, delta: int) -> None:
        self.stage_index = self._stage_index + delta

    def jump_layer(self, delta: int) -> None:
        """The same sub-layer one layer up (delta=1) or down; across the embedding at the ends."""
        s = self.stage
        if s.layer is not None:
            target = s.layer + delta
            for i, other in enumerate(self.stages):
                if other.box == s.box and other.layer == target:
                    self.stage_index = i
                    return
        # no such layer: go to the first stage of the next/previous layer group
        step = 1 if delta > 0 else -1
        i = self._stage_index + step
        while 0 <= i < len(self.stages):
            o = self.stages[i]
            if o.layer != s.layer or o.stack != s.stack:
                if step < 0:  # land on the first stage of that group
                    while i > 0 and self.stages[i - 1].layer == o.layer and self.stages[i - 1].stack == o.stack:
                        i -= 1
                self.stage_index = i
                return
            i += step
        self.stage_index = 0 if delta < 0 else len(self.stages) - 1

    def select_box(self, box: str, layer: int | None = None) -> None:
        """Go to the stage a model-map block stands for, in `layer` (default: the current layer)."""
        if layer is None:
            layer = self.layer if self.layer is not None else 0
        matches = [i for i, s in enumerate(self.stages) if s.box == box]
        for i in matches:
            if self.stages[i].layer in (layer, None):
                self.stage_index = i
                return
        if matches:      # a deeper layer than this stack has: its last layer
            below = [i for i in matches if self.stages[i].layer is not None and self.stages[i].layer < layer]
            self.stage_index = below[-1] if below else matches[0]

    def layers(self, stack: str) -> int:
        """How many layers `stack` has (0: the model has no such stack)."""
        return self.arch.layers(stack)

    def select_layer(self, stack: str, layer: int) -> None:
        """Same sub-layer in another layer of `stack` (or its first sub-layer when leaving another stack)."""
        s = self.stage
        if s.stack == stack and s.layer is not None:
            box = s.box
        else:
            box = next(st.box for st in self.stages if st.stack == stack and st.layer is not None)
        self.select_box(box, layer)
