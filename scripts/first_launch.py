"""How long the very first launch after install takes, and why: the explorer started the way a fresh
clone and a fresh venv meet it, against a second launch.

A copy of the venv's site-packages and a fresh export of the repository (`git archive HEAD`, so no
bytecode of the project) are made under a temporary folder; `explorer.bench.processes cold-start`
(spawn → first painted window, offscreen) runs on them under five conditions, interleaved, each
`--repeats` times; wall time (fastest and median: other jobs on the machine only add) and the
child's CPU time (user + system: the work itself, far less disturbed by a busy machine; wall − CPU
is mostly waiting for the disk):

  first       files dropped from the page cache (posix_fadvise DONTNEED on the copies only: nothing
              else on the machine is evicted), no project bytecode, an empty HOME (no font cache,
              no settings): the first launch after install
  cold-files  files dropped, bytecode and HOME kept: the page cache's share
  no-pyc      warm files, the project's bytecode removed: compiling core/ and explorer/
  fresh-home  warm files, bytecode kept, an empty HOME: font cache and settings
  warm        nothing removed (what `bench` calls cold start)

Usage: python scripts/first_launch.py [--repeats 3] [--keep DIR]   (a line per condition and a JSON summary)
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def evict(folder: Path) -> int:
    """Drop every file under `folder` from the page cache; returns the bytes asked to drop."""
    os.sync()                                     # dirty pages (the fresh copies) cannot be dropped
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as f:
                os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
            total += path.stat().st_size
    return total


def resident_fraction(path: Path) -> float:
    """Share of `path`'s pages in the page cache (util-linux fincore), or -1 when it cannot say."""
    try:
        out = subprocess.run(["fincore", "--bytes", "--noheadings", "--output", "RES,SIZE", str(path)],
                             capture_output=True, text=True, check=True).stdout.split()
        return int(out[0]) / max(1, int(out[1]))
    except (OSError, subprocess.CalledProcessError, ValueError, IndexError):
        return -1.0


def launch(project: Path, site: Path, home: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) from spawn to the first painted window."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "XDG_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"),
               PYTHONPATH=os.pathsep.join([str(project), str(site)]), QT_QPA_PLATFORM="offscreen")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # -S: only the copies are on the path (not the venv's own site-packages)
    subprocess.run([sys.executable, "-S", "-m", "explorer.bench.processes", "cold-start"], env=env, cwd=project,
                   check=True, capture_output=True, timeout=600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="make the copies in this folder and keep them")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    base = Path(args.keep or tempfile.mkdtemp(prefix="first-launch-"))
    site_src = Path(sysconfig.get_paths()["purelib"])
    site, project, home = base / "site-packages", base / "project", base / "home"
    print(f"copying {site_src} and a `git archive HEAD` of {ROOT} into {base} …", file=sys.stderr)
    shutil.copytree(site_src, site, symlinks=True, ignore=shutil.ignore_patterns("__editable__*", "*.pth"))
    project.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(project)], input=archive, check=True)
    libtorch = next(site.glob("torch/lib/libtorch_cpu*"), None)

    def fresh_home():
        if home.exists():
            shutil.rmtree(home)
        home.mkdir()

    def no_bytecode():
        for cache in project.rglob("__pycache__"):
            shutil.rmtree(cache)

    conditions = {"first": (True, True, True), "cold-files": (True, False, False),
                  "no-pyc": (False, True, False), "fresh-home": (False, False, True), "warm": (False, False, False)}
    fresh_home()
    evicted, resident = 0, []
    times: dict[str, list[float]] = {name: [] for name in conditions}
    for _ in range(args.repeats):
        for name, (drop_files, drop_pyc, drop_home) in conditions.items():
            launch(project, site, home)                          # warm, all caches made
            if drop_home:
                fresh_home()
            if drop_pyc:
                no_bytecode()
            if drop_files:
                evicted = evict(base)
                resident.append(resident_fraction(libtorch) if libtorch else -1)
            times[name].append(launch(project, site, home))
            print(f"{name:>10}: {times[name][-1][0]:5.2f} s wall, {times[name][-1][1]:5.2f} s CPU", file=sys.stderr)
    summary = {}
    for name, runs in times.items():
        walls, cpus = sorted(w for w, _ in runs), sorted(c for _, c in runs)
        summary[name] = {"fastest_s": round(walls[0], 2), "median_s": round(walls[len(walls) // 2], 2),
                         "cpu_fastest_s": round(cpus[0], 2), "cpu_median_s": round(cpus[len(cpus) // 2], 2)}
    for name, s in summary.items():
        print(f"{name:>10}: wall fastest {s['fastest_s']:5.2f} s, median {s['median_s']:5.2f} s; CPU median "
              f"{s['cpu_median_s']:5.2f} s  ({args.repeats} runs)")
    print(json.dumps({"launch": summary, "evicted_mb": round(evicted / 2**20),
                      "libtorch_resident_after_evict": resident, "python": sys.version.split()[0],
                      "cpus": os.cpu_count(), "load_average": os.getloadavg()}))
    if not args.keep:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
