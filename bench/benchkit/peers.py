"""The commands resticlint is compared with.

Two sets: the profile peers get the ten-alternative union of restic's key messages (what a user
would grep for); the rules comparison gives cat, grep, ripgrep and pcre2grep the rules' own
patterns, translated by bench/patterns.py into each tool's syntax."""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

UNION = "|".join([
    "circuit breaker open for file", "repository is already locked", "unable to create lock in backend",
    "returned error, retrying after", "operation successful after", "invalid lock file",
    "unable to refresh lock", "error while unlocking", "Fatal: ", r"\) failed: ",
])

# Debian packages that provide the peers; .ci/install-deps installs them, bench/run never does.
PACKAGES = {"rg": "ripgrep", "pcre2grep": "pcre2-utils"}


def missing_tools():
    return [name for name in PACKAGES if not shutil.which(name)]


def union_peers(path):
    """(name, command) of the peers on a profile log; ripgrep only when installed."""
    peers = [("grep -cE", ["grep", "-cE", "-e", UNION, path])]
    if shutil.which("rg"):
        peers.append(("rg -c", ["rg", "-c", "--no-config", "-e", UNION, path]))
    return peers


def rules_patterns(binary, rules, out, env):
    """Writes the rules' patterns for every tool into OUT/patterns (see bench/patterns.py); returns the folder."""
    folder = os.path.join(out, "patterns")
    os.makedirs(folder, exist_ok=True)
    literals = os.path.join(folder, "literals.txt")
    with open(literals, "wb") as f:
        subprocess.run([binary, "rules", "literals"], stdout=f, env=env, check=True)
    subprocess.run([sys.executable, os.path.join(HERE, "patterns.py"), rules, folder, literals],
                   stdout=subprocess.DEVNULL, check=True)
    return folder


def rules_peers(path, patterns, tools):
    """(name, command, why) of the rules comparison; `tools` None means every installed one."""
    pcre = os.path.join(patterns, "pcre.txt")
    if os.path.getsize(pcre) > 8000:  # pcre2grep's limit per pattern; one pattern per line is slower
        pcre_for_pcre2grep = os.path.join(patterns, "pcre-lines.txt")
    else:
        pcre_for_pcre2grep = pcre
    rows = [
        ("cat", ["cat", path], "reading the file: the floor"),
        ("grep -cE", ["grep", "-cE", "-f", os.path.join(patterns, "ere.txt"), path],
         "GNU grep, every rule pattern as one POSIX ERE alternation: the baseline"),
        ("rg -c", ["rg", "-c", "--no-config", "--regex-size-limit", "1G", "--dfa-size-limit", "1G",
                   "-f", os.path.join(patterns, "rust.txt"), path], "ripgrep's own engine, the same alternation"),
        ("rg -c -P", ["rg", "-c", "--no-config", "-P", "-f", pcre, path], "ripgrep with PCRE2, the real rule patterns"),
        ("pcre2grep -c", ["pcre2grep", "-c", "-f", pcre_for_pcre2grep, path], "the real rule patterns with PCRE2 (JIT)"),
        ("grep -cFi prefilter", ["grep", "-cFi", "-f", os.path.join(patterns, "prefilter-literals.txt"), path],
         "the literals resticlint's prefilter scans for: the lines it examines one by one"),
    ]
    keys = {"cat": "cat", "grep -cE": "grep", "rg -c": "rg", "rg -c -P": "rg-pcre", "pcre2grep -c": "pcre2grep",
            "grep -cFi prefilter": "grep-literals"}
    return [(name, command, why) for name, command, why in rows
            if shutil.which(command[0]) and (tools is None or keys[name] in tools or name == "grep -cE")]
