"""Measures what an instructor plans a class with: each lesson's reading load and the time its cells run.

    .venv/bin/python -m staff.lesson_times [--repeat 3] [NOTEBOOK ...]      writes staff/lesson_times.json

Reading load, counted from the notebook as stored: words of prose (markdown cells), lines of code shown (the code
cells' lines, comments aside) and lines of output (printed lines, table rows; a side-by-side view's row counts once,
since its two sides are read as one line), and figures. Reading time = prose at PROSE_WPM + code and output lines
at CODE_LPM + FIGURE_MIN per figure: a careful first read of technical prose, code read line by line (3 seconds a
line). Run time: each lesson runs top to bottom in a fresh kernel in a scratch folder, as in
class; the seconds from the first cell's start to the last cell's end (the header's "the cells run in about S
seconds"), and the kernel's start on top. The best of --repeat runs is kept: other work on the machine only ever
adds time. tests/test_lesson_times.py holds each header against these numbers.

A lesson's core path is everything before its first "## Under the hood: ..." section; the header's time is the
core's, and no core may take more than CORE_LIMIT minutes. A folded row of a side-by-side view (a <details> that
opens on a click) is read as one row: the core does not need it open.
"""

import argparse
import asyncio
import hashlib
import html
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from course.sidebyside import COLOUR, FOLDED

ROOT = Path(__file__).resolve().parent.parent
RECORD = Path(__file__).resolve().parent / "lesson_times.json"
PROSE_WPM = 150  # words a minute: a careful first read of technical prose
CODE_LPM = 20  # lines a minute of code and of its output, read line by line
FIGURE_MIN = 1.0  # minutes to read one plot
CORE_LIMIT = 20  # minutes of reading a lesson's core path may take
OPTIONAL = "## Under the hood"  # the heading that starts a lesson's optional sections
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[A-Za-z0-9_]+")


def lessons():
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))


def code_hash(notebook):
    """What the run time depends on: the code cells' sources."""
    sources = "\n\x00\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    return hashlib.sha256(sources.encode()).hexdigest()[:16]


def words(text):
    return len(WORD.findall(text))


def lines(text):
    return sum(1 for line in text.splitlines() if line.strip())


def is_optional(cell):
    return cell.cell_type == "markdown" and cell.source.startswith(OPTIONAL)


def core(notebook):
    """The notebook's core path: a copy holding the cells before its first "## Under the hood" section."""
    cells = []
    for cell in notebook.cells:
        if is_optional(cell):
            break
        cells.append(cell)
    part = nbformat.v4.new_notebook()
    part.cells = cells
    return part


def reading_load(notebook):
    """{"prose_words", "code_lines", "output_lines", "figures"} of a notebook as stored."""
    prose = code = output = figures = 0
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            prose += words(cell.source)
        elif cell.cell_type == "code":
            code += sum(
                1
                for line in cell.source.splitlines()
                if line.strip() and not line.lstrip().startswith("#")
            )
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "image/png" in data or "image/svg+xml" in data:
                    figures += 1
                elif "text/html" in data:
                    page = FOLDED.sub("", _text(data["text/html"]))
                    output += len(re.findall(r"<tr[\s>]", page)) or lines(
                        html.unescape(TAG.sub("", page))
                    )
                elif "text/markdown" in data or "text/plain" in data:
                    output += lines(_text(data.get("text/markdown", data.get("text/plain"))))
                elif out.get("output_type") == "stream":
                    output += lines(_text(out.get("text", "")))
    return {"prose_words": prose, "code_lines": code, "output_lines": output, "figures": figures}


def reading_minutes(load):
    return (
        load["prose_words"] / PROSE_WPM
        + (load["code_lines"] + load["output_lines"]) / CODE_LPM
        + load["figures"] * FIGURE_MIN
    )


def _text(value):
    return "".join(value) if isinstance(value, list) else value


def header(notebook):
    """(minutes to read, seconds the cells run) as the notebook's first cell states them, each None if absent."""
    first = notebook.cells[0].source
    minutes = re.search(r"\*\*Time:\*\*\s*(\d+)\s*minutes", first)
    seconds = re.search(r"cells run in about (\d+(?:\.\d+)?) seconds", first)
    return (
        int(minutes.group(1)) if minutes else None,
        float(seconds.group(1)) if seconds else None,
    )


