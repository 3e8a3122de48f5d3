"""Timing a command the way every row of the report is timed: wall and CPU time of the child from
wait4(2), its peak RSS from GNU time, after one warm-up run that also checks the exit status."""
import os
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass

# No single command may run longer than this (seconds): the benchmark always ends by itself.
TIME_LIMIT = 1800


@dataclass
class Timing:
    wall: float  # median seconds
    cpu: float  # median user+system seconds
    rss_kib: int  # highest peak RSS of all runs
    output: bytes  # what the last run wrote (empty when it wrote to /dev/null)
    runs: int


class CommandFailed(RuntimeError):
    pass


# A child's peak RSS starts at its parent's when it forks (Linux keeps the high-water mark across exec),
# so no figure would be below this Python process's own tens of MiB. GNU time, a small C program,
# forks the command instead and reports the command's own peak (%M, KiB).
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(command, to_pipe, env=None):
    """(wall s, CPU s, peak RSS KiB, stdout) of one run. GNU grep stops at the first match when its
    output is /dev/null, so grep-like peers write to a pipe (`to_pipe`) that is drained here."""
    errors = tempfile.TemporaryFile()  # a file, not a pipe: a chatty stderr cannot block the child
    peak = tempfile.NamedTemporaryFile()
    if GNU_TIME:
        command = [GNU_TIME, "-f", "%M", "-o", peak.name, *command]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE if to_pipe else subprocess.DEVNULL,
                               stderr=errors, env=env, start_new_session=True)
    # The whole group: killing GNU time alone would leave the command running.
    limit = threading.Timer(TIME_LIMIT, os.killpg, (process.pid, signal.SIGKILL))
    limit.start()
    chunks = []
    if process.stdout:
        while chunk := process.stdout.read(1 << 16):
            chunks.append(chunk)
    _, status, usage = os.wait4(process.pid, 0)
    limit.cancel()
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    # grep-like tools exit 1 when nothing matched; anything else is a failure.
    if code not in (0, 1):
        errors.seek(0)
        error = errors.read(300)
        raise CommandFailed(f"`{' '.join(map(str, command))}` exited {code}: {error.decode(errors='replace')}")
    rss = int(peak.read().split()[-1]) if GNU_TIME else usage.ru_maxrss
    return wall, usage.ru_utime + usage.ru_stime, rss, b"".join(chunks)


def measure(command, runs, to_pipe=True, env=None):
    """Median of `runs` timed runs after one warm-up (which also fills the page cache)."""
    run_once(command, to_pipe, env)
    results = [run_once(command, to_pipe, env) for _ in range(max(1, runs))]
    return Timing(wall=statistics.median(r[0] for r in results), cpu=statistics.median(r[1] for r in results),
                  rss_kib=max(r[2] for r in results), output=results[-1][3], runs=len(results))
