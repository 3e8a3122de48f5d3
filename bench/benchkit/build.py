"""The resticlint binary to time: --bin, or a release build in its own scratch folder (.build-bench),
so that the benchmark neither waits for nor disturbs the normal build. The Swift runtime is linked
statically, as in the binary users install (dist/build): the dynamic loader's symbol binding would
otherwise be timed too (about 14 M instructions a run)."""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRATCH = os.path.join(ROOT, ".build-bench")


def release_binary(log_path, warn):
    """Builds (twice at most: a source file edited during the build stops swift) and returns the binary;
    when both attempts fail, the previous binary of the scratch folder, with a warning."""
    binary = os.path.join(SCRATCH, "release", "resticlint")
    for attempt in (1, 2):
        print(f"swift build -c release --static-swift-stdlib --scratch-path .build-bench (attempt {attempt})",
              file=sys.stderr)
        with open(log_path, "w") as log:
            done = subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--scratch-path", SCRATCH], cwd=ROOT,
                                  stdout=log, stderr=subprocess.STDOUT, timeout=3600)
        if done.returncode == 0:
            return binary
        time.sleep(5)
    if os.access(binary, os.X_OK):
        warn(f"the release build failed (see {log_path}); timing the previous binary, built {modified(binary)}")
        return binary
    sys.exit(f"bench/run: the release build failed, see {log_path}")


def modified(path):
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(path)))


def describe(binary):
    """One line: the binary, its version, when it was built and from which commit."""
    version = subprocess.run([binary, "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True).stdout.partition("\n")[0] or "?"
    commit = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True).stdout.strip() or "?"
    return f"`{os.path.relpath(binary, ROOT)}` ({version}), built {modified(binary)}; work tree at {commit}"
