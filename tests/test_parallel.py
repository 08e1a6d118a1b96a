"""Forked workers: each chunk runs without the garbage collector, whose garbage is then
collected once and what is left frozen (parallel._collected_once)."""

from __future__ import annotations

import gc
import os

from site_gen import parallel

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
    results = list(parallel.map_ordered(_chunk_work, range(parallel.MIN_ITEMS), workers=2))
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


def test_in_process_maps_leave_the_collector_as_it_is() -> None:
    results = list(parallel.map_ordered(_chunk_work, range(3)))  # too few items to fork
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
