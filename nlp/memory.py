"""Give the C heap's free pages back to the system after a large load.

Loading a rulebook reads its learned weights (``nlp/utterance.py``): tens of MB of text
and numbers that are parsed, copied into tables and let go. glibc keeps freed pages
inside the process: after ``create_app`` a plain process held 314 MB, 282 MB once
``malloc_trim(0)`` handed them back; a gunicorn master, whose workers fork from it,
299.5 and 290 MB (docs/benchmarks.md, session 17). Where the C library has no such call
(musl, macOS) this does nothing.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import lru_cache


@lru_cache(maxsize=1)
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_heap() -> bool:
    """Return the heap's free pages to the system; False where the C library cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
