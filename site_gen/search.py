"""The Pagefind search index, built in memory from rendered statement pages."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from pagefind.service import PagefindService

from site_gen.errors import BuildFailed, Problem

FOLDER = "pagefind"
INDEXED_PREFIX = "statements/"  # only statement pages are search results
_SKIPPED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


def is_indexed(output_path: str) -> bool:
    return output_path.startswith(INDEXED_PREFIX) and output_path.endswith("index.html")


def build_index(pages: Sequence[tuple[str, str, bytes]], language: str) -> list[tuple[str, bytes]]:
    """(path below the output, bytes) of the index for (output path, link, HTML) pages."""
    try:  # in a thread of its own: the caller may be running an event loop (serve, tests)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, _index(pages, language)).result()
    except (OSError, RuntimeError, AssertionError) as exc:
        raise BuildFailed(
            [
                Problem(
                    "pagefind",
                    1,
                    1,
                    f"the search index could not be built: {exc}",
                    "reinstall site-gen so that pagefind[bin] is present",
                )
            ]
        ) from exc


async def _index(pages: Sequence[tuple[str, str, bytes]], language: str) -> list[tuple[str, bytes]]:
    service = await PagefindService().launch()
    try:
        index = await service.create_index({"force_language": language.split("-")[0]})
        for _, link, html in pages:  # one by one, so that the index is the same every time
            await index.add_html_file(content=html.decode("utf-8"), url=link)
        files = await index.get_files()
    finally:
        await service.close()
    return sorted(
        (f"{FOLDER}/{f['path']}", bytes(f["content"]))
        for f in files
        if not f["path"].startswith(_SKIPPED)
    )
