"""A load run: gunicorn (2 workers) on 127.0.0.1 driven by wrk, page by page.

Each target gets a short untimed warm-up, then `duration` seconds of wrk
(2 threads, 8 connections). Reported per target: requests per second,
median and 99th-percentile latency, and errors (connection errors, timeouts
and every response outside 2xx). The floor is /bench/floor, a constant text
response with no database access and no template, on the same server: the
ratio page/floor says how much of the framework's capacity a page leaves.
After the run, each worker's resident memory is read from /proc.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")


@dataclass
class LoadResult:
    name: str
    path: str
    page_cache: bool
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx responses, connection errors and timeouts

    def as_dict(self):
        return asdict(self)


class LoadError(RuntimeError):
    """The load run could not start; the message says what is missing."""


def server_environment(database_url, *, page_cache=True):
    """Production-like settings for the server under load, with a throwaway key."""
    env = dict(os.environ)
    env.update(
        # Production settings plus the bench app, for the /bench/floor page.
        DJANGO_SETTINGS_MODULE="claimsdb.settings_bench",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
    )
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    else:
        env.pop("PAGE_CACHE_SECONDS", None)
    # Checked by hand per run: a leaked dev setting would skew everything.
    for name in ("WHITENOISE_USE_FINDERS", "STATIC_NO_MANIFEST"):
        env.pop(name, None)
    return env


def stop_process(process, *, grace=20):
    """Ask a server we started to stop (SIGTERM), killing it after `grace` seconds."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with `workers` sync workers, stopped on exit."""

    def __init__(self, *, database_url, workers=2, port=None, log_path=None, page_cache=True):
        self.port = port or free_port()
        self.workers = workers
        self.env = server_environment(database_url, page_cache=page_cache)
        self.log_path = log_path
        self.process = None
        self.log = None

    def __enter__(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        if not gunicorn.exists():
            raise LoadError(f"gunicorn is not installed next to {sys.executable}.")
        if self.log_path:
            self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "claimsdb.wsgi",
                f"--workers={self.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--error-logfile=-",
                "--log-level=warning",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self.log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_up()
        return self

    def __exit__(self, *exc):
        stop_process(self.process)
        if self.log:
            self.log.close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def _wait_until_up(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LoadError(
                    f"gunicorn exited with status {self.process.returncode}; see its log."
                )
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise LoadError(f"gunicorn did not answer /healthz within {timeout} s.")

    def worker_pids(self):
        return children_of(self.process.pid)

    def worker_memory(self):
        """Resident and peak resident memory (MB) of each worker, from /proc."""
        return [
            {
                "pid": pid,
                "rss_mb": proc_memory_mb(pid, "VmRSS"),
                "peak_mb": proc_memory_mb(pid, "VmHWM"),
            }
            for pid in self.worker_pids()
        ]


def children_of(pid):
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(children)


def proc_memory_mb(pid, field="VmRSS"):
    """A memory figure of a process from /proc/<pid>/status, in MB (None if gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def wrk_path():
    path = shutil.which("wrk")
    if path is None:
        raise LoadError("wrk is not installed (Debian: apt-get install wrk; make load does it).")
    return path


def run_wrk(url, *, duration=10, threads=2, connections=8):
    """wrk's figures for one URL, as a dict (see wrk_report.lua)."""
    completed = subprocess.run(
        [
            wrk_path(),
            f"--threads={threads}",
            f"--connections={connections}",
            f"--duration={duration}s",
            "--timeout=10s",
            f"--script={WRK_SCRIPT}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return parse_wrk(completed.stdout)


def parse_wrk(output):
    for line in output.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line.removeprefix("WRK_JSON "))
    raise LoadError(f"wrk printed no figures:\n{output[-2000:]}")


def load_result(name, path, figures, page_cache=True):
    seconds = figures["duration_us"] / 1e6
    errors = (
        figures["non2xx"]
        + figures["connect_errors"]
        + figures["read_errors"]
        + figures["write_errors"]
        + figures["timeouts"]
    )
    return LoadResult(
        name=name,
        path=path,
        page_cache=page_cache,
        requests_per_second=round(figures["requests"] / seconds, 1) if seconds else 0.0,
        p50_ms=round(figures["p50_us"] / 1000, 1),
        p99_ms=round(figures["p99_us"] / 1000, 1),
        requests=figures["requests"],
        errors=errors,
    )


def load_run(
    *,
    database_url,
    targets,
    duration=10,
    warmup=2,
    workers=2,
    threads=2,
    connections=8,
    log=None,
    server_log=None,
    page_cache=True,
):
    """Drive each target in turn; returns the results and the workers' memory."""
    log = log or (lambda message: None)
    wrk_path()
    results = []
    load = {"threads": threads, "connections": connections}
    server = Server(
        database_url=database_url, workers=workers, log_path=server_log, page_cache=page_cache
    )
    with server:
        state = "on" if page_cache else "off"
        log(
            f"gunicorn with {server.workers} workers on 127.0.0.1:{server.port}, page cache {state}"
        )
        for name, path in targets.items():
            if path is None:
                log(f"{name}: no page to load")
                continue
            if warmup:
                run_wrk(server.url(path), duration=warmup, **load)
            figures = run_wrk(server.url(path), duration=duration, **load)
            result = load_result(name, path, figures, page_cache)
            log(
                f"{name:<32} {result.requests_per_second:>8.1f} req/s  "
                f"p50 {result.p50_ms:>6.1f} ms  p99 {result.p99_ms:>7.1f} ms  "
                f"errors {result.errors}"
            )
            results.append(result)
        memory = server.worker_memory()
    return results, memory