def cpu_seconds(pid):
    """CPU seconds of a process and of the children it has waited for (Linux), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime stime cutime cstime
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def run_once(path):
    """(seconds of the cells, seconds of the kernel's start, seconds of each code cell, CPU seconds of the cells)
    for one run in a fresh kernel in a scratch folder."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    marks, started, cells = {}, {}, []

    def cell_start(cell, cell_index):
        if "first" not in marks:
            marks["first"] = time.perf_counter()
            marks["cpu"] = cpu_seconds(client.km.provisioner.process.pid)
        started["at"] = time.perf_counter()

    def cell_done(cell, cell_index, execute_reply):
        marks["last"] = time.perf_counter()
        marks["cpu_last"] = cpu_seconds(client.km.provisioner.process.pid)
        cells.append(marks["last"] - started["at"])

    with tempfile.TemporaryDirectory() as scratch:
        client = NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": scratch}},
            on_notebook_start=lambda notebook: marks.setdefault("kernel", time.perf_counter()),
            on_cell_start=cell_start,
            on_cell_executed=cell_done,
        )
        start = time.perf_counter()
        asyncio.run(client.async_execute(stderr=subprocess.DEVNULL))
    cpu = marks["cpu_last"] - marks["cpu"] if marks.get("cpu") is not None else None
    return marks["last"] - marks["first"], marks["kernel"] - start, cells, cpu


def measure(paths, repeat):
    found = {}
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        runs = [run_once(path) for _ in range(repeat)]
        cells, kernel = min(run[0] for run in runs), min(run[1] for run in runs)
        # each code cell's best
        each = [round(min(times), 2) for times in zip(*(run[2] for run in runs))]
        cpu = min((run[3] for run in runs if run[3] is not None), default=None)
        load = reading_load(core(notebook))
        whole = reading_minutes(reading_load(notebook))
        found[path.name] = {
            "code_hash": code_hash(notebook),
            "code_cells": sum(c.cell_type == "code" for c in notebook.cells),
            **load,
            "reading_minutes": round(reading_minutes(load), 1),
            "optional_minutes": round(whole - reading_minutes(load), 1),
            "cells_seconds": round(cells, 1),
            "kernel_start_seconds": round(kernel, 1),
            "cells_cpu_seconds": round(cpu, 1) if cpu is not None else None,
            "runs": [[round(a, 1), round(b, 1)] for a, b, _, _ in runs],
            "code_cell_seconds": each,
        }
        stated = header(notebook)
        cpu_shown = "?" if cpu is None else f"{cpu:.1f}"
        print(
            f"{path.name}: reading {found[path.name]['reading_minutes']} min (header {stated[0]}), optional "
            f"sections {found[path.name]['optional_minutes']} min more, cells "
            f"{cells:.1f} s, CPU {cpu_shown} s (header {stated[1]}), kernel start {kernel:.1f} s",
            flush=True,
        )
    return found


def machine():
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": round(load, 1) if load is not None else None,
    }


# The paths through the course for a 45- and a 90-minute class. Each stop is a lesson's sections: "read" are
# projected and talked through, their stored outputs shown; "live" are run in class, their cells' measured
# seconds added. Each lesson stop ends with QUESTIONS questions to the room (INSTRUCTORS.md). An exercise stop
# takes the exercise notebook's stated time, shared equally among its exercises.
QUESTIONS, QUESTION_MIN = 3, 1.0
# An instructor explains a changed row of a side-by-side view (yellow, red, green or blue: what the row did and what
# replaced it) in about two lines of the lessons' prose spoken: their prose averages 19.8 words a line, 7.9 s at
# PROSE_WPM, so 2 x 7.9 = 16 s; a stop counts that for each changed row it projects, instead of the 3 s of a code line.
EXPLAIN_ROW_S = 16
# a row that shows a change: changed, removed, added or moved, in course.sidebyside's colours
CHANGED = re.compile(
    "background:(?:" + "|".join(re.escape(COLOUR[mark]) for mark in "|<>~-+") + ")"
)
SLACK = 0.1  # the share of a path's time its stops leave free
OPENING = "(opening)"  # the cells before a lesson's first "## " heading: its title, what it teaches, its time
PATHS = {
    45: [
        {"lesson": "02_vanilla_loop.ipynb", "read": ["The code"], "live": ["Run it"]},
        {
            "lesson": "03_refactor.ipynb",
            "read": ["Side by side", "What moved where"],
            "live": ["The proof"],
        },
        {"exercise": "03_refactor.ipynb", "exercises": ["3a"]},
    ],
    90: [
        {
            "lesson": "01_five_steps.ipynb",
            "read": [],
            "live": ["One step by hand", "`backward()` adds into `.grad`"],
        },
        {"exercise": "01_five_steps.ipynb", "exercises": ["1b"]},
        {"lesson": "02_vanilla_loop.ipynb", "read": ["The code"], "live": ["Run it"]},
        {
            "lesson": "03_refactor.ipynb",
            "read": ["Side by side", "What moved where"],
            "live": ["The proof"],
        },
        {"exercise": "03_refactor.ipynb", "exercises": ["3a"]},
        {"lesson": "04_dangers.ipynb", "read": [], "live": ["Danger 2: gradient accumulation"]},
        {
            "lesson": "07_inside_the_trainer.ipynb",
            "read": ["The hook order, recorded from Lightning"],
            "live": ["The proof: same losses, same weights"],
        },
        {
            "lesson": "08_fabric.ipynb",
            "read": ["The loop with Fabric, beside the loop", "When to choose which"],
            "live": [],
        },
    ],
}


