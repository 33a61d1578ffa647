"""Starting a server process on loopback and waiting until it answers (tests and benchmarks)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_ready(url: str, proc: subprocess.Popen[bytes], *, timeout: float = 120.0) -> None:
    """Poll `url` until it answers 200; raise with the server's own output if it exits or times out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            output = proc.stderr.read().decode(errors="replace")[-2000:] if proc.stderr else ""
            proc.kill()
            raise RuntimeError(f"server at {url} did not become ready: {output}")
        time.sleep(0.2)


@contextmanager
def serving(env: dict[str, str], *, workers: int = 1, timeout: float = 180.0) -> Iterator[str]:
    """`tcloud serve` in a child process with `env`; yields its URL once /readyz answers, and stops
    it afterwards. Raises RuntimeError (with the server's output) if it never becomes ready."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port),
                             "--workers", str(workers)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{url}/readyz", proc, timeout=timeout)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
