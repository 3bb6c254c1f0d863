"""nlp/memory.py: the heap's free pages go back to the system after a load."""
import platform
import subprocess
import sys

import pytest

from nlp import memory, service
from nlp.rulebook import DEFAULT_RULES
from nlp.service import ServiceState
from tests.conftest import copy_model

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's")
def test_freed_heap_pages_go_back_to_the_system():
    # chunks above Python's small-object size come from glibc; keeping every tenth one leaves holes that
    # glibc keeps (the heap's top is in use) until malloc_trim hands their pages back
    code = """
import sys
from nlp.memory import release_free_heap
def rss():
    return int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0]) // 1024
chunks = [bytes(2000) + i.to_bytes(4, 'little') for i in range(100_000)]
kept = chunks[::10]
del chunks
before = rss()
assert release_free_heap()
print(before, rss())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    before, after = map(int, out.split())
    assert before - after >= 50, (before, after)  # MB: ~180 MB were freed in pieces of 18 kB


def test_without_malloc_trim_it_does_nothing(monkeypatch):
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    assert memory.release_free_heap() is False


def test_a_load_releases_what_it_parsed(model_path, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(service, "release_free_heap", lambda: calls.append(1) or True)
    state = ServiceState(copy_model(model_path, tmp_path / "m"), "appeals.joblib", DEFAULT_RULES)
    state.load()
    assert state.ready and calls == [1]
