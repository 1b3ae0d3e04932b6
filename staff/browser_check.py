"""Checks in a real browser that the side-by-side views of a lesson fit a laptop screen.

    .venv/bin/python -m staff.browser_check [NOTEBOOK ...]      (default: notebooks/03_refactor.ipynb)

Starts JupyterLab from this virtual environment on a free port, opens each notebook in headless Chromium at
1366x768 with the file browser open, as a student would (fresh settings, so the notebook is untrusted and its HTML
sanitized), and waits for the stored outputs to render. For each side-by-side view it prints the widths that decide
whether a student must scroll sideways, saves screenshots to build/screenshots/, and exits 1 if any view overflows.
Installs what it needs when missing: Debian's chromium and chromium-driver (apt-get), selenium (pip, into this venv).
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "screenshots"
WINDOW = (1366, 768)
SELENIUM = "selenium==4.51.0"  # 4.52 needs a certifi newer than the package index here has
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--force-device-scale-factor=1",
    f"--window-size={WINDOW[0]},{WINDOW[1]}",
)
VIEW = ".sidebyside, td[style*='monospace'], div[style*='monospace']"  # the last two: views rendered before this check
SETTINGS = {  # no news toast over the screenshots, no autosave
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}
MEASURE = """
const output = arguments[0];
const view = arguments[1].closest('table') || arguments[1].parentElement;  // a cell or column of an older view
const scroller = output.closest('.jp-WindowedPanel-outer') || output.closest('.jp-Notebook');
const cells = [...view.querySelectorAll('td, div')].filter(e => e.scrollWidth > e.clientWidth + 1);
const box = output.getBoundingClientRect();
return {window: window.innerWidth, page: document.documentElement.scrollWidth,
        notebook: [scroller.scrollWidth, scroller.clientWidth],
        output: [output.scrollWidth, output.clientWidth, Math.round(box.left), Math.round(box.right)],
        view: [view.scrollWidth, Math.round(view.getBoundingClientRect().right)],
        clipped: cells.length,
        sidebar: (document.querySelector('#filebrowser') || {}).offsetWidth || 0,
        height: Math.round(view.getBoundingClientRect().height), viewport: scroller.clientHeight,
        refactor: refactor()};
