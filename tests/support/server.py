"""Starting a server process on loopback and waiting until it answers (tests and benchmarks)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Server:
    """A running server process and the URL it answers on."""

    url: str
    process: subprocess.Popen[bytes]


@contextmanager
def _running(command: list[str], env: dict[str, str] | None, ready_path: str, port: int,
             timeout: float, *, quiet: bool = False) -> Iterator[Server]:
    """`quiet`: discard the output too (a server that logs every request would fill the pipe)."""
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL if quiet else subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{url}{ready_path}", proc, timeout=timeout)
        yield Server(url, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def tcloud_server(env: dict[str, str], *, workers: int = 1, timeout: float = 180.0) -> Iterator[Server]:
    """`tcloud serve` in a child process with `env`, once /readyz answers; stopped afterwards (a test
    may kill it first). Raises RuntimeError (with the server's output) if it never becomes ready."""
    port = free_port()
    command = [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", str(workers)]
    with _running(command, env, "/readyz", port, timeout) as server:
        yield server


@contextmanager
def serving(env: dict[str, str], *, workers: int = 1, timeout: float = 180.0) -> Iterator[str]:
    """`tcloud serve` as `tcloud_server` does, yielding its URL."""
    with tcloud_server(env, workers=workers, timeout=timeout) as server:
        yield server.url


@contextmanager
def chroma_serving(directory: Path, *, timeout: float = 60.0) -> Iterator[str]:
    """A Chroma server (`chroma run`, from the same environment) over `directory` on a free loopback
    port; yields its URL (the CHROMA_URL setting) once its heartbeat answers."""
    port = free_port()
    chroma = str(Path(sys.executable).with_name("chroma"))
    command = [chroma, "run", "--path", str(directory), "--host", "127.0.0.1", "--port", str(port)]
    with _running(command, None, "/api/v2/heartbeat", port, timeout, quiet=True) as server:
        yield server.url
