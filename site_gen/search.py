"""The Pagefind search index, built in memory from rendered statement pages."""

from __future__ import annotations

import base64
import json
import subprocess
from collections.abc import Sequence
from typing import IO, Any

from pagefind.service import get_executable

from site_gen.errors import BuildFailed, Problem

FOLDER = "pagefind"
INDEXED_PREFIX = "statements/"  # only statement pages are search results
_SKIPPED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


def is_indexed(output_path: str) -> bool:
    return output_path.startswith(INDEXED_PREFIX) and output_path.endswith("index.html")


def build_index(pages: Sequence[tuple[str, str, bytes]], language: str) -> list[tuple[str, bytes]]:
    """(path below the output, bytes) of the index for (output path, link, HTML) pages.

    Talks to `pagefind --service` (the binary from `pagefind[bin]`) directly, one request and
    one reply at a time: the package's own asyncio client waits 0.1 s per reply, which would
    cost minutes on a large site. Pages go in one by one, so the index is the same every time.
    """
    executable = get_executable()
    if executable is None:
        raise BuildFailed([_problem("the pagefind binary is not installed")])
    try:
        with subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        ) as process:
            service = _Service(process)
            index_id = service.send({"type": "NewIndex", "config": _config(language)})["index_id"]
            for _, link, html in pages:
                service.send(
                    {
                        "type": "AddFile",
                        "index_id": index_id,
                        "file_path": None,
                        "url": link,
                        "file_contents": html.decode("utf-8"),
                    }
                )
            files = service.send({"type": "GetFiles", "index_id": index_id})["files"]
            process.stdin.close()  # type: ignore[union-attr]
    except (OSError, ValueError, KeyError) as exc:
        raise BuildFailed([_problem(str(exc))]) from exc
    return sorted(
        (f"{FOLDER}/{f['path']}", base64.b64decode(f["content"]))
        for f in files
        if not f["path"].startswith(_SKIPPED)
    )


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
