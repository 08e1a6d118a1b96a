"""Forked workers: each chunk runs without the garbage collector, whose garbage is then
collected once and what is left frozen (parallel._collected_once); with no window, a slow
chunk at the head holds back only the results, never the other workers."""

from __future__ import annotations

import gc
import os
import re
import signal
import time
from functools import partial
from pathlib import Path

import pytest

from site_gen import feeds, page_cache, parallel, publish
from site_gen.model import SiteConfig
from site_gen.output import Staging
from site_gen.page_cache import compile_templates, render_all
from site_gen.pages import Page, Planned
from site_gen.render import make_environment, render_page

from conftest import SiteDir, map_each

FREED: list[int] = []  # in each worker, one entry per cycle the collector has freed


class _Cycle:
    def __init__(self) -> None:
        self.me = self  # only the cyclic collector can free it

    def __del__(self) -> None:
        FREED.append(1)


def _chunk_work(item: int) -> tuple[int, bool, int, int]:
    _Cycle()  # garbage at once, but only a collection frees it
    return os.getpid(), gc.isenabled(), len(FREED), gc.get_freeze_count()


def test_a_worker_runs_its_chunks_without_the_collector_and_collects_between_them() -> None:
    assert gc.isenabled()
    results = list(map_each(_chunk_work, range(parallel.MIN_ITEMS), workers=2))
    assert len(results) == parallel.MIN_ITEMS
    assert not any(enabled for _, enabled, _, _ in results)
    by_worker: dict[int, list[tuple[int, int]]] = {}
    for pid, _, freed, frozen in results:
        by_worker.setdefault(pid, []).append((freed, frozen))
    assert os.getpid() not in by_worker
    for seen in by_worker.values():
        # the cycles of each chunk were freed at its end: later chunks see them counted
        assert seen[-1][0] > 0
        assert seen[-1][1] >= seen[0][1]  # what each chunk left was frozen
    assert gc.isenabled()  # this process is untouched


def _one_group(item: int) -> str:
    return "all"


def test_a_long_chunk_is_collected_every_chunk_of_items() -> None:
    # a group is one chunk, however long: its garbage is collected every CHUNK items
    count = max(parallel.MIN_ITEMS, parallel.CHUNK * 2 + 10)
    results = list(map_each(_chunk_work, range(count), workers=2, together=_one_group))
    assert len({pid for pid, _, _, _ in results} - {os.getpid()}) == 1  # one chunk, one worker
    freed = [seen for _, _, seen, _ in results]
    assert freed[: parallel.CHUNK] == [0] * parallel.CHUNK  # nothing collected yet
    assert freed[parallel.CHUNK] >= parallel.CHUNK  # the first part's cycles, freed
    assert freed[2 * parallel.CHUNK] >= 2 * parallel.CHUNK


def test_in_process_maps_leave_the_collector_as_it_is() -> None:
    results = list(map_each(_chunk_work, range(3)))  # too few items to fork
    assert all(pid == os.getpid() and enabled for pid, enabled, _, _ in results)


def test_the_collector_is_paused_for_the_block_only() -> None:
    assert gc.isenabled()
    with parallel.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    try:
        with parallel.collector_paused():
            raise KeyError("a stage failed")
    except KeyError:
        pass
    assert gc.isenabled()
    gc.disable()
    try:
        with parallel.collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def _wait_for(flag: Path) -> bool:
    """Wait until `flag` exists (True), or give up after half a minute (False)."""
    deadline = time.monotonic() + 30
    while not flag.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _first_waits_for_last(flag: Path, last: int, item: int) -> bool:
    if item == last:
        flag.touch()
    return _wait_for(flag) if item == 0 else True


def test_with_no_window_the_other_workers_go_on_past_a_slow_chunk_at_the_head(
    tmp_path: Path,
) -> None:
    # item 0 is done only once the last item is: with a window (16 chunks of 130 in flight)
    # the other worker would stop, idle, long before the last chunk
    count = parallel.MIN_ITEMS * 4
    flag = tmp_path / "last-done"
    work = partial(_first_waits_for_last, flag, count - 1)
    results = list(map_each(work, range(count), workers=2, window=None))
    assert len(results) == count
    assert all(results)


