"""Time site-gen against the acceptance goals and print a table: `python benchmarks/run.py`.

For each size (default 1,000 and 10,000 statements) on a generated site (generate.py):
cold build (`--no-cache`, each run into a fresh, never-used folder: re-creating thousands of
files right after deleting them is slow on its own), warm build (cache present, nothing
changed), a rebuild after editing one statement, and `check`. Wall time is the median of
--runs runs; peak memory is the largest resident set of the build process and its workers
(from wait4). Where `hugo` is installed, an equivalent Hugo site (hugo_site.py) is built cold
in the same run, interleaved with ours, and the ratio site-gen/Hugo printed. `--big` adds one
cold build of 100,000 statements. Old outputs are removed only at the end. site-gen's modules
are compiled to bytecode first, as installing a wheel does (see `_bytecode`).
"""

from __future__ import annotations

import argparse
import compileall
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hugo_site
from generate import generate

EDITED = "s000017"  # the statement the edit step changes (it exists for any N >= 18)


@dataclass
class Timing:
    wall: float  # seconds
    peak: float  # MiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/site-gen-bench"))
    parser.add_argument("--big", action="store_true", help="also build 100,000 statements cold")
    parser.add_argument("--no-hugo", action="store_true", help="skip Hugo even if installed")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve measurement")
    args = parser.parse_args()
    hugo = None if args.no_hugo else shutil.which("hugo")
    args.work.mkdir(parents=True, exist_ok=True)
    _bytecode()
    rows: list[tuple[int, str, Timing, Timing | None]] = []
    cold: dict[int, Timing] = {}
    beside = None  # the 10k cold build just before and after the 100k one (--big)
    try:
        for n in args.sizes:
            site = _site(args.work, n)
            hugo_dir = None
            if hugo:
                hugo_dir = args.work / f"hugo-{n}"
                hugo_site.export(site, hugo_dir)
            ours, theirs = _cold(args.work, site, n, args.runs, hugo, hugo_dir)
            cold[n] = ours
            rows.append((n, "cold build (--no-cache)", ours, theirs))
            rows += [(n, step, timing, None) for step, timing in _warm(site, args.runs)]
            rows.append(
                (n, "check", _median([_run(_us("check", site)) for _ in range(args.runs)]), None)
            )
            if not args.no_serve:
                rows.append((n, "serve: rebuild after one edit", _serve(site), None))
        if args.big:
            site = _site(args.work, 100_000)
            # the file system slows as the runs fill it: the 10k site is built again just
            # before and just after, for a ratio taken in the same state
            small = _site(args.work, 10_000)
            before, _ = _cold(args.work, small, 10_000, 1, None, None)
            big, _ = _cold(args.work, site, 100_000, 1, None, None)
            after, _ = _cold(args.work, small, 10_000, 1, None, None)
            cold[100_000] = big
            beside = Timing((before.wall + after.wall) / 2, max(before.peak, after.peak))
            rows.append((10_000, "cold, just before and after the 100k (mean)", beside, None))
            rows.append((100_000, "cold build (--no-cache)", big, None))
    finally:
        for stale in args.work.glob("fresh-*"):
            shutil.rmtree(stale, ignore_errors=True)
    _print(rows, cold, beside)
    return 0


def _bytecode() -> None:
    """Compile site-gen's modules, as `pip install` of a wheel does and as Python's first
    import does where it may write (PYTHONDONTWRITEBYTECODE unset). Where that variable is set,
    as on the benchmark machine, an editable install is compiled from source at every start:
    0.1-0.15 s of each run, which no installed copy pays."""
    import site_gen

    compileall.compile_dir(Path(site_gen.__file__).parent, quiet=1)


def _site(work: Path, n: int) -> Path:
    site = work / f"site-{n}"
    if not (site / "content" / "site.yaml").is_file():
        print(f"generating {n:,} statements in {site} ...", file=sys.stderr)
        generate(n, site)
    shutil.rmtree(site / ".cache", ignore_errors=True)
    return site


def _us(command: str, site: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "site_gen", command, "--root", str(site), *extra]


def _fresh(work: Path) -> Path:
    return work / f"fresh-{time.time_ns()}"