def sections(notebook):
    """[(title, cells)] of a lesson, split at its "## " headings; the cells before the first are OPENING."""
    found = [(OPENING, [])]
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            found.append((cell.source.splitlines()[0][3:].strip(), []))
        found[-1][1].append(cell)
    return [(title, cells) for title, cells in found if cells]


def section_minutes(notebook, titles, cell_seconds):
    """(reading minutes, run seconds, code cells) of the named sections of a notebook, from the recorded seconds of
    its code cells (in their order)."""
    seconds_of = {}
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell, seconds in zip(code, cell_seconds):
        seconds_of[id(cell)] = seconds
    reading, run, cells = 0.0, 0.0, 0
    known = dict(sections(notebook))
    for title in titles:
        if title not in known:
            raise KeyError(f"no section {title!r}: its sections are {list(known)}")
        part = nbformat.v4.new_notebook()
        part.cells = known[title]
        reading += reading_minutes(reading_load(part))
        run += sum(
            seconds_of.get(id(cell), 0.0) for cell in known[title] if cell.cell_type == "code"
        )
        cells += sum(cell.cell_type == "code" for cell in known[title])
    return reading, run, cells


def changed_rows(cells):
    """Rows of the side-by-side views in the cells' outputs that show a change, folded rows left closed."""
    count = 0
    for cell in cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            page = FOLDED.sub("", _text(out.get("data", {}).get("text/html", "")))
            count += sum(bool(CHANGED.search(row)) for row in page.split("<tr")[1:])
    return count


def projects_code(notebook, titles):
    """Whether the named sections put code on the screen: a side-by-side view, a source listing, or a code cell."""
    known = dict(sections(notebook))
    for cell in (cell for title in titles for cell in known[title]):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            if "class='sidebyside'" in _text(data.get("text/html", "")) or "```python" in _text(
                data.get("text/markdown", "")
            ):
                return True
    return False


def explain_minutes(notebook, titles):
    """Minutes an instructor adds to the reading of the named sections to explain their changed rows."""
    known = dict(sections(notebook))
    rows = sum(changed_rows(known[title]) for title in titles)
    return rows, rows * (EXPLAIN_ROW_S - 60 / CODE_LPM) / 60


def stop_minutes(stop, record):
    """(minutes, what to show in the table) of one stop of a path."""
    if "exercise" in stop:
        path = ROOT / "notebooks" / "exercises" / stop["exercise"]
        notebook = nbformat.read(path, as_version=4)
        stated = int(re.search(r"\*\*Time:\*\*\s*(\d+)", notebook.cells[0].source).group(1))
        count = sum(
            1
            for cell in notebook.cells
            if cell.cell_type == "code" and re.search(r"^# Exercise \w+:", cell.source, re.M)
        )
        minutes = stated * len(stop["exercises"]) / count
        return minutes, f"{minutes:.1f} min ({stated} min for its {count} exercises, shared)"
    notebook = nbformat.read(ROOT / "notebooks" / stop["lesson"], as_version=4)
    seconds = record["lessons"][stop["lesson"]]["code_cell_seconds"]
    read = section_minutes(notebook, [OPENING] + stop["read"], seconds)
    live = section_minutes(notebook, stop["live"], seconds)
    rows, explain = explain_minutes(notebook, stop["read"] + stop["live"])
    minutes = read[0] + live[0] + explain + live[1] / 60 + QUESTIONS * QUESTION_MIN
    cells = (
        f"{live[2]} cell{'s' if live[2] != 1 else ''} run live in {live[1]:.1f} s, "
        if live[2]
        else ""
    )
    explained = f" with {rows} changed rows explained" if rows else ""
    return (
        minutes,
        f"{read[0] + live[0] + explain:.1f} min to read{explained}, {cells}{QUESTIONS} questions: "
        f"{minutes:.1f} min",
    )


