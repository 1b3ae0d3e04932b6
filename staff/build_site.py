"""The whole course as a static site that reads offline: `.venv/bin/python -m staff.build_site [--out build/site]`.

OUT/index.html leads to every lesson (its stored outputs, rendered by nbconvert with staff/templates/offline_lab:
no CDN), its slides (staff/slides.py), the exercise notebooks as students get them (no solutions), every vanilla
file beside its Lightning twin and every feature's two diffs (course.sidebyside), the Rosetta table
(course.rosetta). Every link is relative and nothing is fetched: copy the folder anywhere, open index.html from the
disk. Nothing runs: the notebooks are shown as stored.

The instructors' page (INSTRUCTORS.md: answers to the room's questions, how grading is fenced) is not in it: it is
built on its own, `--instructors [--out build/instructors]`, for the staff only.
"""

import argparse
import html
import re
import shutil
import sys
from pathlib import Path

import mistune
import nbformat
from nbconvert import HTMLExporter

from course import rosetta, sidebyside
from course.cost import BASE
from staff import slides
from staff.student_pack import exercise_notebooks, title_and_time

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "templates"
MARKDOWN = mistune.create_markdown(plugins=["table"], escape=False)
STYLE = """
body { font-family: -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif; max-width: 1200px; margin: 0 auto;
       padding: 0 16px 32px; line-height: 1.5; color: #222; }
nav.site { font-size: 14px; padding: 8px 0; border-bottom: 1px solid #ddd; margin-bottom: 12px; }
nav.site a { margin-right: 1em; }
table.list { border-collapse: collapse; width: 100%; }
table.list td, table.list th { border-bottom: 1px solid #e5e5e5; padding: 6px 8px; text-align: left;
                               vertical-align: top; }
code { font-size: 90%; overflow-wrap: anywhere; }
pre { overflow-x: auto; }
.markdown table { border-collapse: collapse; } .markdown td, .markdown th { border: 1px solid #ddd; padding: 4px 8px;
                                                                          vertical-align: top; }
"""


def nav(depth):
    up = "../" * depth
    links = [
        ("index.html", "Course"),
        ("rosetta.html", "Rosetta table"),
        ("pairs/index.html", "Side by side"),
        ("slides/index.html", "Slides"),
    ]
    return " ".join(f'<a href="{up}{href}">{name}</a>' for href, name in links)


def page(title, body, depth=0, site=True):
    """A page of the site (its links on top), or with site=False one that stands alone."""
    links = f'<nav class="site">{nav(depth)}</nav>\n' if site else ""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>\n<body>\n"
        f"{links}{body}\n</body></html>\n"
    )


def lesson_summary(path):
    """What the lesson teaches: the "What you learn" sentence of its first cell."""
    first = nbformat.read(path, as_version=4).cells[0].source
    match = re.search(r"\*\*What you learn:\*\*\s*(.*?)(?:\n\*\*|\Z)", first, re.S)
    return " ".join(match.group(1).split()) if match else ""


def notebook_pages(paths, out, folder):
    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATES)], template_name="offline_lab")
    written = []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(
            notebook, resources={"metadata": {"name": title_and_time(path)[0]}, "site_nav": nav(1)}
        )
        target = out / folder / f"{path.stem}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body)
        written.append(target)
    return written


def pair_pages(out):
    (out / "pairs").mkdir(parents=True, exist_ok=True)
    rows = []
    for left, right in [pair for pair in sidebyside.pairs() if not pair[0].endswith("__init__.py")]:
        name = left.removeprefix("vanilla/").removesuffix(".py").replace("/", "-")
        body = (
            f"<h1><code>{html.escape(left)}</code> beside <code>{html.escape(right)}</code></h1>\n"
            + sidebyside.side_by_side_html(left, right)
        )
        (out / "pairs" / f"{name}.html").write_text(page(f"{left} and {right}", body, depth=1))
        rows.append(
            f'<tr><td><a href="{name}.html"><code>{html.escape(left)}</code> · '
            f"<code>{html.escape(right)}</code></a></td></tr>"
        )
    features = []
    for feature in BASE:
        body = (
            f"<h1>What <em>{feature}</em> adds on each side</h1>\n<p>Left: the vanilla loop's diff; right: the "
            f"Lightning version's. Red: removed, green: added.</p>\n"
            + sidebyside.feature_html(feature)
        )
        (out / "pairs" / f"feature-{feature}.html").write_text(
            page(f"{feature}: the two diffs", body, depth=1)
        )
        features.append(f'<tr><td><a href="feature-{feature}.html">{feature}</a></td></tr>')
    body = (
        "<h1>Side by side</h1>\n<h2>Each vanilla file beside its Lightning twin</h2>\n"
        f'<table class="list">{"".join(rows)}</table>\n<h2>What each feature adds, as two diffs</h2>\n'
        f'<table class="list">{"".join(features)}</table>'
    )
    (out / "pairs" / "index.html").write_text(page("Side by side", body, depth=1))
    return len(rows), len(features)


