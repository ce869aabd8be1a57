#!/usr/bin/env python3
"""Opens the board report in a real headless browser and checks it as a person would see it.

    scripts/check-report-in-browser.py REPORT.html OUTDIR [--screenshot docs/report.png] [--max-pages 12]

Checks, each a failure (exit 1) with a message:
  1. a screenshot is taken and is not blank (many distinct colours, not one page of white);
  2. no request leaves the file (Chromium's network log holds no http or https request);
  3. it prints to PDF on A4 (pdfinfo, or the PDF's MediaBox);
  4. no table or chart is clipped at the printable width of A4 (182 mm): the page is laid out at
     that width in an iframe and every element's width is measured;
  5. with --max-pages N: the PDF has at most N pages, and its first page holds the DfE measures'
     table whole (its caption and its last row, read back from the PDF with poppler's pdftotext).
Needs Chromium (Debian's `chromium`), run as root with --no-sandbox as CI does.
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

A4_PRINTABLE_PX = 688  # 210 mm - 2 x 14 mm margins, at 96 px per inch


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("no Chromium found (apt-get install chromium)")


def run(browser, *args, timeout=120):
    # The browser's own background traffic (updates, sync, spelling dictionaries) is switched off, so
    # any request left in the network log was made by the page.
    base = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
            "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--no-default-browser-check",
            "--disable-features=SpellCheck,OptimizationHints,MediaRouter,Translate,AutofillServerCommunication",
            "--metrics-recording-only", "--user-data-dir=" + os.path.join(os.environ.get("TMPDIR", "/tmp"), "sendcheck-chromium-profile")]
    return subprocess.run(base + list(args), capture_output=True, text=True, timeout=timeout)


def png_pixels(path):
    """Decodes an 8-bit RGB or RGBA PNG without a library: (width, height, rows of bytes)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            channels = {2: 3, 6: 4}[colour]
            assert depth == 8, "unexpected bit depth"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = prev[x], prev[x - channels] if x >= channels else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def check_screenshot(browser, url, out, screenshot):
    path = os.path.join(out, "report.png")
    r = run(browser, f"--screenshot={path}", "--window-size=1200,1600", url)
    if not os.path.exists(path):
        return [f"no screenshot was taken: {r.stderr[-500:]}"]
    width, height, channels, rows = png_pixels(path)
    colours, dark = set(), 0
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            pixel = row[x:x + 3]
            colours.add(pixel)
            if sum(pixel) < 300:
                dark += 1
    if screenshot:
        shutil.copyfile(path, screenshot)
    problems = []
    if len(colours) < 20:
        problems.append(f"the screenshot looks blank: {len(colours)} colours")
    if dark < 500:
        problems.append(f"the screenshot has almost no text: {dark} dark pixels sampled")
    print(f"screenshot: {width}x{height}, {len(colours)} colours sampled, {dark} dark pixels")
    return problems


def check_network(browser, url, out):
    """Requests the page made: http(s) requests whose initiator is the page (the browser's own
    background requests have no initiating origin)."""
    log = os.path.join(out, "netlog.json")
    run(browser, f"--log-net-log={log}", "--net-log-capture-mode=Everything", "--dump-dom", url)
    try:
        netlog = json.load(open(log))
    except (OSError, ValueError):
        return ["Chromium wrote no readable network log"]
    kinds = {v: k for k, v in netlog["constants"]["logSourceType"].items()}
    requests = {}
    for event in netlog["events"]:
        source, params = event["source"], event.get("params", {})
        if kinds.get(source["type"]) != "URL_REQUEST":
            continue
        entry = requests.setdefault(source["id"], {})
        if str(params.get("url", "")).startswith(("http://", "https://")):
            entry["url"] = params["url"]
        if "initiator" in params:
            entry["initiator"] = params["initiator"]
    page = sorted({r["url"] for r in requests.values() if "url" in r and r.get("initiator") != "not an origin"})
    background = sum(1 for r in requests.values() if "url" in r and r.get("initiator") == "not an origin")
    print(f"network: {len(page)} requests from the page ({background} of the browser's own, not the page's)")
    return [f"a request left the file: {u}" for u in page]


