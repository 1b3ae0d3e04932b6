"""`python -m staff.bench.readme`: writes the table of the recorded results (course/bench_report.py) into
README.md, between its `<!-- bench:table -->` markers."""

import argparse
from pathlib import Path

from course.bench_report import overhead_table

README = Path(__file__).resolve().parents[2] / "README.md"
MARKERS = ("<!-- bench:table -->", "<!-- /bench:table -->")


def readme_block(results=None):
    """What README.md holds between its markers: overhead_table of the recorded results."""
    return f"{MARKERS[0]}\n{overhead_table(results)}\n{MARKERS[1]}"


def in_readme(text):
    """The block between the markers in a README's text, markers included."""
    start, end = text.index(MARKERS[0]), text.index(MARKERS[1]) + len(MARKERS[1])
    return text[start:end]


def update_readme(path=README, results=None):
    """Rewrites the README's block from the recorded results; True when it changed."""
    text = path.read_text()
    new = text.replace(in_readme(text), readme_block(results))
    path.write_text(new)
    return new != text


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m staff.bench.readme",
        description="Writes the table of course/bench_results/latest.json into README.md.",
    )
    parser.parse_args(argv)
    print(
        f"{README.name}: benchmark table {'rewritten' if update_readme() else 'already up to date'}"
    )


if __name__ == "__main__":
    main()