def _cold(
    work: Path, site: Path, n: int, runs: int, hugo: str | None, hugo_dir: Path | None
) -> tuple[Timing, Timing | None]:
    ours, theirs = [], []
    for _ in range(runs):  # interleaved, so that both see the same machine
        ours.append(_run(_us("build", site, "--no-cache", "--output", str(_fresh(work)))))
        if hugo and hugo_dir:
            theirs.append(_run([hugo, "--quiet", "-s", str(hugo_dir), "-d", str(_fresh(work))]))
        print(f"  {n:,} cold: {ours[-1]} {theirs[-1] if theirs else ''}", file=sys.stderr)
    return _median(ours), (_median(theirs) if theirs else None)


def _warm(site: Path, runs: int) -> list[tuple[str, Timing]]:
    out = site / "output"
    _run(_us("build", site, "--output", str(out)))  # fills the cache and the output
    warm = _median([_run(_us("build", site, "--output", str(out))) for _ in range(runs)])
    statement = next((site / "content" / "statements").rglob(f"{EDITED}.yaml"))
    original = statement.read_text("utf-8")
    edits = []
    try:
        for i in range(runs):
            statement.write_text(original.replace('quote: "', f'quote: "Edit {i} ', 1), "utf-8")
            edits.append(_run(_us("build", site, "--output", str(out))))
    finally:
        statement.write_text(original, "utf-8")
    return [
        ("warm build, nothing changed", warm),
        ("warm build, one statement edited", _median(edits)),
    ]


def _serve(site: Path) -> Timing:
    """`serve`'s own report of its rebuild after one statement is saved ("built in X s"): from
    the change seen by its watcher to the reload signal, the debounce delay aside."""
    port = _free_port()
    command = _us("serve", site, "--port", str(port))
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stderr is not None
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stderr], daemon=True
    ).start()
    statement = next((site / "content" / "statements").rglob(f"{EDITED}.yaml"))
    original = statement.read_text("utf-8")
    try:
        _built(lines)  # the first build
        time.sleep(3)  # let the watcher take its first look at the files
        statement.write_text(original.replace('quote: "', 'quote: "Served edit ', 1), "utf-8")
        seconds = _built(lines)
    finally:
        statement.write_text(original, "utf-8")
        process.terminate()
        process.wait()
    return Timing(seconds, 0.0)


def _built(lines: queue.Queue[str]) -> float:
    while True:
        line = lines.get(timeout=600)
        match = re.match(r"built in ([0-9.]+) s", line)
        if match:
            return float(match.group(1))
        if line.startswith("build failed"):
            raise SystemExit(f"serve: {line.strip()}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(command: list[str]) -> Timing:
    """Run a command to completion; its wall time and the peak RSS of it and its children."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return Timing(wall, usage.ru_maxrss / 1024)


def _median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in timings), max(t.peak for t in timings))


def _print(
    rows: list[tuple[int, str, Timing, Timing | None]],
    cold: dict[int, Timing],
    beside: Timing | None,
) -> None:
    print("| statements | step | site-gen wall | site-gen peak | Hugo wall | Hugo peak | ratio |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    hugo_cold: dict[int, float] = {}
    for n, step, ours, theirs in rows:
        if theirs:
            hugo_cold[n] = theirs.wall
        reference = theirs.wall if theirs else hugo_cold.get(n)
        ratio = f"{ours.wall / reference:.2f}" if reference else ""
        hugo = f"{theirs.wall:.2f} s | {theirs.peak:.0f} MiB" if theirs else " | "
        peak = f"{ours.peak:.0f} MiB" if ours.peak else ""
        print(f"| {n:,} | {step} | {ours.wall:.2f} s | {peak} | {hugo} | {ratio} |")
    print("\nratio: site-gen wall / Hugo cold wall of the same size, same run")
    if 10_000 in cold and 100_000 in cold:
        print(f"100k cold / 10k cold: {cold[100_000].wall / cold[10_000].wall:.1f}x (goal <= 11x)")
    if beside is not None and 100_000 in cold:
        print(
            f"100k cold / 10k cold built just before and after it: "
            f"{cold[100_000].wall / beside.wall:.1f}x (goal <= 11x)"
        )
    print("serve: its rebuild after one edit, as it reports it (no peak memory measured)")


if __name__ == "__main__":
    raise SystemExit(main())
