"""The API measured as it runs: gunicorn on loopback, its cold start, latency, load and memory.

Every server here binds 127.0.0.1 on a free port and is stopped (by its own
process id) when the measurement ends; every request loop is bounded in count
and in time.
"""
from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_post.lua"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _get(port: int, path: str, timeout: float = 1.0) -> int:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    finally:
        conn.close()


@contextmanager
def gunicorn(models_dir: Path, workers: int = 2, rules: Path | None = None, log: Path | None = None,
             ready_timeout: float = 60.0, extra_env: dict | None = None):
    """Start ``gunicorn --config gunicorn.conf.py "api:create_app()"``; yield ``(port, pid, cold_start_s)``.

    Cold start is measured from just before the process is spawned to the first
    ``GET /readyz`` that answers 200.
    """
    port = free_port()
    env = dict(os.environ, GERP_NLP_BIND=f"{HOST}:{port}", GERP_NLP_WORKERS=str(workers),
               GERP_NLP_MODELS_DIR=str(models_dir), GERP_NLP_LOG_LEVEL="warning", **(extra_env or {}))
    if rules:
        env["GERP_NLP_RULES"] = str(rules)
    logf = open(log, "ab") if log else subprocess.DEVNULL
    cmd = [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py", "api:create_app()"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=logf, stderr=logf)
    try:
        cold = None
        while time.perf_counter() - t0 < ready_timeout and proc.poll() is None:
            try:
                if _get(port, "/readyz", 0.5) == 200:
                    cold = time.perf_counter() - t0
                    break
            except OSError:
                pass
            time.sleep(0.005)
        if cold is None:
            raise RuntimeError(f"gunicorn did not become ready in {ready_timeout} s (exit code {proc.poll()}); "
                               f"see {log or 'its stderr'}")
        yield port, proc.pid, cold
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if log:
            logf.close()


def latencies(port: int, path: str, bodies: list[bytes], n: int, warmup: int = 100,
              max_seconds: float = 120.0) -> list[float]:
    """One client sending ``n`` requests in turn (keep-alive when the server keeps the
    connection; http.client reconnects when it closes it); milliseconds per request."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    headers = {"Content-Type": "application/json"}
    out: list[float] = []
    deadline = time.perf_counter() + max_seconds
    try:
        for k in range(warmup + n):
            body = bodies[k % len(bodies)]
            t0 = time.perf_counter()
            conn.request("POST", path, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            dt = (time.perf_counter() - t0) * 1000
            if resp.status != 200:
                raise RuntimeError(f"{path}: HTTP {resp.status}")
            if k >= warmup:
                out.append(dt)
            if time.perf_counter() > deadline:
                break
    finally:
        conn.close()
    return out


def wrk(port: int, path: str, bodies_file: Path, connections: int = 32, threads: int = 2,
        seconds: int = 60, max_requests: int = 200_000) -> dict:
    """Run Debian's ``wrk`` with :file:`wrk_post.lua`; its JSON summary plus derived figures."""
    exe = shutil.which("wrk")
    if exe is None:
        raise FileNotFoundError("wrk is not installed: apt-get install wrk")
    cmd = [exe, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", str(WRK_SCRIPT),
           f"http://{HOST}:{port}{path}", "--", str(bodies_file), str(max_requests // threads)]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, check=True)
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("{"))
    out = json.loads(line)
    out["errors_total"] = sum(out["errors"].values())
    out["rps"] = out["requests"] / (out["duration_us"] / 1e6)
    out["command"] = " ".join(cmd[:-2] + ["BODIES", str(max_requests // threads)])
    return out


async def _client(port, path, bodies, deadline, stats, max_requests):
    reader = writer = None
    k = 0
    while time.perf_counter() < deadline and stats["requests"] < max_requests:
        if writer is None:
            reader, writer = await asyncio.open_connection(HOST, port)
        body = bodies[k % len(bodies)]
        k += 1
        head = (f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        t0 = time.perf_counter()
        writer.write(head + body)
        status_line = await reader.readline()
        length, close = 0, False
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        await reader.readexactly(length)
        stats["latency"].append((time.perf_counter() - t0) * 1000)
        stats["requests"] += 1
        if not status_line.startswith(b"HTTP/1.1 200"):
            stats["errors"] += 1
        if close:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def asyncio_load(port: int, path: str, bodies: list[bytes], connections: int = 32, seconds: float = 10.0,
                 max_requests: int = 50_000) -> dict:
    """The same load from a pure-Python asyncio client (to show whether the client is the bottleneck)."""
    stats = {"requests": 0, "errors": 0, "latency": []}

    async def main():
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(_client(port, path, bodies, deadline, stats, max_requests)
                               for _ in range(connections)))

    t0 = time.perf_counter()
    asyncio.run(main())
    wall = time.perf_counter() - t0
    lat = sorted(stats["latency"])
    return {"requests": stats["requests"], "errors": stats["errors"], "rps": stats["requests"] / wall,
            "p50_ms": percentile(lat, 50), "p99_ms": percentile(lat, 99)}


def worker_memory(master_pid: int) -> list[dict]:
    """RSS, and USS/PSS where the kernel gives them, of each worker of a gunicorn master (MB)."""
    import psutil

    out = []
    for child in psutil.Process(master_pid).children():
        try:
            full = child.memory_full_info()
        except psutil.AccessDenied:
            full = child.memory_info()
        out.append({"pid": child.pid, "rss_mb": full.rss / 2**20,
                    "uss_mb": getattr(full, "uss", 0) / 2**20, "pss_mb": getattr(full, "pss", 0) / 2**20})
    return out


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list (``nan`` when empty).

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50), percentile([1.0, 2.0, 3.0, 4.0], 99)
    (2.0, 4.0)
    """
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, -(-len(sorted_values) * p // 100) - 1))
    return sorted_values[int(k)]
