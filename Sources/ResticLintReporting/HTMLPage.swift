import Foundation
import ResticFormats
import ResticLintRules

/// The page around a report: one self-contained HTML5 file with its CSS and SVG inline, no network.
/// The one small script only filters and folds; the page reads the same without it. A Content
/// Security Policy allows that script alone (by its hash), a second wall behind the escaping.
enum HTMLPage {
    /// `toolbar`: the severity filters and fold buttons, for pages of findings.
    static func document(title: String, subtitle: String, body: String, toolbar: Bool = true) -> String {
        let severities = Severity.allCases.reversed().map {
            "<label><input type=\"checkbox\" data-filter=\"\($0.rawValue)\" checked> \($0.rawValue)s</label>"
        }
        let tools = !toolbar ? "" : "<div id=\"toolbar\" hidden><span>Show:</span> " + severities.joined(separator: " ")
            + " <button type=\"button\" data-fold=\"open\">expand all</button> <button type=\"button\" data-fold=\"close\">collapse all</button></div>"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '\(scriptHash)'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="resticlint">
            <title>\(HTML.text(title))</title>
            <style>\(css)</style>
            </head>
            <body>
            <header><h1>\(HTML.text(title))</h1><p class="muted">\(HTML.text(subtitle))</p>
            \(tools)
            </header>
            <main>
            \(body)
            </main>
            <script>\(script)</script>
            </body>
            </html>

            """
    }

    /// A severity as a word with a shape, never colour alone.
    static func badge(_ severity: Severity) -> String {
        let glyph: String
        switch severity {
        case .error: glyph = "✖"
        case .warning: glyph = "▲"
        case .info: glyph = "●"
        }
        return "<span class=\"badge sev-\(severity.rawValue)\"><span aria-hidden=\"true\">\(glyph)</span> \(severity.rawValue)</span>"
    }

    static let script = """
        (function () {
          var bar = document.getElementById('toolbar');
          if (!bar) { return; }
          bar.hidden = false;
          function applyFilter() {
            var shown = {};
            bar.querySelectorAll('input[data-filter]').forEach(function (box) { shown[box.getAttribute('data-filter')] = box.checked; });
            document.querySelectorAll('section.finding').forEach(function (section) {
              section.hidden = !shown[section.getAttribute('data-severity')];
            });
          }
          bar.addEventListener('change', applyFilter);
          bar.querySelectorAll('button[data-fold]').forEach(function (button) {
            button.addEventListener('click', function () {
              var open = button.getAttribute('data-fold') === 'open';
              document.querySelectorAll('main details').forEach(function (d) { d.open = open; });
            });
          });
          window.addEventListener('beforeprint', function () {
            document.querySelectorAll('main details').forEach(function (d) { d.open = true; });
          });
          window.addEventListener('hashchange', function () {
            var target = document.getElementById(location.hash.slice(1));
            for (var node = target; node; node = node.parentElement) { if (node.tagName === 'DETAILS') { node.open = true; } }
          });
        })();
        """

    static let scriptHash = "sha256-" + Data(SHA256.digest(Array(script.utf8))).base64EncodedString()

    static let css = """
        :root { --ink: #1b1b1b; --muted: #5a5a5a; --line: #d0d0d0; --err: #b3400a; --warn: #8a6100; --info: #1f5f99; }
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); margin: 0 auto; max-width: 1000px; padding: 0 18px 40px; }
        h1 { font-size: 1.6em; margin: 18px 0 2px; } h2 { border-bottom: 2px solid var(--ink); padding-bottom: 2px; margin-top: 28px; }
        h3 { display: inline; font-size: 1.15em; } h4 { margin: 16px 0 6px; }
        code { font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
        .muted { color: var(--muted); } .num { text-align: right; font-variant-numeric: tabular-nums; }
        #toolbar { position: sticky; top: 0; background: #fff; padding: 6px 0; border-bottom: 1px solid var(--line); z-index: 2; }
        #toolbar label { margin-right: 10px; } button { font: inherit; }
        .headline { font-size: 1.1em; font-weight: 600; }
        dl.totals { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; }
        dl.totals div { border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px; min-width: 90px; }
        dl.totals dt { font-size: .8em; color: var(--muted); } dl.totals dd { margin: 0; font-size: 1.35em; font-weight: 600; }
        table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; } th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        th { font-size: .85em; color: var(--muted); font-weight: 600; }
        .badge { display: inline-block; white-space: nowrap; border: 1.5px solid currentColor; border-radius: 4px; padding: 0 6px; font-size: .8em; font-weight: 700; text-transform: uppercase; }
        .badge.sev-error { color: var(--err); } .badge.sev-warning { color: var(--warn); } .badge.sev-info { color: var(--info); }
        section.finding { border-left: 5px solid var(--line); padding: 4px 0 4px 14px; margin: 18px 0; }
        section.sev-error { border-left-color: var(--err); } section.sev-warning { border-left-color: var(--warn); border-left-style: dashed; } section.sev-info { border-left-color: var(--info); border-left-style: dotted; }
        summary { cursor: pointer; } .facts { color: var(--muted); }
        ol.evidence { list-style: none; padding: 0; margin: 0; border: 1px solid var(--line); border-radius: 4px; background: #f7f7f7; }
        ol.evidence li { display: flex; gap: 10px; padding: 2px 8px; } ol.evidence li:target { background: #fff3c4; outline: 2px solid #E69F00; }
        ol.evidence code { white-space: pre-wrap; }
        .ln { min-width: 3.5em; text-align: right; color: var(--muted); font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
        figure { margin: 8px 0; } figcaption { font-size: .9em; color: var(--muted); }
        svg.timeline { width: 100%; height: auto; display: block; font: 11px system-ui, "DejaVu Sans", sans-serif; }
        svg .lane-bg { fill: #fff; } svg .lane:nth-child(odd) .lane-bg { fill: #f4f6f8; }
        svg .lane-label { font: 11px ui-monospace, "DejaVu Sans Mono", monospace; fill: var(--ink); }
        svg .lane-line { stroke: var(--line); stroke-width: 1; } svg .axis line { stroke: var(--muted); } svg .axis text { fill: var(--muted); }
        svg .axis-label { font-style: italic; } svg .count { font-weight: 700; fill: var(--ink); }
        svg g.mark:target > :not(title), svg a:focus g.mark > :not(title) { stroke: #000; stroke-width: 2.5; }
        .replay figure { border-top: 1px dashed var(--line); padding-top: 4px; }
        ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 0; margin: 4px 0 10px; font-size: .85em; }
        ul.legend li { display: flex; align-items: center; gap: 4px; }
        .bars .bar-label { font: 12px system-ui, "DejaVu Sans", sans-serif; }
        .upgrade { color: var(--err); }
        @media print {
          @page { size: A4; margin: 14mm 12mm; }
          body { max-width: none; padding: 0; font-size: 10.5pt; }
          #toolbar { display: none !important; }
          section.finding { break-inside: avoid-page; } figure, table, svg { break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
          details > summary { list-style: none; }
        }
        """
}
