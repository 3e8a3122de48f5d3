"""The four input profiles of issue 11, generated once and cached by profile, size and generator."""
import hashlib
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.path.join(HERE, "generate-log")
PROFILES = ["typical", "listing-heavy", "dense", "hostile"]
GENERATOR_ARGUMENTS = {"typical": ["--seed", "1"], "listing-heavy": ["--seed", "1", "--listing-heavy"],
                       "dense": ["--seed", "2", "--interesting-rate", "0.05"]}
# The hostile profile: lines that start like a lock load failure and go on with letters, so they carry
# a rule's literals and never match.
HOSTILE_HEAD = "Load(<lock/798ffec919>, 0, 0) failed: "
HOSTILE_LETTERS = 16000


def generator_id():
    """Changes whenever the generator or the lock-incident code it uses does."""
    digest = hashlib.sha256()
    for path in (GENERATOR, *(os.path.join(HERE, "benchkit", f) for f in ("simulated.py", "listing.py"))):
        with open(path, "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()[:8]


def write_hostile(path, lines):
    rng = random.Random(11)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    with open(path + ".tmp", "w") as f:
        for _ in range(lines):
            f.write(HOSTILE_HEAD + "".join(rng.choices(letters, k=HOSTILE_LETTERS)) + "\n")
    os.replace(path + ".tmp", path)


def profile_log(out, name, size, binary, hostile_lines=600, extra=()):
    """(path, how it was made) of a profile's log; `extra` goes to the generator (and the cache name)."""
    if name == "hostile":
        path = os.path.join(out, f"profile-hostile-{hostile_lines}.log")
        if not os.path.exists(path):
            write_hostile(path, hostile_lines)
        return path, f"{hostile_lines} lines: `{HOSTILE_HEAD}` + {HOSTILE_LETTERS:,} letters"
    arguments = ["--size", size] + GENERATOR_ARGUMENTS[name] + list(extra)
    tag = "-".join(a.lstrip("-") for a in arguments[2:] if a != "--seed")
    path = os.path.join(out, f"profile-{name}-{size}-{tag}-{generator_id()}.log")
    if not os.path.exists(path):
        print(f"generating {name}: generate-log {' '.join(arguments)}", file=sys.stderr)
        subprocess.run([GENERATOR, *arguments, "--resticlint", binary, "-o", path,
                        "--manifest", path + ".manifest.json"], check=True, timeout=3600)
    return path, "`bench/generate-log " + " ".join(arguments) + "`"