def markdown_page(text, title, site=True):
    text = re.sub(r"\]\(notebooks/exercises/(\d\d\w*)\.ipynb\)", r"](exercises/\1.html)", text)
    text = re.sub(r"\]\(notebooks/(\d\d\w*)\.ipynb\)", r"](lessons/\1.html)", text)
    return page(title, f'<div class="markdown">{MARKDOWN(text)}</div>', site=site)


def index(lessons, exercises):
    rows = "".join(
        f'<tr><td><a href="lessons/{path.stem}.html">{html.escape(title)}</a></td>'
        f"<td>{MARKDOWN(lesson_summary(path)).strip().removeprefix('<p>').removesuffix('</p>')}</td>"
        f'<td>{html.escape(time)}</td><td><a href="slides/{path.stem}.html">slides</a></td></tr>'
        for path in lessons
        for title, time in [title_and_time(path)]
    )
    exercise_rows = "".join(
        f'<tr><td><a href="exercises/{path.stem}.html">{html.escape(title)}</a></td><td>{html.escape(time)}</td>'
        f"</tr>"
        for path in exercises
        for title, time in [title_and_time(path)]
    )
    body = f"""<h1>From a vanilla PyTorch loop to Lightning</h1>
<p>A course that turns a raw PyTorch training loop into a PyTorch Lightning module, side by side, with every claim
proven by a test. These pages show the notebooks as stored; to run them, use the repository or the student pack.</p>
<h2>Lessons</h2>
<table class="list"><tr><th>lesson</th><th>what you learn</th><th>time</th><th></th></tr>{rows}</table>
<h2>Exercises</h2>
<p>As students get them, with their gaps; each cell ends with a check that names the mistake.</p>
<table class="list"><tr><th>exercise</th><th>time</th></tr>{exercise_rows}</table>
<h2>Reference</h2>
<ul><li><a href="rosetta.html">The Rosetta table</a>: what the vanilla loop hand-writes for each setting, and the
Lightning argument that replaces it.</li>
<li><a href="pairs/index.html">Side by side</a>: every vanilla file beside its Lightning twin, and each feature's
two diffs.</li>
<li><a href="slides/index.html">Slides</a> of every lesson, for a 1280x720 projector.</li></ul>"""
    return page("vanilla-to-lightning", body)


def build(out):
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    lessons = slides.lessons()
    exercises = exercise_notebooks()
    notebook_pages(lessons, out, "lessons")
    notebook_pages(exercises, out, "exercises")
    slides.build(out / "slides")
    pairs, features = pair_pages(out)
    rosetta_text = (
        "# The Rosetta table\n\nEach setting of the course's config: what the vanilla loop writes by "
        "hand for it, and what replaces it in Lightning.\n\n" + rosetta.markdown()
    )
    (out / "rosetta.html").write_text(markdown_page(rosetta_text, "The Rosetta table"))
    (out / "index.html").write_text(index(lessons, exercises))
    return {
        "lessons": len(lessons),
        "exercises": len(exercises),
        "pairs": pairs,
        "features": features,
    }


def build_instructors(out):
    """The instructors' page on its own: OUT/index.html from staff/INSTRUCTORS.md. Returns its path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    text = (Path(__file__).resolve().parent / "INSTRUCTORS.md").read_text()
    (out / "index.html").write_text(markdown_page(text, "For instructors", site=False))
    return out / "index.html"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        help="folder (build/site, replaced; with --instructors: build/instructors)",
    )
    parser.add_argument(
        "--instructors",
        action="store_true",
        help="build only the instructors' page, apart from the site",
    )
    arguments = parser.parse_args(argv)
    if arguments.instructors:
        print(f"wrote {build_instructors(arguments.out or ROOT / 'build' / 'instructors')}")
        return 0
    arguments.out = arguments.out or ROOT / "build" / "site"
    counts = build(arguments.out)
    files = [path for path in arguments.out.rglob("*") if path.is_file()]
    size = sum(path.stat().st_size for path in files)
    print(
        f"wrote {arguments.out}: {counts['lessons']} lessons, {counts['exercises']} exercise notebooks, "
        f"{counts['pairs']} file pairs, {counts['features']} feature diffs, the Rosetta table, slides; "
        f"{len(files)} files, {size / 1e6:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