def check_length(out, max_pages):
    """The paper's length, and that page 1 holds the measures table (caption to last row)."""
    pdf = os.path.join(out, "report.pdf")
    if not shutil.which("pdfinfo") or not shutil.which("pdftotext"):
        return ["--max-pages needs poppler's pdfinfo and pdftotext (apt-get install poppler-utils)"]
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", pdf, "-"], capture_output=True, text=True).stdout
    flat = " ".join(first.split())
    problems = []
    if pages > max_pages:
        problems.append(f"the paper prints on {pages} A4 pages, more than {max_pages}")
    if "The DfE's timeliness measures" not in flat:
        problems.append("page 1 does not hold the DfE measures' table (its caption is not on page 1)")
    elif "Average weeks from request to plan" not in flat:
        problems.append("page 1 holds only part of the DfE measures' table (its last row is not on page 1)")
    print(f"length: {pages} pages (at most {max_pages}); page 1 holds the measures table: {not problems}")
    return problems


def check_pdf(browser, url, out):
    pdf = os.path.join(out, "report.pdf")
    run(browser, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url)
    if not os.path.exists(pdf):
        return ["no PDF was printed"]
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
        pages = re.search(r"Pages:\s+(\d+)", info)
        w, h = (float(size.group(1)), float(size.group(2))) if size else (0, 0)
        print(f"pdf: {pages.group(1) if pages else '?'} pages of {w} x {h} pt")
    else:
        box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", open(pdf, "rb").read())
        w, h = (float(box.group(1)), float(box.group(2))) if box else (0, 0)
    if abs(w - 595.28) > 2 or abs(h - 841.89) > 2:
        return [f"the PDF is not A4: {w} x {h} pt"]
    return []


WRAPPER = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="r" src="%s" style="width:%dpx;height:2000px;border:0"></iframe>
<pre id="result">PENDING</pre>
<script>
document.getElementById('r').addEventListener('load', function () {
  var doc = this.contentDocument, out = [], width = %d;
  if (!doc) { document.getElementById('result').textContent = 'NO-ACCESS'; return; }
  var root = doc.documentElement;
  if (root.scrollWidth > width + 1) out.push('PAGE ' + root.scrollWidth);
  doc.querySelectorAll('table, svg, figure, pre').forEach(function (el, i) {
    var box = el.getBoundingClientRect();
    if (box.right > width + 1 || el.scrollWidth > el.clientWidth + 1) {
      var label = (el.querySelector && el.querySelector('caption')) ? el.querySelector('caption').textContent : el.tagName;
      out.push('CLIPPED ' + el.tagName + ' ' + Math.round(box.right) + ': ' + label);
    }
  });
  document.getElementById('result').textContent = out.length ? out.join('\\n') : 'OK ' + doc.querySelectorAll('table').length + ' tables';
});
</script></body></html>"""


def check_clipping(browser, report, out):
    wrapper = os.path.join(out, "measure.html")
    with open(wrapper, "w") as f:
        f.write(WRAPPER % ("file://" + os.path.abspath(report), A4_PRINTABLE_PX, A4_PRINTABLE_PX))
    r = run(browser, "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom", "file://" + wrapper)
    found = re.search(r'<pre id="result">(.*?)</pre>', r.stdout, re.S)
    result = found.group(1).strip() if found else "NO-RESULT"
    print(f"layout at {A4_PRINTABLE_PX}px: {result.splitlines()[0] if result else result}")
    if result.startswith("OK"):
        return []
    return [f"clipped at the printable width of A4: {line}" for line in result.splitlines()]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    report, out = sys.argv[1], sys.argv[2]
    screenshot = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
    os.makedirs(out, exist_ok=True)
    browser = chromium()
    url = "file://" + os.path.abspath(report)
    problems = check_screenshot(browser, url, out, screenshot)
    problems += check_network(browser, url, out)
    problems += check_pdf(browser, url, out)
    problems += check_clipping(browser, report, out)
    if "--max-pages" in sys.argv:
        problems += check_length(out, int(sys.argv[sys.argv.index("--max-pages") + 1]))
    for p in problems:
        print("FAIL: " + p)
    print("report checked in Chromium: " + ("problems found" if problems else "ok"))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
