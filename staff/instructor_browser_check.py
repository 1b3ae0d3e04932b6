"""Checks the slides and the static site in headless Chromium at 1280x720, offline.

    .venv/bin/python -m staff.instructor_browser_check [--site build/site] [--no-build]

Builds the site (staff/build_site.py, the slides included) unless --no-build, then opens it from the disk (file://) in
headless Chromium with every host name unresolvable, and records every request the pages make (the DevTools
protocol's Network events). It fails if any request leaves the disk, if a page or a slide is wider than the window,
if a slide's content is taller than the screen (it would need scrolling in class), if a slide's prose is under
26 px or its code or tables under 22 px, or if a slide is 70 % empty or more (a section's
opening slide, its heading on top, aside). For each slide deck it walks every
slide (reveal.js's own API) and saves its screenshot (build/screenshots/instructors/slides/); for the site, every
page. --decks NAME... checks only those lessons' slides, built alone (fast, while setting slide types).
Chromium and its flags come from staff/browser_check.py.
"""

import argparse
import json
import sys
import time
from pathlib import Path

from staff import browser_check

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "screenshots" / "instructors"
WINDOW = (1280, 720)
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND"  # no host name resolves: a request that leaves the disk fails
SLIDE = """
const slide = Reveal.getCurrentSlide();
const box = slide.getBoundingClientRect();
const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
const wide = [...slide.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1);
}).length;
const sideways = [...slide.querySelectorAll('pre, table, .jp-OutputArea-output')].filter(
    e => e.scrollWidth > e.clientWidth + 1).length;
// the smallest font of prose (text in p and li, code aside) and of everything else that holds text
let prose = 99, code = 99;
for (const e of slide.querySelectorAll('*')) {
    // headings are larger by design; a subscript or superscript is an index, smaller by design
    if (!shown(e) || e.closest('aside.notes') || /^(H[1-6]|SUB|SUP)$/.test(e.tagName)) continue;
    if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    const inProse = e.closest('p, li') && !e.closest('code, pre');
    if (inProse) prose = Math.min(prose, size); else code = Math.min(code, size);
}
// how far down the content reaches, as a share of the slide's height
let bottom = box.top;
for (const e of slide.querySelectorAll('*')) {
    if (shown(e) && !e.closest('aside.notes')) bottom = Math.max(bottom, e.getBoundingClientRect().bottom);
}
return {tall: slide.scrollHeight > slide.clientHeight + 2, over: slide.scrollHeight - slide.clientHeight,
        wide: wide, sideways: sideways, sidebyside: slide.querySelectorAll('.sidebyside, .refactor').length,
        page: document.documentElement.scrollWidth > window.innerWidth, prose: prose, code: code,
        filled: (bottom - box.top) / box.height,
        title: (slide.querySelector('h1, h2, h3') || {}).textContent || ''};
"""
PROSE_PX, CODE_PX = 26, 22  # the smallest fonts a room reads at 1280x720
UNDER = 0.3  # a slide whose content fills less of its height than this is 70 % empty or more
PAGE = """
const sideways = [...document.querySelectorAll('pre, table, .jp-OutputArea-output')].filter(
    e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible').length;
return {width: document.documentElement.scrollWidth, window: window.innerWidth, sideways: sideways,
        views: document.querySelectorAll('.sidebyside').length};
"""


def start():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser_check.CHROMIUM
    for flag in browser_check.FLAGS:
        options.add_argument(
            f"--window-size={WINDOW[0]},{WINDOW[1]}" if flag.startswith("--window-size") else flag
        )
    options.add_argument(OFFLINE)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(browser_check.CHROMEDRIVER))
    driver.set_window_size(*WINDOW)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    if inner != list(WINDOW):  # the window's frame: make the page itself 1280x720
        driver.set_window_size(2 * WINDOW[0] - inner[0], 2 * WINDOW[1] - inner[1])
    return driver


