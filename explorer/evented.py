"""A change notice without Qt, for the explorer's plain state (glue's callback properties, napari's
evented models): `connect` a callback, `emit` a value, and every callback runs at once.

It behaves as a Qt signal with direct connections does, so that views bind to it as they would to
one: callbacks run in connection order in the emitting thread (the state is changed on the GUI
thread only: workers hand their results over by Qt signal first); a callback that takes fewer
arguments gets the first ones (a `refresh()` can listen to `head_changed`); a callback that raises
goes to `sys.excepthook`, as PySide does, and the others still run; a method of a widget that Qt has
destroyed is disconnected (Qt drops such connections itself). Qt's own slots (whose signatures
Python cannot read) get every argument.
"""
from __future__ import annotations

import inspect
import sys
from typing import Callable


def _arity(callback: Callable) -> int | None:
    """How many positional arguments `callback` takes (None: any number, or unknown)."""
    try:
        params = inspect.signature(callback).parameters.values()
    except (TypeError, ValueError):
        return None
    n = 0
    for p in params:
        if p.kind == p.VAR_POSITIONAL:
            return None
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            n += 1
    return n


class Signal:
    """One field's change notice: `connect(callback)`, `disconnect(callback)`, `emit(*values)`."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._callbacks: list[tuple[Callable, int | None]] = []

    def connect(self, callback: Callable) -> None:
        self._callbacks.append((callback, _arity(callback)))

    def disconnect(self, callback: Callable | None = None) -> bool:
        """Forget `callback` (every callback if None); False when it was not connected."""
        before = len(self._callbacks)
        self._callbacks = [] if callback is None else [(c, n) for c, n in self._callbacks if c != callback]
        return len(self._callbacks) < before

    def emit(self, *values) -> None:
        for callback, n in list(self._callbacks):       # a callback may connect or disconnect others
            try:
                callback(*(values if n is None else values[:n]))
            except RuntimeError as e:
                if "already deleted" in str(e):      # a widget Qt has destroyed: gone, as Qt would drop it
                    self.disconnect(callback)
                else:
                    sys.excepthook(*sys.exc_info())
            except Exception:
                sys.excepthook(*sys.exc_info())

    def __len__(self) -> int:
        """How many callbacks listen."""
        return len(self._callbacks)

    def __repr__(self) -> str:
        return f"<Signal {self.name} ({len(self)} connected)>"


class Signals:
    """A set of named Signals, one per field: `Signals("sentence_changed", "head_changed")`."""

    def __init__(self, *names: str) -> None:
        for name in names:
            setattr(self, name, Signal(name))


class Fields:
    """Plain fields that announce their changes (glue's CallbackProperty): a subclass lists its
    fields with their defaults in FIELDS and may clamp a value in `clamp_<field>`; setting a field to
    a new value emits `events.<field>_changed(value)`, setting it to the value it has emits nothing."""

    FIELDS: dict = {}

    def __init__(self, **values) -> None:
        object.__setattr__(self, "events", Signals(*(f + "_changed" for f in self.FIELDS)))
        for name, default in self.FIELDS.items():
            object.__setattr__(self, name, default)
        for name, value in values.items():
            setattr(self, name, value)

    def __setattr__(self, name: str, value) -> None:
        if name not in self.FIELDS:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}")
        clamp = getattr(self, "clamp_" + name, None)
        if clamp is not None:
            value = clamp(value)
        if getattr(self, name) == value:
            return
        object.__setattr__(self, name, value)
        getattr(self.events, name + "_changed").emit(value)
