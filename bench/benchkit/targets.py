"""The targets of issue 11, checked against one run's figures."""

MIB = 1024
RSS_LIMIT_MIB = 64
RG_FACTOR = 4
HOSTILE_MBPS = 50


def check(rows, dense_2g=None):
    """[(target, profile, figure, holds)] from the profile rows; `dense_2g` is (size, Timing) or None."""
    out = []
    for row in rows:
        name, size, r = row.name, row.size, row.tools["resticlint"]
        rg, grep = row.tools.get("rg -c"), row.tools.get("grep -cE")
        if name != "hostile":
            if rg:
                factor = r.cpu / max(rg.cpu, 0.005)
                out.append((f"≤ {RG_FACTOR}× `rg -c` (CPU)", name, f"{factor:.1f}×", factor <= RG_FACTOR))
            if grep:
                factor = r.cpu / max(grep.cpu, 0.005)
                out.append(("never slower than `grep -cE` (CPU)", name, f"{factor:.2f}×", factor <= 1))
        else:
            mbps = size / 1e6 / max(r.cpu, 1e-6)
            out.append((f"≥ {HOSTILE_MBPS} MB/s (per CPU second)", name, f"{mbps:.0f} MB/s", mbps >= HOSTILE_MBPS))
        out.append((f"peak RSS < {RSS_LIMIT_MIB} MiB", name, f"{r.rss_kib / MIB:.0f} MiB", r.rss_kib < RSS_LIMIT_MIB * MIB))
    if dense_2g:
        size, timing = dense_2g
        out.append((f"peak RSS < {RSS_LIMIT_MIB} MiB", f"dense, {size / 2**30:.1f} GiB", f"{timing.rss_kib / MIB:.0f} MiB",
                    timing.rss_kib < RSS_LIMIT_MIB * MIB))
    return out
