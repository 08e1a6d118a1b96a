"""Run `site-gen serve` as a subprocess on a free loopback port, collecting what it prints."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Running:
    def __init__(self, process: subprocess.Popen[str], port: int) -> None:
        self.process = process
        self.port = port
        self.base = f"http://127.0.0.1:{port}/"
        self.lines: list[str] = []

    def alive(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        return "\n".join(self.lines)

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def wait_for(self, text: str, times: int = 1, timeout: float = 20) -> None:
        """Wait until `text` has appeared in `times` lines of the server's output."""
        deadline = time.monotonic() + timeout
        while self.count(text) < times:
            if time.monotonic() > deadline or not self.alive():
                raise AssertionError(f"{text!r} not seen {times} times; output:\n{self.log()}")
            time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def run_serve(root: Path, *extra: str) -> Iterator[Running]:
    port = free_port()
    command = [sys.executable, "-m", "site_gen", "serve", "--root", str(root), "--port", str(port)]
    process = subprocess.Popen(
        [*command, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    running = Running(process, port)
    assert process.stdout is not None
    stream = process.stdout

    def pump() -> None:
        for line in stream:
            running.lines.append(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    try:
        _wait_until_up(running)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(running: Running, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not running.alive():
            raise AssertionError(f"serve exited early:\n{running.log()}")
        try:
            with urllib.request.urlopen(running.base, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers: that is all we wait for
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"serve did not answer within {timeout} s:\n{running.log()}")