def _page(path: str, wait: Path | None = None, make: Path | None = None) -> Page:
    if make is not None:
        make.touch()
    title = "ok" if wait is None or _wait_for(wait) else "gave up"
    return Page(path, "t.html", title)


def test_the_pages_after_a_slow_one_are_made_meanwhile(tmp_path: Path) -> None:
    # the first page (an event page of a big site, thousands of cards) is made only once the
    # last has been made by the other worker: render_all must hand all its pages out at once
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.html").write_text("{{ page.title }}")
    config = SiteConfig("T", "", "https://e.org/", "en", "UTC")
    env = make_environment([tmp_path / "templates"], config, {})
    compile_templates(env)
    flag = tmp_path / "last-made"
    paths = [f"p{i}/" for i in range(parallel.MIN_ITEMS * 4)]
    plan = [Planned(paths[0], partial(_page, paths[0], flag))]
    plan += [Planned(path, partial(_page, path)) for path in paths[1:-1]]
    plan.append(Planned(paths[-1], partial(_page, paths[-1], None, flag)))
    staging = Staging(tmp_path / "output")
    try:
        placed = list(render_all(env, plan, [], staging, None))
        assert [file.path for file in placed] == [f"{path}index.html" for path in paths]
        assert (staging.path / "p0" / "index.html").read_text() == "ok"
    finally:
        staging.close()


def _niceness(item: int) -> int:
    return os.nice(0)


@pytest.mark.parametrize("background", [False, True])
def test_background_workers_run_at_a_lower_priority(
    monkeypatch: pytest.MonkeyPatch, background: bool
) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    results = map_each(_niceness, range(parallel.MIN_ITEMS), background=background)
    assert isinstance(results, parallel.Ordered)  # forked
    mine = os.nice(0)
    lower = min(19, mine + parallel.BACKGROUND_NICENESS) if background else mine
    assert set(results) == {lower}
    assert os.nice(0) == mine  # this process keeps its own


@pytest.mark.parametrize(
    "together",
    [
        "",
        "x" * 40,
        "." * 30 + "xxx" + "." * 300 + "x" * 50 + ".",
        "x." * 40,
        "." * 40 + "x",
        "xxxyyy" + "." * 200 + "y" * 300 + "xy" * 5,
    ],
)
def test_a_run_of_items_of_one_group_is_one_chunk(together: str) -> None:
    groups = [None if c == "." else c for c in together]
    bounds = parallel._chunks(len(groups), groups)
    assert [i for a, b in bounds for i in range(a, b)] == list(range(len(groups)))  # each once
    runs = [(m.start(), m.end()) for m in re.finditer(r"x+|y+", together)]
    assert [(a, b) for a, b in bounds if groups[a]] == runs  # each run whole, on its own
    assert not any(any(groups[a:b]) for a, b in bounds if not groups[a])
    if not any(groups):
        assert bounds == parallel._chunks(len(groups))  # as without groups


def _noting_entries(folder: Path, entry: object, site: object, statement: object) -> object:
    time.sleep(0.02)  # long enough for both workers to take feed jobs, were they apart
    with open(folder / str(os.getpid()), "a", encoding="utf-8") as made:
        made.write(f"{statement.id}\n")  # type: ignore[attr-defined]
    return entry(site, statement)  # type: ignore[operator]


