"""Emit a result from a worker thread to an object that may have been deleted meanwhile.

A lab, an export queue or a model loader can go away (window closed, lab rebuilt) while its worker
still runs. Emitting a signal of a deleted QObject raises RuntimeError in the worker; the result has
nobody left to go to, so it is dropped rather than printed as a traceback."""
from __future__ import annotations


def emit_from_worker(signal, *args) -> bool:
    """`signal.emit(*args)`; False when the signal's object no longer exists."""
    try:
        signal.emit(*args)
    except RuntimeError:
        return False
    return True
