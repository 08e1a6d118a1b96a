"""Spread a function over the machine's cores: forked workers, ordered chunks, streamed results."""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Hashable, Iterator, Sequence, Sized
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

from site_gen.errors import BuildFailed, Problem

T = TypeVar("T")
R = TypeVar("R")

_POOL_THREADS = 3  # the handler threads of a multiprocessing Pool
MIN_ITEMS = 400  # below this, forking costs more than it saves
# Items per task: a chunk costs its worker and this process about a millisecond of CPU
# besides its items (pipes, wakeups, the caches refilled after them). At 128, a chunk of
# statement pages is about 20 ms of work, a chunk of Markdown files 40 ms: little to wait
# for at the end. A cold build of 10,000 statements took 5.9 to 6.0 s with chunks of 96 to
# 512, 6.1 to 6.5 s with chunks of 32 (9.4 to 9.8 s of user time against 10.0 to 10.3).
CHUNK = 128
MIN_CHUNK = 16  # the smallest chunk of items that cost about the same (see `uniform`)
WINDOW = 8  # chunks in flight per worker: a slow chunk at the head must not idle the others
BACKGROUND_NICENESS = 5  # how much lower a `background` worker's priority is than its parent's
POLL = 0.1  # seconds between looks at the workers while waiting for a chunk
LOCK_WAIT = 0.5  # seconds after which a queue's lock is taken to be held by a killed worker

# The work of the running `map_batched` calls, by number. Workers are forked after theirs is
# set, so they inherit the function and the items, and only chunk bounds and results cross
# the pipe. Several may run at once (Markdown renders while the content is read).
_tasks: dict[int, tuple[Callable[[Any], Any], Sequence[Any]]] = {}
_numbers = itertools.count()


def cores() -> int:
    """How many CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Ordered(Iterator[R]):
    """Results of `map_batched`, in item order; `close()` stops the workers early."""

    def __init__(
        self,
        func: Callable[[Sequence[T]], list[R]],
        items: Sequence[T],
        count: int,
        window: int | None,
        bounds: list[tuple[int, int]],
        background: bool = False,
    ):
        self._number = next(_numbers)
        _tasks[self._number] = (func, items)
        start = _lower_priority if background else None
        with frozen():  # the workers' garbage collector then leaves the shared pages uncopied
            self._pool: Any = multiprocessing.get_context("fork").Pool(count, start)
        # the processes as started: a Pool replaces a worker that dies, but its chunk is lost
        self._workers: list[Any] = list(getattr(self._pool, "_pool", []))
        self._bounds = iter(bounds)
        self._pending: deque[AsyncResult[tuple[list[Any], list[Problem] | None]]] = deque()
        self._ready: deque[R] = deque()
        for _ in range(len(bounds) if window is None else window * count):
            if not self._submit():
                break

    def _submit(self) -> bool:
        bound = next(self._bounds, None)
        if bound is not None:
            self._pending.append(self._pool.apply_async(_run_chunk, (self._number, *bound)))
        return bound is not None

    def __next__(self) -> R:
        if not self._ready:
            if not self._pending:
                self.close()
                raise StopIteration
            try:
                results, problems = self._result(self._pending.popleft())
            except BaseException:
                self.close()
                raise
            if problems is not None:
                self.close()
                raise BuildFailed(problems)
            self._submit()
            self._ready.extend(results)
        return self._ready.popleft()

    def _result(
        self, pending: AsyncResult[tuple[list[Any], list[Problem] | None]]
    ) -> tuple[list[Any], list[Problem] | None]:
        """The chunk's results; a worker that died fails the map instead of hanging it."""
        while not pending.ready():
            pending.wait(POLL)
            dead = [w.exitcode for w in self._workers if w.exitcode is not None]
            if dead and not pending.ready():
                return [], [_died(dead[0])]
        return pending.get()

    def close(self) -> None:
        """Stop the workers (idempotent); called when the results run out or fail."""
        if self._pool is not None:
            _terminate(self._pool)
            self._pool = None
            _tasks.pop(self._number, None)


