"""Checks the slides and the static site in headless Chromium at 1280x720, offline.

    .venv/bin/python -m staff.instructor_browser_check [--site build/site] [--no-build]

Builds the site (staff/build_site.py, the slides included) unless --no-build, then opens it from the disk (file://) in
headless Chromium with every host name unresolvable, and records every request the pages make (the DevTools
protocol's Network events). It fails if any request leaves the disk, if a page or a slide is wider than the window,
or if a slide's content is taller than the screen (it would need scrolling in class). For each slide deck it walks
every slide (reveal.js's own API); for the site, every page. Screenshots: build/screenshots/instructors/.
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
const wide = [...slide.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1);
}).length;
const sideways = [...slide.querySelectorAll('pre, table, .jp-OutputArea-output')].filter(
    e => e.scrollWidth > e.clientWidth + 1).length;
return {tall: slide.scrollHeight > slide.clientHeight + 2, over: slide.scrollHeight - slide.clientHeight,
        wide: wide, sideways: sideways, sidebyside: slide.querySelectorAll('.sidebyside').length,
        page: document.documentElement.scrollWidth > window.innerWidth,
        title: (slide.querySelector('h1, h2, h3') || {}).textContent || ''};
"""
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
    """Walks every slide of one deck; returns (slides, problems)."""
    driver.get(deck.as_uri())
    deadline = time.monotonic() + 30
    while not driver.execute_script("return typeof Reveal !== 'undefined' && Reveal.isReady()"):
        if time.monotonic() > deadline:
            return 0, [f"{deck.name}: reveal.js did not start"]
        time.sleep(0.2)
    indices = driver.execute_script("return Reveal.getSlides().map(s => Reveal.getIndices(s))")
    problems, shot = [], False
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
        if m["sidebyside"] and not shot and deck.stem in shots:
            driver.save_screenshot(str(SHOTS / f"slides-{deck.stem}-sidebyside.png"))
            shot = True
    driver.execute_script("Reveal.slide(0, 0)")
    time.sleep(0.1)
    if deck.stem in shots:
        driver.save_screenshot(str(SHOTS / f"slides-{deck.stem}-first.png"))
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
    arguments = parser.parse_args(argv)
    start_time = time.perf_counter()
    if not arguments.no_build:
        from staff import build_site

        build_site.build(arguments.site)
        print(f"built {arguments.site} in {time.perf_counter() - start_time:.1f} s")
    browser_check.install()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    site = arguments.site.resolve()
    driver = start()
    problems, asked = [], []
    try:
        requests(driver)
        decks = sorted((site / "slides").glob("[0-9][0-9]*.html"))
        total = 0
        for deck in decks:
            count, found = check_slides(driver, deck, shots={"01_five_steps", "03_refactor"})
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