def title_of(path):
    return nbformat.read(path, as_version=4).cells[0].source.splitlines()[0].lstrip("# ").strip()


def paths_markdown(record):
    """The two paths as Markdown tables, with their measured times."""
    out = []
    for length, stops in PATHS.items():
        total = 0.0
        rows = [
            f"**The {length}-minute path**",
            "",
            "| | stop | project and talk through | run live | measured |",
            "|---|---|---|---|---|",
        ]
        for number, stop in enumerate(stops, 1):
            minutes, shown = stop_minutes(stop, record)
            total += minutes
            if "exercise" in stop:
                name = f"Exercise {', '.join(stop['exercises'])} in class ({stop['exercise']})"
                rows.append(f"| {number} | {name} | | | {shown} |")
            else:
                name = title_of(ROOT / "notebooks" / stop["lesson"])
                rows.append(
                    f"| {number} | {name} | {'; '.join(stop['read']) or '-'} | "
                    f"{'; '.join(stop['live']) or '-'} | {shown} |"
                )
        rows.append(
            f"| | **total** | | | **{total:.0f} min** of {length}, {length - total:.0f} min "
            f"({(length - total) / length:.0%}) left free |"
        )
        out.append("\n".join(rows))
    return "\n\n".join(out)


def totals(record):
    return {
        length: sum(stop_minutes(stop, record)[0] for stop in stops)
        for length, stops in PATHS.items()
    }


def lessons_markdown(record):
    """Each lesson's measured reading load and run time beside what its header states."""
    rows = [
        "| lesson | prose words | code and output lines | figures | core reading, measured (header) | "
        "optional sections | cells run, measured (header) | kernel start |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for path in lessons():
        notebook = nbformat.read(path, as_version=4)
        load, stated = reading_load(core(notebook)), header(notebook)
        optional = reading_minutes(reading_load(notebook)) - reading_minutes(load)
        measured = record["lessons"].get(path.name, {})
        run = f"{stated[1]:g}" if stated[1] is not None else "none"
        rows.append(
            f"| {title_of(path)} | {load['prose_words']} | {load['code_lines'] + load['output_lines']} | "
            f"{load['figures']} | {reading_minutes(load):.0f} min ({stated[0]}) | "
            f"{f'{optional:.0f} min' if optional else '-'} | {measured.get('cells_seconds', '?')} s ({run}) | "
            f"{measured.get('kernel_start_seconds', '?')} s |"
        )
    return "\n".join(rows)


BLOCKS = {"lesson-times": lessons_markdown, "paths": paths_markdown}


def instructors_text(text, record):
    """INSTRUCTORS.md with each generated block (between <!-- NAME --> and <!-- /NAME -->) written anew."""
    for name, make in BLOCKS.items():
        text = re.sub(
            rf"(<!-- {name} -->\n)(?:.*?\n)?(<!-- /{name} -->)",
            lambda m: m.group(1) + make(record) + "\n" + m.group(2),
            text,
            flags=re.S,
        )
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="lessons to measure (default: all)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each lesson; the best is kept (3)"
    )
    parser.add_argument(
        "--instructors",
        action="store_true",
        help="only write the tables of INSTRUCTORS.md anew from the recorded times",
    )
    arguments = parser.parse_args(argv)
    instructors = Path(__file__).resolve().parent / "INSTRUCTORS.md"
    if arguments.instructors:
        instructors.write_text(
            instructors_text(instructors.read_text(), json.loads(RECORD.read_text()))
        )
        print(f"wrote the tables of {instructors.relative_to(ROOT)}")
        return 0
    paths = [path.resolve() for path in arguments.notebooks] or lessons()
    record = json.loads(RECORD.read_text()) if RECORD.exists() else {}
    record.setdefault("lessons", {})
    record["model"] = {
        "prose_wpm": PROSE_WPM,
        "code_lines_a_minute": CODE_LPM,
        "figure_minutes": FIGURE_MIN,
    }
    record["machine"] = machine()
    record["lessons"].update(measure(paths, arguments.repeat))
    record["lessons"] = {
        name: record["lessons"][name]
        for name in sorted(record["lessons"])
        if (ROOT / "notebooks" / name).exists()
    }
    RECORD.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {RECORD.relative_to(ROOT)}")
    if instructors.exists():
        instructors.write_text(instructors_text(instructors.read_text(), record))
        print(f"wrote the tables of {instructors.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
