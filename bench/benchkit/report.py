"""The Markdown results file of bench/run: machine, load, build, the profiles against their peers,
which targets of issue 11 hold, and the comparison with the rules' own patterns."""
import os
import platform
import shutil
import subprocess
import time
from dataclasses import dataclass, field

from .peers import UNION


@dataclass
class ProfileRow:
    name: str
    how: str
    size: int
    path: str
    tools: dict = field(default_factory=dict)  # peer name → Timing
    findings: str = ""


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        memory = int(f.readline().split()[1]) / 2**20
    return f"{os.cpu_count()} CPUs ({model}), {memory:.1f} GiB, {platform.system()} {platform.release()}"


def tool_versions():
    names = []
    for tool in ("grep", "rg", "pcre2grep"):
        if shutil.which(tool):
            first = subprocess.run([tool, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True).stdout.splitlines()
            names.append(first[0] if first else tool)
    return "; ".join(names)


def ratio(a, b):
    return f"{a / b:.1f}×" if a and b else "-"


def cell(t):
    return f"{t.wall:.2f} ({t.cpu:.2f})" if t else "-"


def profiles_table(rows):
    lines = ["| profile | input | MB | resticlint s (CPU s) | MB/s | `rg -c` s (CPU s) | `grep -cE` s (CPU s) "
             "| ÷ rg (CPU) | ÷ grep (CPU) | peak RSS | resticlint found |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        r, rg, grep = row.tools["resticlint"], row.tools.get("rg -c"), row.tools.get("grep -cE")
        lines.append(f"| {row.name} | {row.how} | {row.size / 1e6:.1f} | {cell(r)} | {row.size / 1e6 / r.wall:.0f} "
                     f"| {cell(rg)} | {cell(grep)} | {ratio(r.wall, rg and rg.wall)} ({ratio(r.cpu, rg and rg.cpu)}) "
                     f"| {ratio(r.wall, grep and grep.wall)} ({ratio(r.cpu, grep and grep.cpu)}) "
                     f"| {r.rss_kib / 1024:.0f} MiB | {row.findings} |")
    return lines


def targets_table(checked):
    held = sum(1 for *_, ok in checked if ok)
    lines = [f"{held} of {len(checked)} hold.", "", "| target | profile | measured | holds |", "|---|---|---:|---|"]
    lines += [f"| {target} | {profile} | {figure} | {'yes' if ok else '**no**'} |" for target, profile, figure, ok in checked]
    return lines


def rules_table(size, measured):
    base = next((t for name, _, _, t in measured if name == "grep -cE"), None)
    lines = ["| tool | what it runs | s (CPU s) | MB/s | ÷ grep -cE (CPU) | output | peak RSS |",
             "|---|---|---:|---:|---:|---|---:|"]
    for name, why, output, t in measured:
        lines.append(f"| {name} | {why} | {cell(t)} | {size / 1e6 / t.wall:.0f} | {ratio(t.wall, base and base.wall)} "
                     f"({ratio(t.cpu, base and base.cpu)}) | {output} | {t.rss_kib / 1024:.0f} MiB |")
    return lines


def render(run):
    """`run` is bench/run's namespace of results (see bench/run's main)."""
    out = [f"# resticlint benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
           f"- machine: {machine()}",
           f"- load average (1, 5, 15 min): {run.load_start} at the start, {load_average()} at the end "
           "(2 cores shared: above ~1, other work competed and wall times are inflated; CPU times less so)",
           f"- resticlint: {run.build}",
           f"- rules: {run.rules}",
           f"- peers: {tool_versions()}; LC_ALL=C; page cache warm; medians of {run.runs} run(s) after a warm-up; "
           "wall and CPU (user+system) time from wait4(2), peak RSS from GNU time's %M",
           f"- profile peers get the union `{UNION}` (what a user would grep for)", "",
           "## Profiles", ""]
    out += profiles_table(run.rows)
    out += ["", "÷ rg and ÷ grep: resticlint's time over the peer's, wall (CPU in brackets; on a shared machine "
            "CPU time is the steadier figure). ripgrep maps the file, so only resticlint's RSS is shown.", "",
            "## Targets of issue 11", ""]
    out += targets_table(run.targets)
    if run.rules_rows:
        out += ["", f"## The rules' own patterns ({run.rules_input})", "",
                "The peers get every rule pattern as one alternation, translated for each tool by "
                "bench/patterns.py (out/patterns/patterns.md says what had to be approximated).", ""]
        out += rules_table(run.rules_size, run.rules_rows)
    if run.warnings:
        out += ["", "## Warnings", ""] + [f"- {w}" for w in run.warnings]
    return "\n".join(out) + "\n"
