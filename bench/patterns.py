#!/usr/bin/env python3
"""Turn the rules' regexes into one-line patterns that grep, ripgrep and pcre2grep can run.

    python3 bench/patterns.py RULES_DIR OUT_DIR LITERALS_FILE

LITERALS_FILE is the output of `resticlint rules literals`: the prefilter's own literals.

Writes to OUT_DIR:
  pcre.txt       one PCRE2 alternation of every rule pattern (pcre2grep, rg -P)
  ere.txt        the same as a POSIX ERE (GNU grep -E)
  rust.txt       the same in ripgrep's default (Rust regex) syntax
  prefilter.txt  a PCRE2 alternation of the literals resticlint's prefilter searches for
  prefilter-literals.txt  the same literals, one per line (grep -F)
  patterns.md    what was translated and what had to be approximated

A line-oriented tool sees one line at a time, while resticlint first strips wrapper prefixes
(journald, ISO timestamps, docker compose) and joins multi-line messages. So, in every output:
  * `^` becomes `^` followed by an optional wrapper prefix, so anchored patterns still match
    wrapped lines;
  * a pattern is cut at its first `\\n`: the line tools match the first line of a block;
  * named groups become plain groups (names would clash in one alternation).
A pattern's `unless:` entries, which resticlint searches in the text the pattern matched, become a
negative lookahead at the start of the match that searches them up to the end of the line: the same
lines match wherever the match runs to the end of the line (as the catch-all `error_word`'s does).
ERE and Rust regex have no lookaround: a lookahead `(?=X).*` becomes `X.*` (same lines match);
other lookarounds are dropped, which makes the ERE match a superset of the lines. Per-pattern
case-insensitivity becomes `[eE]`-style classes in ERE and `(?i:...)` in PCRE and Rust.
"""
import glob
import os
import re
import sys

import yaml

# What resticlint's WrapperPrefixParser strips, simplified: syslog/journald, ISO timestamp, container.
PREFIX_PCRE = (r"(?:[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d (?:\S+ )?[\w./@-]+?(?:\[\d+\])?: ?"
               r"|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\S* +|[\w.-]{1,64} +\| ?)")
PREFIX_ERE = (r"([A-Z][a-z][a-z]  ?[0-9][0-9]? [0-9][0-9]:[0-9][0-9]:[0-9][0-9] ([^[:space:]]+ )?[[:alnum:]_./@-]+(\[[0-9]+\])?: ?"
              r"|[0-9]{4}-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9][^[:space:]]* +|[[:alnum:]_.-]{1,64} +\| ?)")
PREFIX_RUST = (r"(?:[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d (?:\S+ )?[\w./@\-]+?(?:\[\d+\])?: ?"
               r"|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\S* +|[\w.\-]{1,64} +\| ?)")

ERE_SPECIAL = set(".[]()*+?{}|^$\\")
RUST_META = set("\\.+*?()|[]{}^$#&-~")


