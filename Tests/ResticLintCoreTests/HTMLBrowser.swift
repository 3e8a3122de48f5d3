import Foundation

/// Opens HTML reports in Debian's chromium, headless, through its chromedriver and Python's selenium
/// (both installed by `.ci/install-deps`), and returns what the page shows as JSON, so the Swift
/// tests assert on what a reader gets rather than on the markup.
enum HTMLBrowser {
    struct Page: Codable {
        var path: String
        var console: [String]
        var stats: [String: Int]
        var sections: [Section]
        var byRule: [String: Int]
        var runTimelines: [RunTimeline]
        var replays: [Replay]
        var evidenceLinks: [String]
        var brokenLinks: [String]
        var flag: Bool
        var scripts: Int
        var text: String
        var svgErrors: [String]
        var svgCount: Int
        var filterHidesErrors: Bool
        var failures: [Failure]
        var bars: [String: Double]
        /// Printed to PDF with the page's own `@page` size: the sheet in points, and the sheet count.
        var printSheet: [Double]?
        var printSheets: Int?
        var detailsOpenWhenPrinted: Bool?
    }

    struct Section: Codable { var id: String; var rule: String; var severity: String; var visible: Bool }
    struct RunTimeline: Codable { var run: String; var lanes: [String]; var marks: [Mark] }
    struct Mark: Codable { var kind: String; var lane: String; var id: String }
    struct Replay: Codable { var role: String; var model: String; var kinds: [String] }
    struct Failure: Codable { var model: String; var kind: String; var marks: [String] }

    struct Result: Codable {
        var pages: [Page]
        /// The first page as read with JavaScript switched off.
        var noScript: Page?
    }

    /// `screenshots`: page path → PNG path, taken at 1100 px wide.
    /// `printed`: pages also printed to PDF.
    static func inspect(_ paths: [String], screenshots: [String: String] = [:], printed: [String] = []) throws -> Result {
        let spec = try JSONSerialization.data(withJSONObject: ["pages": paths, "screenshots": screenshots, "print": printed] as [String: Any])
        let specFile = FileManager.default.temporaryDirectory.appendingPathComponent("resticlint-browser-\(UUID().uuidString).json")
        try spec.write(to: specFile)
        defer { try? FileManager.default.removeItem(at: specFile) }
        let output = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, specFile.path])
        guard output.status == 0 else {
            throw BrowserError(message: "browser inspection failed (status \(output.status)):\n\(output.stdout)\n\(output.stderr)")
        }
        return try JSONDecoder().decode(Result.self, from: Data(output.stdout.utf8))
    }

    struct BrowserError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    static let script = #"""
import base64, json, re, sys, xml.etree.ElementTree as ET
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

spec = json.load(open(sys.argv[1]))

def driver(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,1400",
                "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)

def svg_errors(path):
    raw = open(path, encoding="utf-8").read()
    errors, count = [], 0
    for match in re.finditer(r"<svg\b.*?</svg>", raw, re.S):
        count += 1
        try:
            ET.fromstring(match.group(0))
        except ET.ParseError as error:
            errors.append("%s: %s" % (path, error))
    return errors, count

JS = r'''
const q = (s, root) => Array.from((root || document).querySelectorAll(s));
const ids = new Set(q('[id]').map(e => e.id));
return {
  stats: Object.fromEntries(q('[data-stat]').map(e => [e.dataset.stat, parseInt(e.dataset.value, 10)])),
  sections: q('section.finding').map(s => ({id: s.id, rule: s.dataset.rule, severity: s.dataset.severity,
                                            visible: s.offsetParent !== null && s.getBoundingClientRect().height > 0})),
  byRule: Object.fromEntries(q('table.by-rule tr[data-rule]').map(r => [r.dataset.rule, parseInt(r.dataset.count, 10)])),
  runTimelines: q('figure.run-timeline').map(f => ({run: f.dataset.run,
      lanes: q('g.lane', f).map(l => l.dataset.lane),
      marks: q('g.mark', f).map(m => {
        const cy = m.getBBox().y + m.getBBox().height / 2;
        const lane = q('g.lane', f).find(l => { const b = l.querySelector('rect').getBBox(); return cy >= b.y && cy <= b.y + b.height; });
        return {kind: m.dataset.kind, lane: lane ? lane.dataset.lane : '', id: m.id};
      })})),
  replays: q('.replay figure').map(f => ({role: f.className.replace('replay-', ''), model: f.dataset.model,
                                         kinds: q('g.mark', f).map(m => m.dataset.kind)})),
  failures: q('figure.failure').map(f => ({model: f.dataset.model, kind: f.dataset.kind, marks: q('g.mark', f).map(m => m.dataset.kind)})),
  bars: Object.fromEntries(q('g.bar').map(b => [b.dataset.model, parseFloat(b.dataset.share)])),
  evidenceLinks: q('ol.evidence a').map(a => a.getAttribute('href')),
  brokenLinks: q('a[href^="#"]').map(a => a.getAttribute('href')).filter(h => !ids.has(h.slice(1))),
  flag: window.__resticlintInjected === true,
  scripts: document.scripts.length,
  text: document.body.innerText.slice(0, 200000),
};
'''

def inspect(browser, path):
    browser.get("file://" + path)
    page = browser.execute_script(JS)
    page["path"] = path
    page["console"] = [entry["message"] for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    page["svgErrors"], page["svgCount"] = svg_errors(path)
    page["filterHidesErrors"] = False
    boxes = browser.find_elements(By.CSS_SELECTOR, 'input[data-filter="error"]')
    if boxes and boxes[0].is_displayed():
        boxes[0].click()
        page["filterHidesErrors"] = browser.execute_script(
            "return Array.from(document.querySelectorAll('section.finding[data-severity=error]')).every(s => s.offsetParent === null)")
        boxes[0].click()
    if path in spec["print"]:
        pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
        box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]", pdf)
        page["printSheet"] = [float(box.group(1)), float(box.group(2))] if box else []
        page["printSheets"] = len(re.findall(rb"/Type\s*/Page\b", pdf))
        page["detailsOpenWhenPrinted"] = browser.execute_script(
            "return Array.from(document.querySelectorAll('main details')).every(d => d.open)")
    shot = spec["screenshots"].get(path)
    if shot:
        height = min(browser.execute_script("return document.documentElement.scrollHeight"), 3200)
        browser.set_window_size(1100, height)
        browser.save_screenshot(shot)
        browser.set_window_size(1100, 1400)
    return page

result = {}
browser = driver()
try:
    result["pages"] = [inspect(browser, path) for path in spec["pages"]]
finally:
    browser.quit()
if spec["pages"]:
    browser = driver(javascript=False)
    try:
        result["noScript"] = inspect(browser, spec["pages"][0])
    finally:
        browser.quit()
print(json.dumps(result))
"""#
}
