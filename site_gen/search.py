"""The Pagefind search index, built in memory from rendered statement pages."""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
from typing import IO, Any

from pagefind.service import get_executable

from site_gen.errors import BuildFailed, Problem

FOLDER = "pagefind"
INDEXED_PREFIX = "statements/"  # only statement pages are search results
_SKIPPED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


def is_indexed(output_path: str) -> bool:
    return output_path.startswith(INDEXED_PREFIX) and output_path.endswith("index.html")


class SearchIndex:
    """The Pagefind index, fed one rendered page at a time (nothing is held for it in memory).

    Talks to `pagefind --service` (the binary from `pagefind[bin]`) directly, one request and
    one reply at a time: the package's own asyncio client waits 0.1 s per reply, which would
    cost minutes on a large site. Pages go in one by one, so the index is the same every time.
    Use it as a context manager: the service stops on the way out, whatever happened.
    """

    def __init__(self, language: str) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        executable = get_executable()
        if executable is None:
            raise BuildFailed([_problem("the pagefind binary is not installed")])
        try:
            self._process = subprocess.Popen(
                [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
            self._service = _Service(self._process)
            reply = self._service.send({"type": "NewIndex", "config": _config(language)})
            self._index_id = reply["index_id"]
        except (OSError, ValueError, KeyError) as exc:
            self.close()
            raise BuildFailed([_problem(str(exc))]) from exc

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, link: str, html: bytes) -> None:
        """Index one page, found at `link` (a root-relative URL)."""
        self._send(
            {
                "type": "AddFile",
                "index_id": self._index_id,
                "file_path": None,
                "url": link,
                "file_contents": html.decode("utf-8"),
            }
        )

    def files(self) -> list[tuple[str, bytes]]:
        """(path below the output, bytes) of every file of the index, in path order."""
        files = self._send({"type": "GetFiles", "index_id": self._index_id})["files"]
        return sorted(
            (f"{FOLDER}/{f['path']}", base64.b64decode(f["content"]))
            for f in files
            if not f["path"].startswith(_SKIPPED)
        )

    def close(self) -> None:
        """Stop the service (it ends when its input closes); idempotent."""
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError, ValueError):
                if stream is not None:
                    stream.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _send(self, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._service.send(payload)
        except (OSError, ValueError, KeyError) as exc:
            raise BuildFailed([_problem(str(exc))]) from exc


def _config(language: str) -> dict[str, Any]:
    return {"force_language": language.split("-")[0]}


class _Service:
    """Requests and replies as base64-encoded JSON, each followed by a comma."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._in: IO[bytes] = process.stdin
        self._out: IO[bytes] = process.stdout
        self._next_id = 0
        self._buffer = b""

    def send(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload})
        self._in.write(base64.b64encode(message.encode("utf-8")) + b",")
        self._in.flush()
        reply = json.loads(base64.b64decode(self._read_until_comma()))
        result: dict[str, Any] = reply["payload"]
        if result.get("type") == "Error":
            raise ValueError(result.get("message", "unknown error"))
        return result

    def _read_until_comma(self) -> bytes:
        while b"," not in self._buffer:  # base64 has no commas: a comma ends a reply
            chunk = self._out.read1(65536)  # type: ignore[attr-defined]
            if not chunk:
                raise OSError("pagefind stopped before it answered")
            self._buffer += chunk
        reply, _, self._buffer = self._buffer.partition(b",")
        return bytes(reply)


def _problem(reason: str) -> Problem:
    return Problem(
        "pagefind",
        1,
        1,
        f"the search index could not be built: {reason}",
        "reinstall site-gen so that pagefind[bin] is present",
    )
