"""nlp/files.py: crash-safe writes that keep the mode a plain open() would give."""
import os
import stat

from nlp.files import write_atomic


def test_written_file_is_readable_by_others_under_the_usual_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "x.json", b"{}")
    finally:
        os.umask(old)
    assert (tmp_path / "x.json").read_bytes() == b"{}"
    assert stat.S_IMODE((tmp_path / "x.json").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]  # no temp file left behind
