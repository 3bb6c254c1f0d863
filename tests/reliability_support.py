"""A real gunicorn on loopback for the reliability tests (bounded waits; always stopped)."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, path: str, body=None, headers=None, timeout: float = 10) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


@contextmanager
def gunicorn(env: dict, stderr_path: Path, workers: int = 2, ready_timeout: float = 90):
    """Start gunicorn with GERP_NLP_* settings; yield (process, port) once /readyz answers 200."""
    port = free_port()
    e = {k: v for k, v in os.environ.items() if not k.startswith("GERP_NLP_")}
    e.update({"GERP_NLP_BIND": f"127.0.0.1:{port}", "GERP_NLP_WORKERS": str(workers), **env})
    with open(stderr_path, "w") as err:
        proc = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
                                 "api:create_app()"], cwd=ROOT, env=e, stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {stderr_path.read_text()[-2000:]}")
            try:
                if request(port, "/readyz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not become ready")
            time.sleep(0.2)
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
