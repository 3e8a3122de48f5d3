"""Lock incidents from restic's reference lock model: `resticlint simulate --log-dir` writes the log
of every process that failed to lock, and bench/generate-log splices those lines into its runs
instead of keeping its own templates of what a lock failure or a lock conflict looks like.

The scenarios below are run once per resticlint binary and cached; the logs are read in a fixed
order, so a given seed gives the same bench log."""
import hashlib
import json
import os
import re
import shutil
import subprocess

# (name, simulate arguments). The #5005 conditions on B2 and S3 (0.17.0: circuit-breaker misfires and
# vanished locks), and a long list lag for 0.16 (retry storms on a vanished lock) and 0.17.1.
SCENARIOS = [
    ("b2-0.17.0", ["--model", "0.17.0", "--processes", "6", "--list-lag", "2s", "--backend", "b2", "--runs", "300", "--seed", "1"]),
    ("s3-0.17.0", ["--model", "0.17.0", "--processes", "8", "--list-lag", "5s", "--backend", "s3", "--runs", "200", "--seed", "2"]),
    ("s3-lag", ["--model", "0.16", "--model", "0.17.1", "--processes", "8", "--list-lag", "120s", "--backend", "s3",
                "--runs", "100", "--seed", "3"]),
    # One exclusive locker (as prune) among two backups: whoever comes second prints restic's
    # `repository is already locked` block. Only those logs are taken from this scenario.
    ("exclusive", ["--model", "0.16", "--model", "0.17.0", "--model", "0.17.1", "--processes", "3",
                   "--exclusive-processes", "1", "--list-lag", "2s", "--backend", "s3", "--runs", "60", "--seed", "4"]),
]
CONFLICT_SCENARIO = "exclusive"
ALREADY_LOCKED = "unable to create lock in backend: repository is already locked "
LOG_NAME = re.compile(r"^(?P<model>[0-9.]+)-run(?P<run>\d+)-proc(?P<proc>\d+)\.log$")
RETRY = re.compile(r"^Load\((?P<handle><lock/[0-9a-f]+>), 0, 0\) returned error, retrying after ")
# IDs the model prints: lock handles (10 hex), repository IDs and a holder's storage ID (8 hex).
# They are renamed per splice.
HEX_ID = re.compile(r"(?<=<lock/)[0-9a-f]{10}(?=>)|(?<=^repository )[0-9a-f]{8}(?= opened)|(?<=^storage ID )[0-9a-f]{8}$")


def default_binary(root):
    """The release binary when built, else the debug one (CI's smoke run has only that)."""
    for configuration in ("release", "debug"):
        path = os.path.join(root, ".build", configuration, "resticlint")
        if os.access(path, os.X_OK):
            return path
    return None


def binary_id(binary):
    digest = hashlib.sha256()
    with open(binary, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()[:12]


class SimulatedLocks:
    """The failing processes' logs of every scenario, by model: lock failures (`failing`) and
    processes that found the repository locked by another (`conflicts`)."""

    def __init__(self, binary, cache_root):
        key = hashlib.sha256(json.dumps([binary_id(binary), SCENARIOS]).encode()).hexdigest()[:12]
        folder = os.path.join(cache_root, key)
        if not os.path.isdir(folder):
            self._simulate(binary, folder)
        self.failing = {}  # model → [log lines of one failing process]
        self.conflicts = {}  # model → [log lines of one process that found the repository locked]
        for name, _ in SCENARIOS:
            directory = os.path.join(folder, name)
            logs = [(m, n) for n in os.listdir(directory) if (m := LOG_NAME.match(n))]
            logs.sort(key=lambda p: (p[0]["model"], int(p[0]["run"]), int(p[0]["proc"])))
            for match, file in logs:
                with open(os.path.join(directory, file), encoding="utf-8") as f:
                    lines = f.read().splitlines()
                if any(line.startswith(ALREADY_LOCKED) for line in lines):
                    # A conflict after a vanished lock's retries is two incidents: keep the plain ones.
                    if not any(line.startswith("Load(") for line in lines):
                        self.conflicts.setdefault(match["model"], []).append(lines)
                elif name != CONFLICT_SCENARIO:
                    self.failing.setdefault(match["model"], []).append(lines)
        # One vanished lock as 0.16 retries it: the retry lines of one handle in one failing log.
        self.retry_storms = []
        for lines in self.failing.get("0.16", []):
            by_handle = {}
            for line in lines:
                if m := RETRY.match(line):
                    by_handle.setdefault(m["handle"], []).append(line)
            self.retry_storms += [storm for storm in by_handle.values() if len(storm) >= 2]
        if not self.failing or not self.retry_storms or not self.conflicts:
            raise RuntimeError(f"resticlint simulate produced no failing processes in {folder}")

    @staticmethod
    def _simulate(binary, folder):
        partial = folder + ".partial"
        shutil.rmtree(partial, ignore_errors=True)
        for name, arguments in SCENARIOS:
            subprocess.run([binary, "simulate", *arguments, "--log-dir", os.path.join(partial, name)],
                           stdout=subprocess.DEVNULL, check=True, timeout=900)
        os.replace(partial, folder)

    @staticmethod
    def renamed(lines, rng):
        """The lines with fresh lock and repository IDs (the same ID renamed alike), so a spliced
        incident names its own locks, not those of every other copy of it in the log."""
        names = {}

        def rename(match):
            old = match.group(0)
            if old not in names:
                names[old] = f"{rng.getrandbits(4 * len(old)):0{len(old)}x}"
            return names[old]
        return [HEX_ID.sub(rename, line) for line in lines]
