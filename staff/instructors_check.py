"""The instructor kit checked for real (`make instructors-check`), each part timed:

1. grading: the fake class (staff/fake_class.py: 23 notebooks from 19 students, made from the corpus of right and
   wrong answers, broken, empty, renamed and hostile ones among them) graded by staff/grade.py; every verdict
   held against staff/fake_class.py's EXPECTED. Grades in build/grades-fake-class/.
2. the student pack built, set up from scratch in a temporary folder with its own Makefile (a new virtual
   environment from the lock), then `make check` there: the exercise notebooks as handed out (not done yet) and one
   answered as its solution answers it (correct).
3. the slides and the site in headless Chromium at 1280x720, offline (staff/instructor_browser_check.py).

    .venv/bin/python -m staff.instructors_check [--skip grade,pack,browser]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def check_grading():
    from staff import fake_class, grade

    out = ROOT / "build" / "grades-fake-class"
    with tempfile.TemporaryDirectory() as scratch:
        submissions = Path(scratch) / "class"
        count = fake_class.write(submissions)
        print(f"fake class: {count} notebooks from {len(fake_class.CLASS)} students", flush=True)
        rows = grade.grade(submissions, out, timeout=20, notebook_timeout=90)
    print(grade.class_summary(rows, grade.lessons()))
    problems = []
    # expected.json: a row refused
    found = {(row.student, row.file.split("/", 1)[-1]): row for row in rows}
    for student, files in fake_class.EXPECTED.items():
        for name, expected in files.items():
            row = found.get((student, name))
            if row is None:
                problems.append(f"{student}/{name}: no row")
                continue
            verdicts = {v.exercise: v for v in row.verdicts}
            for exercise, want in expected.items():
                if exercise == "notes":
                    if want not in "; ".join(row.notes):
                        problems.append(f"{student}/{name}: notes {row.notes} lack {want!r}")
                    continue
                status, words = want
                got = verdicts.get(exercise)
                if got is None or got.status != status or words not in got.text:
                    problems.append(
                        f"{student}/{name} {exercise}: expected {status} with {words!r}, got "
                        f"{got.status if got else None}: {got.text if got else ''}"
                    )
    print(f"grades: {out.relative_to(ROOT)}/grades.csv, summary.md")
    return problems


def check_pack():
    from course.exercises import build
    from staff import student_pack

    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "student-pack"
        files = student_pack.write(folder)
        archive = student_pack.make_zip(folder, Path(scratch) / "student-pack.zip")
        size = sum((folder / name).stat().st_size for name in files)
        print(
            f"student pack: {len(files)} files, {size / 1e6:.1f} MB ({archive.stat().st_size / 1e6:.1f} MB "
            f"zipped): {json.dumps(student_pack.summary(files))}",
            flush=True,
        )
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTHON", "VIRTUAL_ENV"))
        }
        start = time.perf_counter()
        handed_out = subprocess.run(
            ["make", "check"], cwd=folder, env=env, capture_output=True, text=True, timeout=1800
        )
        print(
            f"  set-up from scratch and `make check` on the notebooks as handed out: "
            f"{time.perf_counter() - start:.0f} s, exit {handed_out.returncode}; last lines:"
        )
        print(
            "\n".join(
                "    " + line
                for line in (handed_out.stdout + handed_out.stderr).strip().splitlines()[-3:]
            )
        )
        if (
            handed_out.returncode == 0
            or "not done yet" not in handed_out.stdout
            or "not every exercise is correct yet" not in handed_out.stdout + handed_out.stderr
        ):
            problems.append("the pack's make check did not report the gaps as not done yet")
        answered = folder / "notebooks" / "exercises" / "06_scaling_out.ipynb"
        answered.write_text((build.SOLUTIONS / answered.name).read_text())
        start = time.perf_counter()
        solved = subprocess.run(
            ["make", "check", f"NOTEBOOK={answered.relative_to(folder)}"],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        print(
            f"  `make check` on a notebook answered: {time.perf_counter() - start:.0f} s, exit {solved.returncode}:"
            f" {solved.stdout.strip().splitlines()[-1] if solved.stdout.strip() else solved.stderr[-300:]}"
        )
        if solved.returncode != 0 or "All 2 exercises correct" not in solved.stdout:
            problems.append(
                f"the pack's make check on a solved notebook: {solved.stdout[-500:]}{solved.stderr[-500:]}"
            )
        where = subprocess.run(
            [
                str(folder / ".venv" / "bin" / "python"),
                "-c",
                "import course, torch, lightning; print(course.__file__, torch.__version__, "
                "lightning.__version__)",
            ],
            capture_output=True,
            text=True,
            cwd=scratch,
        )
        print(f"  the pack's environment imports: {where.stdout.strip()}")
        if str(folder) not in where.stdout:
            problems.append(
                f"the pack's environment imports the course from elsewhere: {where.stdout}"
            )
    return problems


def check_browser():
    from staff import instructor_browser_check

    return (
        [] if instructor_browser_check.main([]) == 0 else ["the browser check failed (lines above)"]
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--skip", default="", help="comma-separated parts to skip: grade, pack, browser"
    )
    skip = set(filter(None, parser.parse_args(argv).skip.split(",")))
    parts = [("grade", check_grading), ("pack", check_pack), ("browser", check_browser)]
    timings, problems = {}, []
    for name, check in parts:
        if name in skip:
            continue
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        found = check()
        timings[name] = time.perf_counter() - start
        problems += [f"{name}: {problem}" for problem in found]
    print(
        "== timings: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings.items())
    )
    for problem in problems:
        print(f"  {problem}")
    print(f"instructors check: {'FAILED' if problems else 'passed'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
