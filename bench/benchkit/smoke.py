"""bench/run --smoke: resticlint's findings on the small generated logs against what bench/generate-log
says it planted (its --manifest). Every planted incident is one finding (for recovered retries, one
occurrence of the run's aggregated finding), and no other rule fires: the listing's paths full of
`error`, `failed` or `lock` stay harmless."""
import json
import sys

# Rule(s) → the planted kinds they diagnose, one finding (or occurrence) each. A SlowDown throttle is
# a retried Save that recovered, so it is a recovered retry too.
DIAGNOSES = [
    (("retry-recovered",), ("retry_recovered", "slowdown")),
    (("repo-locked", "repo-locked-stale", "repo-locked-concurrent"), ("lock_conflict",)),
    (("lock-check-failed",), ("lock_failure",)),
    (("breaker-misfire",), ("breaker_misfire",)),
    (("lock-file-vanished",), ("vanished_lock",)),
]
# Aggregated per run: counted by occurrences; the others by findings.
BY_OCCURRENCES = {"retry-recovered"}
# Says once per affected run that the backend throttled: present exactly when a throttle was planted.
PER_RUN = "backend-throttled"


def problems(name, planted, findings):
    found = {}
    for finding in findings:
        rule = finding["rule"]
        found[rule] = found.get(rule, 0) + (finding.get("occurrences", 1) if rule in BY_OCCURRENCES else 1)
    out = []
    for rules, kinds in DIAGNOSES:
        expected = sum(planted.get(kind, 0) for kind in kinds)
        got = sum(found.pop(rule, 0) for rule in rules)
        if got != expected:
            out.append(f"{name}: {'/'.join(rules)}: {expected} planted ({', '.join(kinds)}), {got} found")
    if bool(found.pop(PER_RUN, 0)) != bool(planted.get("slowdown")):
        out.append(f"{name}: {PER_RUN} found without a planted throttle, or missing")
    out += [f"{name}: {rule}: {n} found, none planted" for rule, n in sorted(found.items())]
    return out


def check(run):
    """0 when every generated profile's findings match its manifest; prints what differs."""
    failures = []
    for row in run.rows:
        if row.name == "hostile":
            continue
        with open(row.path + ".manifest.json") as f:
            planted = json.load(f)["planted"]
        found = problems(row.name, planted, json.loads(row.tools["resticlint"].output)["findings"])
        failures += found
        print(f"smoke: {row.name}: planted {planted}: {'MISMATCH' if found else 'all found, nothing else'}", file=sys.stderr)
    for failure in failures:
        print("smoke: FAILED: " + failure, file=sys.stderr)
    return 1 if failures else 0