def requests(driver):
    """URLs requested since the last call, from the performance log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def off_disk(urls):
    return [url for url in urls if not url.startswith(("file:", "data:", "about:", "blob:"))]


def check_slides(driver, deck, shots):
    """Walks every slide of one deck, saving a screenshot of each; returns (slides, problems)."""
    driver.get(deck.as_uri())
    deadline = time.monotonic() + 30
    while not driver.execute_script("return typeof Reveal !== 'undefined' && Reveal.isReady()"):
        if time.monotonic() > deadline:
            return 0, [f"{deck.name}: reveal.js did not start"]
        time.sleep(0.2)
    indices = driver.execute_script("return Reveal.getSlides().map(s => Reveal.getIndices(s))")
    problems = []
    for number, where in enumerate(indices, 1):
        driver.execute_script(
            "Reveal.slide(arguments[0], arguments[1])", where["h"], where.get("v") or 0
        )
        time.sleep(0.05)
        m = driver.execute_script(SLIDE)
        name = f"{deck.stem} slide {number} ({m['title'].strip()[:50]!r})"
        if m["page"] or m["wide"]:
            problems.append(f"{name}: wider than the window ({m['wide']} elements past its edge)")
        if m["sideways"]:
            problems.append(f"{name}: {m['sideways']} blocks scroll sideways")
        if m["tall"]:
            problems.append(f"{name}: {m['over']} px taller than the screen")
        if m["prose"] < PROSE_PX or m["code"] < CODE_PX:
            problems.append(
                f"{name}: fonts too small for a room: prose {m['prose']:g} px (at least {PROSE_PX}), "
                f"code and tables {m['code']:g} px (at least {CODE_PX})"
            )
        # a section's opening slide (its heading, at the top of a stack) may be short: a title slide is one idea
        opening = m["title"].strip() and not where.get("v")
        if m["filled"] < UNDER and not opening:
            problems.append(
                f"{name}: {1 - m['filled']:.0%} empty: join it to the slide before or after"
            )
        if shots:
            driver.save_screenshot(str(shots / f"{deck.stem}-{number:02d}.png"))
    driver.execute_script("Reveal.slide(0, 0)")
    return len(indices), problems


def check_page(driver, path, site):
    driver.get(path.as_uri())
    time.sleep(0.1)
    m = driver.execute_script(PAGE)
    name = path.relative_to(site).as_posix()
    problems = []
    if m["width"] > m["window"]:
        problems.append(f"{name}: {m['width']} px wide in a {m['window']} px window")
    if m["sideways"]:
        problems.append(f"{name}: {m['sideways']} blocks scroll sideways")
    return m, problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--no-build", action="store_true", help="check the site as it is")
    parser.add_argument(
        "--decks", nargs="+", metavar="NAME", help="only these lessons' slides (e.g. 03_refactor)"
    )
    arguments = parser.parse_args(argv)
    start_time = time.perf_counter()
    if arguments.decks:
        return check_decks(arguments.decks)
    if not arguments.no_build:
        from staff import build_site

        build_site.build(arguments.site)
        print(f"built {arguments.site} in {time.perf_counter() - start_time:.1f} s")
    browser_check.install()
    (SHOTS / "slides").mkdir(parents=True, exist_ok=True)
    for old in [*SHOTS.glob("*.png"), *SHOTS.glob("slides/*.png")]:
        old.unlink()
    site = arguments.site.resolve()
    driver = start()
    problems, asked = [], []
    try:
        requests(driver)
        decks = sorted((site / "slides").glob("[0-9][0-9]*.html"))
        total = 0
        for deck in decks:
            count, found = check_slides(driver, deck, shots=SHOTS / "slides")
            total += count
            problems += found
            asked += requests(driver)
            print(f"  {deck.name}: {count} slides, {len(found)} problems", flush=True)
        pages = sorted(
            path for path in site.rglob("*.html") if "slides" not in path.relative_to(site).parts
        )
        views = 0
        for path in pages:
            m, found = check_page(driver, path, site)
            views += m["views"]
            problems += found
            asked += requests(driver)
        screenshots(driver, site)
        asked += requests(driver)
    finally:
        driver.quit()
    outside = off_disk(asked)
    problems += [f"a request left the disk: {url}" for url in sorted(set(outside))]
    print(
        f"slides: {len(decks)} decks, {total} slides; site: {len(pages)} pages, {views} side-by-side views; "
        f"{len(asked)} requests, {len(outside)} off the disk; window {WINDOW[0]}x{WINDOW[1]}"
    )
    for problem in problems:
        print(f"  {problem}")
    print(
        f"instructor browser check: {'FAILED' if problems else 'passed'} in {time.perf_counter() - start_time:.0f} s;"
        f" screenshots in {SHOTS.relative_to(ROOT)}/"
    )
    return 1 if problems else 0


def check_decks(names):
    """Builds the named lessons' slides alone and checks them: the loop while setting slide types."""
    from staff import slides

    out = ROOT / "build" / "slides-check"
    paths = [
        ROOT / "notebooks" / f"{Path(name).name.removesuffix('.ipynb')}.ipynb" for name in names
    ]
    missing = [path.stem for path in paths if not path.exists()]
    if missing:
        known = ", ".join(path.stem for path in slides.lessons())
        print(
            f"--decks: no lesson named {', '.join(missing)}; the lessons are {known}",
            file=sys.stderr,
        )
        return 2
    decks = slides.build(out, paths)
    browser_check.install()
    shots = SHOTS / "slides"
    shots.mkdir(parents=True, exist_ok=True)
    driver = start()
    problems = []
    try:
        for deck in decks:
            for old in shots.glob(f"{deck.stem}-*.png"):
                old.unlink()
            count, found = check_slides(driver, deck, shots=shots)
            problems += found
            print(f"  {deck.name}: {count} slides, {len(found)} problems", flush=True)
    finally:
        driver.quit()
    for problem in problems:
        print(f"  {problem}")
    print(
        f"slides: {'FAILED' if problems else 'passed'}; screenshots in {shots.relative_to(ROOT)}/"
    )
    return 1 if problems else 0


def screenshots(driver, site):
    for name, path, selector in [
        ("site-index", "index.html", None),
        ("site-lesson-03", "lessons/03_refactor.html", ".sidebyside"),
        ("site-pair-minimal", "pairs/minimal.html", None),
        ("site-feature-accumulation", "pairs/feature-accumulation.html", None),
        ("site-rosetta", "rosetta.html", None),
    ]:
        driver.get((site / path).as_uri())
        time.sleep(0.2)
        if selector:
            driver.execute_script(
                f"const e = document.querySelector('{selector}'); if (e) e.scrollIntoView()"
            )
            time.sleep(0.2)
        driver.save_screenshot(str(SHOTS / f"{name}.png"))


if __name__ == "__main__":
    sys.exit(main())
