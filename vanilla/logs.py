"""Logs by hand: a CSV file per run, in a folder of its own, as Lightning's CSVLogger writes it."""

import csv
from pathlib import Path


def new_version(log_dir):
    """log_dir/version_N, N one above the highest folder there, as CSVLogger numbers runs."""
    names = [p.name.split("_")[1] for p in Path(log_dir).glob("version_*") if p.is_dir()]
    numbers = [int(name) for name in names if name.isdigit()]
    folder = Path(log_dir) / f"version_{max(numbers, default=-1) + 1}"
    folder.mkdir(parents=True)
    return folder


def write_csv(path, **row):
    """Appends a row, then closes the file: a run killed later keeps every row before.
    The header: all columns logged so far, sorted, as in CSVLogger, which writes the
    file again only when a new column comes."""
    header = []
    if path.exists():
        with path.open(newline="") as file:
            header = next(csv.reader(file), [])
    columns = sorted(set(header) | set(row))
    if header and columns != header:  # a new column: every row again, new header
        with path.open(newline="") as file:
            rows = list(csv.DictReader(file))
        again = path.with_name(path.name + ".new")
        with again.open("w", newline="") as file:
            writer = csv.DictWriter(file, columns)
            writer.writeheader()
            writer.writerows(rows)
        again.replace(path)  # a rename: the old file or the new one, never half of one
    with path.open("a", newline="") as file:
        writer = csv.DictWriter(file, columns)
        if not header:
            writer.writeheader()
        writer.writerow(row)