def _terminate(pool: Any) -> None:
    """`pool.terminate()` and `join()`, which never wait for a lock a killed worker held.

    A worker holds the results queue's write lock while it sends a result, and the tasks
    queue's read lock while it waits for a task; `terminate()` kills the workers, then takes
    both locks, and waited forever for one a worker died holding. A worker at a lower
    priority (`background`) is often stopped halfway through sending. So no worker is
    started any more, every worker is killed and reaped, and the locks they may have held
    are released before `terminate()` runs.
    """
    handler = pool._worker_handler
    handler._state = multiprocessing.pool.TERMINATE  # it starts no worker in place of a dead one
    pool._change_notifier.put(None)  # wakes it to see that (as terminate() does)
    handler.join()
    for worker in pool._pool:
        if worker.exitcode is None:
            worker.kill()
        worker.join()
    # the tasks' read lock: only workers take it (an idle one holds it while it waits), so
    # now held only by a dead one; the results' write lock: the pool's task handler takes it
    # for a moment to send its last message, so held longer only by a dead worker
    for lock, wait in ((pool._inqueue._rlock, 0.0), (pool._outqueue._wlock, LOCK_WAIT)):
        lock.acquire(timeout=wait)  # taken, or held by a killed worker:
        lock.release()  # given back either way
    pool.terminate()
    pool.join()


@contextmanager
def frozen() -> Iterator[None]:
    """Keep the objects made so far out of the garbage collector's scans (`gc.freeze`) until
    the end of the block, or of the outermost such block.

    The model of a large site is millions of objects with no garbage among them: without
    this, each full collection walks them all (at 100,000 statements, a second in every
    few of page planning and rendering).
    """
    outer = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not outer:
            gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection until the end of the block: for stages that make many objects
    and no garbage cycles (reading, the model, the plan). The collector, walking every object
    made so far at each of its full collections, made them superlinear: planning the pages of
    100,000 statements took 1.1 s with it, 0.26 s without. Workers forked inside run without
    it too: fork only those that make no cycles (reading and checking)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def map_batched(
    func: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    *,
    workers: int | None = None,
    window: int | None = WINDOW,
    uniform: bool = False,
    heavy: bool = False,
    together: Callable[[T], Hashable] | None = None,
    background: bool = False,
) -> Iterator[R]:
    """The results of `func` over `items`, a chunk at a time, computed by forked workers and
    yielded in item order as chunks finish: `func` is given a chunk's items at once and
    returns their results in order.

    A chunk at a time, work is best done one kind at a time, such as reading every file of
    the chunk before parsing any: on the 2-core development machine, a system call between
    two texts parsed costs far more than itself (checking 10,000 statements took 1.31 to
    1.35 s with each chunk's files read first, 1.44 s reading each just before its parsing).
    The workers start at once (before the first result is asked for), so the caller can do
    other work meanwhile. At most `window` chunks per worker are in flight, so results never
    pile up in memory; with `window=None`, every chunk is handed out at once, for results
    that are small: a slow chunk at the head then holds back only the results, never the
    workers. A `BuildFailed` raised by `func` in a worker is raised again here.
    `uniform` says that items cost about the same (files to read, not pages of all sizes):
    then the chunks are few, large, and shrink towards the end, which costs less to send.
    `heavy` says that even a few items are worth forking for (each costs well over the
    tens of milliseconds a fork does).
    `together` gives items that share what they make a group (the feed jobs share each
    statement's entry; the list pages, each statement's card), other items None: a run of
    items of one group goes to one worker, as one chunk, which makes each shared part once.
    `background` work runs at a lower priority (`BACKGROUND_NICENESS`): its workers take what
    the caller and the other workers leave of the cores, and never slow them down (Markdown
    rendered while this process checks the statements; see `gather.checked_here`).
    In-process (too few items, one core, or other threads running, as in `serve`, where
    forking is not safe), the chunks are of CHUNK items.
    Close the result (`close()`) if you stop before the end.
    """
    if not forks(items, workers, 2 if heavy else None):
        chunks = (items[i : i + CHUNK] for i in range(0, len(items), CHUNK))
        return itertools.chain.from_iterable(map(func, chunks))
    count = cores() if workers is None else workers
    if uniform:
        bounds = _shrinking(len(items), count)
    else:
        bounds = _chunks(len(items), None if together is None else list(map(together, items)))
    return Ordered(func, items, count, window, bounds, background)