// the refactor: from the row with `def train(` to the last with `return loss` (the loop beside training_step and
// the Trainer call), in px; null in a view without both
function refactor() {
  const rows = [...view.rows].filter(row => row.closest('table') === view);
  const top = rows.find(row => row.textContent.includes('def train('));
  const bottom = rows.filter(row => row.textContent.includes('return loss')).pop();
  return top && bottom ? Math.round(bottom.getBoundingClientRect().bottom - top.getBoundingClientRect().top) : null;
}
"""


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n")[2]
    )
    parser.add_argument(
        "notebooks",
        metavar="NOTEBOOK",
        nargs="*",
        type=Path,
        help="lessons to check (default: notebooks/03_refactor.ipynb)",
    )
    given = parser.parse_args(argv).notebooks
    notebooks = [path.resolve() for path in given] or [ROOT / "notebooks" / "03_refactor.ipynb"]
    for notebook in notebooks:
        if not notebook.is_file():
            sys.exit(f"browser_check: no notebook {notebook}")
        if not any(cell.get("outputs") for cell in json.loads(notebook.read_text())["cells"]):
            sys.exit(f"browser_check: {notebook} holds no outputs: execute it first")
    start = time.perf_counter()
    install()
    print(f"installs checked in {time.perf_counter() - start:.1f} s")
    SHOTS.mkdir(parents=True, exist_ok=True)
    failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for notebook in notebooks:
            failed += check(notebook, Path(scratch))
    print(
        f"browser check: {'FAILED' if failed else 'passed'} in {time.perf_counter() - start:.1f} s; "
        f"screenshots in {SHOTS.relative_to(ROOT)}/"
    )
    return 1 if failed else 0


def install():
    """Debian's chromium and chromium-driver, and selenium in this venv, each only if missing."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        apt = sudo + ["apt-get", "-o", "DPkg::Lock::Timeout=300", "-q"]
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        print("installing chromium and chromium-driver with apt-get", flush=True)
        subprocess.run(apt + ["update"], check=True, env=env, stdout=subprocess.DEVNULL)
        subprocess.run(
            apt + ["install", "-y", "chromium", "chromium-driver"],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    try:
        import selenium  # noqa: F401
    except ImportError:
        print(f"installing {SELENIUM} with pip", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", SELENIUM], check=True)


def shot_name(notebook):
    """A lesson's name, or an exercise notebook's with its folder first (exercises-09_capstone): a lesson and its
    exercise share a file name."""
    return (
        notebook.stem
        if notebook.parent.name == "notebooks"
        else f"{notebook.parent.name}-{notebook.stem}"
    )


def check(notebook, scratch):
    """Opens one notebook in JupyterLab; prints each view's widths; returns how many views overflow."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    name = shot_name(notebook)
    for old in SHOTS.glob(f"{name}*.png"):
        old.unlink()
    port, token = free_port(), os.urandom(16).hex()
    home = scratch / name
    (home / "lab").mkdir(parents=True)
    # a copy: JupyterLab writes checkpoints, and could autosave, beside it
    shutil.copy(notebook, home / "lab")
    for plugin, settings in SETTINGS.items():
        path = home / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
    )
    lab = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "jupyter"),
            "lab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={home / 'lab'}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + (f"--user-data-dir={home / 'chromium'}",):
        options.add_argument(flag)
    driver = None
    try:
        t0 = time.perf_counter()
        wait_for_server(port, token)
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        driver.set_window_size(*WINDOW)
        driver.get(f"http://127.0.0.1:{port}/lab/tree/{notebook.name}?token={token}")
        views = wait_for_views(driver, By)
        open_file_browser(driver, By, want_open=False)
        heights(driver, views)
        open_file_browser(driver, By)
        print(
            f"{notebook.name}: JupyterLab and Chromium up, {len(views)} views rendered in "
            f"{time.perf_counter() - t0:.1f} s; window {driver.execute_script('return window.innerWidth')}"
            f"x{driver.execute_script('return window.innerHeight')} px"
        )
        driver.save_screenshot(str(SHOTS / f"{name}.png"))
        if not views:
            print(f"  no side-by-side view in {notebook.name}: FAILED")
            return 1
        return sum(measure(driver, view, k, name) for k, view in enumerate(views, 1))
    finally:
        if driver is not None:
            driver.quit()
        lab.terminate()
        lab.wait(timeout=30)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(port, token, timeout=90):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/api/status?token={token}", timeout=5
            ) as reply:
                json.load(reply)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def wait_for_views(driver, By, timeout=90):
    """The side-by-side views, once the notebook's outputs have rendered and their count holds still."""
    deadline, seen, steady = time.monotonic() + timeout, -1, 0
    while time.monotonic() < deadline:
        outputs = driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-OutputArea-output")
        steady = steady + 1 if outputs and len(outputs) == seen else 0
        seen = len(outputs)
        if steady >= 4:
            views = []
            for output in outputs:
                found = output.find_elements(By.CSS_SELECTOR, VIEW)
                views += found[:1]
            return [
                (
                    view,
                    view.find_element(
                        By.XPATH, "./ancestor::div[contains(@class,'jp-OutputArea-output')]"
                    ),
                )
                for view in views
            ]
        time.sleep(0.5)
    raise TimeoutError("the notebook's outputs did not render")


def open_file_browser(driver, By, want_open=True):
    is_open = driver.execute_script(
        "return (document.querySelector('#filebrowser') || {}).offsetWidth || 0"
    )
    if bool(is_open) != want_open:
        driver.find_element(By.CSS_SELECTOR, "[data-id='filebrowser']").click()
        time.sleep(1)


def heights(driver, views):
    """Prints each view's height, and the refactor's (`def train(` to `return loss`), with the file browser closed
    as a student reading the lesson has it: the refactor should fit the notebook's viewport."""
    for k, (view, output) in enumerate(views, 1):
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", output)
        time.sleep(0.3)
        m = driver.execute_script(MEASURE, output, view)
        refactor = m["refactor"]
        print(
            f"  view {k}, file browser closed: {m['height']} px tall in a notebook viewport of {m['viewport']} px"
            + (
                f"; the refactor (`def train(` to `return loss`) {refactor} px: "
                f"{'fits one screen' if refactor <= m['viewport'] else 'TALLER than one screen'}"
                if refactor is not None
                else ""
            )
        )


def measure(driver, view_and_output, k, stem):
    """Prints one view's widths and saves its screenshots; 1 if it overflows, else 0."""
    view, output = view_and_output
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", output)
    time.sleep(0.5)
    m = driver.execute_script(MEASURE, output, view)
    overflows = (
        m["output"][0] > m["output"][1] + 1
        or m["output"][3] > m["window"]
        or m["page"] > m["window"]
        or m["notebook"][0] > m["notebook"][1] + 1
        or m["view"][1] > m["output"][3] + 1
        or m["clipped"]
    )
    print(
        f"  view {k}: output area {m['output'][1]} px wide ({m['output'][2]}..{m['output'][3]} of a "
        f"{m['window']} px window, file browser {m['sidebar']} px), content {m['output'][0]} px, view "
        f"{m['view'][0]} px; notebook scroll {m['notebook'][0]}/{m['notebook'][1]} px; clipped cells "
        f"{m['clipped']}: {'OVERFLOWS' if overflows else 'fits'}"
    )
    driver.save_screenshot(str(SHOTS / f"{stem}-view{k}.png"))
    height = driver.execute_script("return arguments[0].getBoundingClientRect().height", output)
    # the whole view in one picture, at the same width
    driver.set_window_size(WINDOW[0], int(height) + 400)
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", output)
    time.sleep(0.5)
    output.screenshot(str(SHOTS / f"{stem}-view{k}-full.png"))
    driver.set_window_size(*WINDOW)
    time.sleep(0.3)
    return int(bool(overflows))


if __name__ == "__main__":
    sys.exit(main())