def test_each_feed_entry_is_made_once_in_a_build(
    site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one feed per job, and every map forked: without the feed jobs kept together, both
    # workers would make the entries of the statements their feeds share
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(publish, "FEEDS_PER_JOB", 1)
    for i in range(6):
        site.person(f"p{i}-leader", f"P{i} Leader", country=("DE", "FR", "JP")[i % 3])
        site.statement(f"s{i}", f"p{i}-leader", date=f"2024-11-0{6 + i % 3}T1{i}:00:00+01:00")
    made = tmp_path / "entries"
    made.mkdir()
    monkeypatch.setattr(feeds, "_entry", partial(_noting_entries, made, feeds._entry))
    assert site.build("--no-cache") == 0
    ids = [line for path in made.iterdir() for line in path.read_text().split()]
    assert len({path.name for path in made.iterdir()}) == 1  # one worker made them all
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 7


LISTS = {"home.html", "event.html", "country.html", "organization.html", "person.html"}


def _noting_pages(folder: Path, render: object, env: object, page: Page) -> bytes:
    time.sleep(0.01)  # long enough for both workers to take pages, were they apart
    with open(folder / str(os.getpid()), "a", encoding="utf-8") as made:
        made.write(f"{page.template}\n")
    return render(env, page)  # type: ignore[operator,no-any-return]


def test_the_pages_that_show_cards_are_made_by_one_worker(
    site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each card is shown on two to four of them: one worker makes (`once`) each card once
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    for i in range(12):
        site.person(f"p{i}-leader", f"P{i} Leader", country=("DE", "FR", "JP")[i % 3])
        site.statement(f"s{i}", f"p{i}-leader", date=f"2024-11-0{6 + i % 3}T{i:02d}:00:00+01:00")
    made = tmp_path / "pages"
    made.mkdir()
    monkeypatch.setattr(page_cache, "render_page", partial(_noting_pages, made, render_page))
    assert site.build("--no-cache") == 0
    by_worker = {path.name: path.read_text().split() for path in made.iterdir()}
    assert len(by_worker) == 2  # both workers made pages
    listing = [pid for pid, templates in by_worker.items() if LISTS & set(templates)]
    assert len(listing) == 1
    assert by_worker[listing[0]].count("person.html") >= 12


def test_a_worker_writes_what_it_made_once_it_holds_enough(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    steps: list[str] = []

    def files(env: object, item: Planned) -> list[tuple[str, bytes]]:
        steps.append(f"make {item.path}")
        return [(item.path, b"x" * 300)]

    def place(staging: object, record: bool, item: Planned, made: object) -> object:
        steps.append(f"write {item.path}")
        return item.path

    monkeypatch.setattr(page_cache, "_files", files)
    monkeypatch.setattr(page_cache, "_place", place)
    monkeypatch.setattr(page_cache, "HELD", 1000)
    items = [Planned(f"p{i}", partial(Page, f"p{i}", "x.html", "x")) for i in range(5)]
    done = page_cache._make_all(None, None, False, items)  # type: ignore[arg-type]
    assert done == [f"p{i}" for i in range(5)]
    assert steps == [
        *("make p0", "make p1", "make p2", "make p3"),  # 1,200 bytes held: written
        *("write p0", "write p1", "write p2", "write p3"),
        *("make p4", "write p4"),
    ]


def _timed_out(signum: int, frame: object) -> None:
    raise TimeoutError("closing the map waited 30 s")


def _slow(item: int) -> int:
    time.sleep(0.05)
    return item


def test_closing_never_waits_for_a_lock_a_killed_worker_held() -> None:
    # a worker killed halfway through sending a result (or while it waits for a task) never
    # gives its queue's lock back: Pool.terminate() alone then waited for it forever
    results = map_each(_slow, range(parallel.MIN_ITEMS), workers=2, background=True)
    assert isinstance(results, parallel.Ordered)
    assert next(results) == 0
    pool = results._pool
    pool._outqueue._wlock.acquire()  # as if held by a worker about to be killed
    pool._inqueue._rlock.acquire(timeout=5)
    workers = list(pool._pool)
    started = time.monotonic()
    signal.signal(signal.SIGALRM, _timed_out)  # fail rather than hang
    signal.alarm(30)
    try:
        results.close()
    finally:
        signal.alarm(0)
    assert time.monotonic() - started < 5
    assert all(worker.exitcode is not None for worker in workers)
    results.close()  # again: nothing to do