def forks(items: Sized, workers: int | None = None, least: int | None = None) -> bool:
    """Whether `map_batched` forks workers for these items (else it maps in-process): not
    for fewer than `least` items (default MIN_ITEMS)."""
    count = cores() if workers is None else workers
    enough = len(items) >= (MIN_ITEMS if least is None else least)
    return count >= 2 and enough and _can_fork() and not _other_threads()


def close(results: Iterator[Any]) -> None:
    """Stop the workers behind a `map_batched` result, if any."""
    if isinstance(results, Ordered):
        results.close()


def _lower_priority() -> None:
    """Run this worker at BACKGROUND_NICENESS below its parent (where the system lets it)."""
    with contextlib.suppress(OSError):
        os.nice(BACKGROUND_NICENESS)


def _run_chunk(number: int, start: int, stop: int) -> tuple[list[Any], list[Problem] | None]:
    """The results of a chunk; where the collector runs, made CHUNK items at a time, each
    part's garbage collected after it: a chunk of a group (`together`) can hold a thousand
    pages, whose garbage must not wait for the end of all of them."""
    func, items = _tasks[number]
    results: list[Any] = []
    step = CHUNK if gc.isenabled() else max(1, stop - start)
    try:
        for part in range(start, stop, step):
            with _collected_once():
                results += func(items[part : min(part + step, stop)])
    except BuildFailed as failure:
        return [], list(failure.problems)
    return results, None


@contextmanager
def _collected_once() -> Iterator[None]:
    """In a worker, run a chunk without the garbage collector, then collect its garbage once
    and freeze what is left (`gc.freeze`).

    A worker keeps what it renders once (`once`: the middle of every card it has shown) and
    its pages' parts are Markup, which the collector tracks. With the collector on, its full
    collections walk all of that again and again, more often the more is made: at 100,000
    statements an event page of 8,300 cards took an eighth longer, per card, than one of 830.
    Frozen after its chunk, what a worker keeps is not walked again; cycles a chunk leaves
    are collected at its end.
    """
    if not gc.isenabled():  # the collector is off in this process (reading and checking)
        yield
        return
    try:
        with collector_paused():
            yield
    finally:
        gc.collect()
        gc.freeze()


def _died(exitcode: int) -> Problem:
    how = f"exited with status {exitcode}"
    if exitcode < 0:
        try:
            how = f"was stopped by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"was stopped by signal {-exitcode}"
    return Problem(
        "site-gen",
        1,
        1,
        f"a worker process {how} before finishing its work",
        "run it again; if it happens again, the machine may be short of memory",
    )


def _chunks(count: int, together: Sequence[Hashable] | None = None) -> list[tuple[int, int]]:
    """(start, stop) of each chunk: single items first, where the biggest work is (the export
    and the search index), so that both workers share it, then CHUNK at a time; and each
    run of items of one group (`together`, None for none) as one chunk."""
    bounds, start = [], 0
    while start < count:
        stop = min(start + (1 if start < 32 else 4 if start < 256 else CHUNK), count)
        if together is not None:
            group = together[start]
            if group is not None:
                stop = start + 1
                while stop < count and together[stop] == group:
                    stop += 1
            else:  # up to the next run of items to keep together
                stop = next((i for i in range(start + 1, stop) if together[i] is not None), stop)
        bounds.append((start, stop))
        start = stop
    return bounds


def _shrinking(count: int, workers: int) -> list[tuple[int, int]]:
    """(start, stop) of each chunk: a quarter of what is left per worker, at least MIN_CHUNK,
    so that there are few chunks and no worker waits long for the last."""
    bounds, start = [], 0
    while start < count:
        size = max(MIN_CHUNK, (count - start) // (workers * 4))
        bounds.append((start, min(start + size, count)))
        start += size
    return bounds


def _other_threads() -> bool:
    """True when threads other than ours run (a server): forking them could deadlock."""
    return threading.active_count() > 1 + _POOL_THREADS * len(_tasks)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
