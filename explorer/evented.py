"""Change notices for the explorer's plain state, on psygnal (the signals napari's evented models are
built on): `events.<field>_changed` is a psygnal signal emitted with the field's new value.

psygnal does what a Qt signal with direct connections does, without Qt: callbacks run in connection
order (or by `priority`) in the emitting thread (the state is changed on the GUI thread only: workers
hand their results over by Qt signal first); a callback that takes fewer arguments gets the first
ones (a `refresh()` can listen to `head_changed`); methods are held weakly, so a view that is
garbage-collected is dropped. Qt's own slots (whose signatures Python cannot read) get every argument.

One policy is the explorer's, not psygnal's: psygnal stops at a callback that raises and re-raises
it from `emit` as an EmitLoopError, so one broken view would leave the views after it stale and the
setter that emitted half done. Here, as in a Qt slot, the error goes to `sys.excepthook` and the
other callbacks still run; a callback on a widget Qt has destroyed ("already deleted") is
disconnected, as Qt drops such connections itself.
"""
from __future__ import annotations

import sys

from psygnal import Signal, SignalGroup, SignalInstance


class Notice(SignalInstance):
    """psygnal's SignalInstance whose callbacks fail one at a time (see the module's docstring)."""

    def _run_emit_loop_immediate(self) -> None:     # psygnal's emit loop (reemission "immediate")
        args = self._emit_queue.popleft()
        for caller in list(self._slots):             # a callback may connect or disconnect others
            if not caller._is_alive():
                continue
            try:
                caller.cb(args)
            except RuntimeError as e:
                if "already deleted" in str(e):       # a widget Qt has destroyed: gone, as Qt would drop it
                    self.disconnect(caller.dereference())
                else:
                    sys.excepthook(*sys.exc_info())
            except Exception:
                sys.excepthook(*sys.exc_info())


def notice() -> Signal:
    """One field's change notice, sent with the new value."""
    return Signal(object, signal_instance_class=Notice)


def changes(name: str, fields) -> type[SignalGroup]:
    """A SignalGroup class with one notice `<field>_changed` per field."""
    return type(name, (SignalGroup,), {f + "_changed": notice() for f in fields})


class Fields:
    """Plain fields that announce their changes (glue's CallbackProperty): a subclass lists its
    fields with their defaults in FIELDS and may clamp a value in `clamp_<field>`; setting a field to
    a new value emits `events.<field>_changed(value)`, setting it to the value it has emits nothing."""

    FIELDS: dict = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.Events = changes(cls.__name__ + "Events", cls.FIELDS)

    def __init__(self, **values) -> None:
        object.__setattr__(self, "events", self.Events())
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
