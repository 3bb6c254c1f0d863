"""Shared by the reliability scripts: a model to serve, gunicorn on loopback, process memory."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def model_dir(source: Path | None = None) -> Path:
    """A private copy of the model to serve (models/ by default; trained there first if missing)."""
    source = source or ROOT / "models"
    if not (source / "appeals.joblib").is_file():
        print(f"no model in {source}: training the default one ...", file=sys.stderr)
        subprocess.run([str(VENV_BIN / "gerp-nlp"), "train", "--out", str(source / "appeals.joblib"), "--quiet"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    d = Path(tempfile.mkdtemp(prefix="gerp-rel-"))
    for f in source.iterdir():
        if f.name.startswith("appeals") and f.is_file():
            shutil.copy(f, d / f.name)
    return d


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port: int, method: str, path: str, body=None, headers=None, timeout: float = 30):
    """One request on a new connection (gunicorn's sync workers do not keep connections alive)."""
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@contextmanager
def gunicorn(models: Path, workers: int = 2, extra_env: dict | None = None, log_path: Path | None = None):
    """gunicorn with the project's config on 127.0.0.1; yields (process, port) once ready."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GERP_NLP_")}
    env.update({"GERP_NLP_MODELS_DIR": str(models), "GERP_NLP_BIND": f"127.0.0.1:{port}",
                "GERP_NLP_WORKERS": str(workers), **(extra_env or {})})
    log_path = log_path or Path(tempfile.mkstemp(prefix="gerp-rel-", suffix=".log")[1])
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "api:create_app()"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log_path.read_text()[-2000:]}")
            try:
                if call(port, "GET", "/readyz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not become ready in 120 s")
            time.sleep(0.2)
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def processes(master_pid: int):
    import psutil

    master = psutil.Process(master_pid)
    return master, master.children()


def rss_mb(master_pid: int) -> dict:
    """Resident memory of the master and each worker, in MB (unique set size where available)."""
    master, workers = processes(master_pid)
    out = {"master": master.memory_info().rss / 2**20}
    for w in workers:
        try:
            info = w.memory_full_info()
            out[f"worker {w.pid}"] = info.rss / 2**20
            out[f"worker {w.pid} uss"] = info.uss / 2**20
        except Exception:  # the worker exited in between
            pass
    return out


def machine() -> str:
    import platform

    cpus = os.cpu_count()
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor()
    return f"{cpus} CPUs ({model}), Python {platform.python_version()}, {platform.system()} {platform.release()}"