def load_patterns(rules_dir):
    """(rule id, pattern name, regex, case_insensitive, literals or None) for every rule pattern."""
    out = []
    for path in sorted(glob.glob(os.path.join(rules_dir, "*.yml")) + glob.glob(os.path.join(rules_dir, "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        if not isinstance(doc, dict):
            continue
        rid = doc.get("id", os.path.basename(path))
        for name, value in (doc.get("patterns") or {}).items():
            if isinstance(value, str):
                out.append((rid, name, value, False, None))
            elif isinstance(value, dict) and isinstance(value.get("regex"), str):
                lits = value.get("literals")
                unless = value.get("unless") or []
                out.append((rid, name, with_exclusions(value["regex"], [unless] if isinstance(unless, str) else unless),
                            bool(value.get("case_insensitive")),
                            [str(x) for x in lits] if isinstance(lits, list) else None))
    return out


def with_exclusions(regex, unless):
    """One regex for a line tool: resticlint looks for each `unless:` entry in the text the regex
    matched; here a negative lookahead at the match's start looks for it up to the line's end.
    Exact when the match ends at the line's end; otherwise it excludes more lines, and an unanchored
    pattern may match at a later start. After `^`, so it follows the wrapper prefix."""
    if not unless:
        return regex
    look = "(?!" + "|".join("[^\\n]*?(?:" + str(u) + ")" for u in unless) + ")"
    return "^" + look + regex[1:] if regex.startswith("^") else look + regex


def matching_paren(p, i):
    """Index of the `)` closing the group that opens at p[i]."""
    depth, in_class = 0, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if p[i + 1:i + 2] == "^":
                i += 1
            if p[i + 1:i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced parentheses")


def parse_class(p, i):
    """Parses the class starting at p[i] == '['. Returns (negated, items, next index).
    items: ('char', c) | ('range', a, b) | ('posix', name) | ('esc', letter) for \\d \\w \\s ..."""
    i += 1
    negated = False
    if p[i] == "^":
        negated, i = True, i + 1
    items = []
    first = True
    while i < len(p) and (p[i] != "]" or first):
        first = False
        c = p[i]
        if c == "[" and p[i + 1:i + 2] == ":":
            j = p.index(":]", i + 2)
            items.append(("posix", p[i + 2:j]))
            i = j + 2
            continue
        if c == "\\":
            e = p[i + 1]
            i += 2
            if e in "dDwWsS":
                items.append(("esc", e))
                continue
            ch = {"n": "\n", "t": "\t", "r": "\r"}.get(e, e)
        else:
            ch, i = c, i + 1
        if p[i:i + 1] == "-" and p[i + 1:i + 2] not in ("]", "") :
            hi = p[i + 1]
            if hi == "\\":
                hi = p[i + 2]
                i += 3
            else:
                i += 2
            items.append(("range", ch, hi))
        else:
            items.append(("char", ch))
    return negated, items, i + 1


def atoms(p, i, end):
    """The lookaround body p[i:end] as single-character atoms [(negated, class items)], or None."""
    out = []
    while i < end:
        c = p[i]
        if c == "\\":
            e = p[i + 1]
            if e in "dDwWsS":
                out.append((e.isupper(), [("esc", e.lower())]))
            elif e.isalnum():
                return None
            else:
                out.append((False, [("char", e)]))
            i += 2
        elif c == "[":
            neg, items, i = parse_class(p, i)
            out.append((neg, items))
        elif c in ".^$()|*+?{}":
            return None
        else:
            out.append((False, [("char", c)]))
            i += 1
        if i < end and p[i] in "*+?{":
            return None
    return out if 0 < len(out) <= 3 else None


def render_class(negated, items, flavor, caseless):
    """A class in ERE or Rust syntax; newline members are dropped (a line holds none)."""
    chars, ranges, posix = [], [], []
    for it in items:
        if it[0] == "char":
            if it[1] != "\n":
                chars.append(it[1])
        elif it[0] == "range":
            ranges.append((it[1], it[2]))
        elif it[0] == "posix":
            posix.append(it[1])
        else:
            e = it[1]
            if e == "d":
                ranges.append(("0", "9"))
            elif e == "w":
                posix.append("alnum"); chars.append("_")
            elif e == "s":
                posix.append("space")
            else:  # a negated escape inside a class: approximate with "anything"
                return "."
    if caseless:
        extra = []
        for c in chars:
            if c.isalpha():
                extra.append(c.swapcase())
        for a, b in list(ranges):
            if a.isalpha() and b.isalpha():
                ranges.append((a.swapcase(), b.swapcase()))
        chars += extra
    if not chars and not ranges and not posix:
        # Nothing left (a class of only a newline): anything, or nothing at all, which neither ERE
        # nor Rust can say as a class; a word boundary that is not one never matches.
        return "." if negated else ("\\b\\B" if flavor == "ere" else "(?-u:\\b\\B)")
    if flavor == "ere":
        body = ""
        if "]" in chars:
            body += "]"
        body += "".join(f"[:{n}:]" for n in posix)
        body += "".join(f"{a}-{b}" for a, b in ranges)
        rest = [c for c in dict.fromkeys(chars) if c not in "]-^"]
        body += "".join(rest)
        if "^" in chars:
            body += "^"
        if "-" in chars:
            body += "-"
        if body == "^":
            body = "\\^"  # cannot happen in practice
        return "[" + ("^" if negated else "") + body + "]"
    # Rust
    def esc(c):
        return "\\" + c if c in RUST_META else c
    body = "".join(f"[:{n}:]" for n in posix)
    body += "".join(f"{esc(a)}-{esc(b)}" for a, b in ranges)
    body += "".join(esc(c) for c in dict.fromkeys(chars))
    return "[" + ("^" if negated else "") + body + "]"


class Translator:
    """Walks a PCRE pattern and re-emits it for one flavor: 'pcre', 'ere' or 'rust'."""

    def __init__(self, flavor):
        self.flavor = flavor
        self.notes = []

    def translate(self, p, caseless=False):
        self.cut = False
        out = self.seq(p, 0, len(p), caseless)
        if self.flavor == "pcre" and caseless:
            out = "(?i:" + out + ")"
        elif self.flavor == "rust" and caseless:
            out = "(?i:" + out + ")"
        return out

    def group_open(self):
        return "(" if self.flavor == "ere" else "(?:"

    def seq(self, p, i, end, caseless):
        """Translates p[i:end]; stops early (self.cut) at a newline escape outside a class."""
        out = []
        f = self.flavor
        while i < end and not self.cut:
            c = p[i]
            if c == "\\":
                e = p[i + 1]
                i += 2
                if e == "n":
                    self.cut = True
                    self.notes.append("cut at \\n (multi-line message: the first line is matched)")
                    break
                if f == "pcre":
                    out.append("\\" + e)
                elif e in "dDwWsS":
                    out.append(render_class(e.isupper(), [("esc", e.lower())], f, False))
                elif e in "bB":
                    out.append("\\" + e if f == "ere" else "(?-u:\\" + e + ")")
                elif e == "t":
                    out.append("\t" if f == "ere" else "\\t")
                else:
                    out.append(self.literal(e, caseless))
                continue
            if c == "[":
                negated, items, j = parse_class(p, i)
                if f == "pcre":
                    raw = p[i:j]
                    out.append(raw)
                else:
                    out.append(render_class(negated, items, f, caseless))
                i = j
                continue
            if c == "(":
                close = matching_paren(p, i)
                inner_start, kind = self.group_kind(p, i)
                if kind in ("lookahead", "neg-lookahead", "lookbehind", "neg-lookbehind"):
                    if f == "pcre":
                        head = p[i:inner_start]
                        out.append(head + self.seq(p, inner_start, close, caseless) + ")")
                    elif kind == "lookahead" and (p.startswith(".*", close + 1) or p.startswith("[^\\n]*", close + 1)):
                        # (?=X).* matches the same lines as X.*
                        out.append(self.group_open() + self.seq(p, inner_start, close, caseless) + ")")
                        self.notes.append("(?=X).* became X.*")
                    elif kind in ("neg-lookahead", "neg-lookbehind") and atoms(p, inner_start, close):
                        out.append(self.negated_atoms(atoms(p, inner_start, close), kind, caseless))
                        self.notes.append(f"{kind} of single characters became a consuming class")
                    else:
                        self.notes.append(f"{kind} dropped (the {f} pattern matches a superset)")
                    i = close + 1
                    continue
                inner_caseless = caseless or kind == "caseless"
                body = self.seq(p, inner_start, close, inner_caseless)
                if kind == "caseless" and f != "ere":
                    out.append("(?i:" + body + ")")
                else:
                    out.append(self.group_open() + body + ")")
                if self.cut:
                    break
                i = close + 1
                continue
            if c == "^":
                if f == "pcre":
                    # A subroutine defined once in the union (see main); possessive, so a skipped
                    # prefix cannot dodge a negative lookahead.
                    out.append("^(?&wrapper)?+")
                else:
                    out.append("^" + (PREFIX_ERE if f == "ere" else PREFIX_RUST) + "?")
                i += 1
                continue
            if c in "*+?}" and i + 1 < end and p[i + 1] in "?+" and f != "pcre":
                out.append(c)  # lazy/possessive quantifier: greedy matches the same lines
                i += 2
                continue
            if c == "{":
                j = p.index("}", i)
                out.append(p[i:j + 1])
                i = j + 1
                if f != "pcre" and i < end and p[i] in "?+":
                    i += 1  # lazy/possessive
                continue
            if c in ".*+?|$":
                out.append(c)
                i += 1
                continue
            if c == ")":
                raise ValueError("unexpected )")
            out.append(self.literal(c, caseless))
            i += 1
        return "".join(out)

    def negated_atoms(self, items, kind, caseless):
        """(?!ab) -> ($|[^a]|a($|[^b])); (?<!a) -> (^|[^a]). Consumes characters, which is harmless
        where the neighbours are `[^\\n]*`-like, as in the rules."""
        f = self.flavor
        g = self.group_open()
        pos = [render_class(neg, its, f, caseless) for neg, its in items]
        negs = [render_class(not neg, its, f, caseless) for neg, its in items]
        if kind == "neg-lookbehind":
            if len(items) != 1:
                return ""
            return g + "^|" + negs[0] + ")"
        out = g + "$|" + negs[-1] + ")"
        for k in range(len(items) - 2, -1, -1):
            out = g + "$|" + negs[k] + "|" + pos[k] + out + ")"
        return out

    def group_kind(self, p, i):
        """(index of the group body, kind) for the group opening at p[i]."""
        if p[i + 1] != "?":
            return i + 1, "capture"
        s = p[i + 2:i + 4]
        if s.startswith(":"):
            return i + 3, "plain"
        if s.startswith("="):
            return i + 3, "lookahead"
        if s.startswith("!"):
            return i + 3, "neg-lookahead"
        if s == "<=":
            return i + 4, "lookbehind"
        if s == "<!":
            return i + 4, "neg-lookbehind"
        if s.startswith(">"):
            return i + 3, "plain"  # atomic: same lines match without it
        m = re.match(r"\(\?(?:P?<[A-Za-z_]\w*>|'[A-Za-z_]\w*')", p[i:])
        if m:
            return i + m.end(), "capture"
        m = re.match(r"\(\?i:", p[i:])
        if m:
            return i + 4, "caseless"
        raise ValueError(f"unsupported group syntax at {p[i:i + 6]!r}")

    def literal(self, c, caseless):
        f = self.flavor
        if f == "pcre":
            return "\\" + c if not c.isalnum() and c not in " _-:/<>,'\"@%=&~`#" else c
        if caseless and c.isalpha() and f == "ere":
            return f"[{c.lower()}{c.upper()}]"
        if f == "ere":
            return "\\" + c if c in ERE_SPECIAL else c
        return "\\" + c if c in RUST_META else c


def prefilter_literals(literals_file):
    """The literal alternation resticlint's prefilter scans for, as `resticlint rules literals`
    prints it (the scanner folds ASCII case, so every literal is case-insensitive here)."""
    with open(literals_file, encoding="utf-8") as fh:
        literals = sorted({line.rstrip("\n") for line in fh if line.strip()})

    def esc(s):
        return "".join("\\" + ch if ch.isascii() and not (ch.isalnum() or ch == " ") else ch for ch in s)
    return "|".join("(?i:" + esc(x) + ")" for x in literals), literals


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 64
    rules_dir, out_dir, literals_file = sys.argv[1], sys.argv[2], sys.argv[3]
    patterns = load_patterns(rules_dir)
    if not patterns:
        print(f"no rule patterns found in {rules_dir}", file=sys.stderr)
        return 1
    os.makedirs(out_dir, exist_ok=True)
    seen = {}
    report = ["| rule | pattern | notes |", "|---|---|---|"]
    outs = {"pcre": [], "ere": [], "rust": []}
    for rid, name, regex, ci, _lits in patterns:
        key = (regex, ci)
        if key in seen:
            continue
        seen[key] = True
        notes = set()
        for flavor in outs:
            t = Translator(flavor)
            try:
                outs[flavor].append(t.translate(regex, ci))
            except Exception as e:  # keep going: one odd pattern must not stop the benchmark
                notes.add(f"{flavor}: skipped ({e})")
                continue
            notes.update(f"{flavor}: {n}" for n in t.notes if flavor != "pcre" or "cut" in n)
        report.append(f"| {rid} | {name} | {'; '.join(sorted(notes)) or '-'} |")

    define = f"(?(DEFINE)(?<wrapper>{PREFIX_PCRE}))"
    for f, items in outs.items():
        alts = list(dict.fromkeys(items))
        joined = "|".join(f"({x})" if f == "ere" else f"(?:{x})" for x in alts)
        if f == "pcre":
            joined = define + joined
            # pcre2grep takes at most 8 KiB per pattern; past that it gets one pattern per line
            # (it then tries them in turn, which is slower).
            with open(os.path.join(out_dir, "pcre-lines.txt"), "w", encoding="utf-8") as fh:
                fh.write("".join(define + x + "\n" for x in alts))
        with open(os.path.join(out_dir, f"{f}.txt"), "w", encoding="utf-8") as fh:
            fh.write(joined + "\n")
    pre, literals = prefilter_literals(literals_file)
    with open(os.path.join(out_dir, "prefilter.txt"), "w", encoding="utf-8") as fh:
        fh.write(pre + "\n")
    # The same literals for `grep -F -i` (all case-insensitive there: a superset of the lines).
    with open(os.path.join(out_dir, "prefilter-literals.txt"), "w", encoding="utf-8") as fh:
        fh.write("".join(x + "\n" for x in literals if "\n" not in x))
    with open(os.path.join(out_dir, "patterns.md"), "w", encoding="utf-8") as fh:
        fh.write(f"{len(patterns)} rule patterns ({len(seen)} distinct) from {rules_dir}\n\n")
        fh.write("\n".join(report) + "\n\n")
        fh.write(f"Prefilter literals ({len(literals)}, ASCII case ignored): " + ", ".join(repr(x) for x in literals) + "\n")
    print(f"{len(patterns)} patterns ({len(seen)} distinct), {len(literals)} prefilter literals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
