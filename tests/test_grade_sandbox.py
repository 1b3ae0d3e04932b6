"""The grader's sandbox against a hostile class (tests/hostile_class.py): every way out found through the old fence,
graded together with honest notebooks. Each hostile notebook costs its own row only, nothing outside the run's
folder changes (canaries in the repository, the home folder and /tmp), no process outlives grading, honest rows are
exact, the grader's environment and the network stay out of reach, and a stopped grader keeps every row it wrote.
About 2 minutes: `pytest -m hostile` (in .ci/run), on Linux with bubblewrap."""

import csv
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import hostile_class
import pytest

from staff import grade, sandbox

REPO = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.hostile,
    pytest.mark.skipif(
        sandbox.bwrap() is None, reason="needs bubblewrap (Linux): .ci/run installs it"
    ),
]


def _listen():
    """A TCP and a UDP socket on 127.0.0.1 (one port), and the list of what reached them."""
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen()
    port = tcp.getsockname()[1]
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", port))
    reached = []
    for server, receive in ((tcp, lambda: tcp.accept()), (udp, lambda: udp.recvfrom(100))):

        def serve(receive=receive):
            while True:
                try:
                    reached.append(receive())
                except OSError:
                    return

        threading.Thread(target=serve, daemon=True).start()
    return port, reached, (tcp, udp)


def _processes_with(marker):
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    submissions, out = tmp_path_factory.mktemp("class"), tmp_path_factory.mktemp("grades")
    port, reached, sockets = _listen()
    hostile_class.write(submissions, out / "grades.csv", port)
    canaries = {
        Path(place) / f"canary-grading-{os.getpid()}": f"canary {place}"
        for place in hostile_class.places()
    }
    for path, text in canaries.items():
        path.write_text(text)
    secret = f"secret-{os.getpid()}-{time.time()}"
    os.environ[hostile_class.SECRET] = secret
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"], cwd=REPO, capture_output=True, text=True
    ).stdout
    installed = sorted(str(path) for path in Path(sys.prefix).rglob("*.pth"))
    try:
        start = time.perf_counter()
        rows = grade.grade(
            submissions, out, timeout=60, notebook_timeout=120, progress=lambda line: None
        )
        seconds = time.perf_counter() - start
        time.sleep(3)  # what an attack left behind would have woken by now
        after = {
            "lingering": _processes_with(hostile_class.LINGER),
            "canaries": {path: path.read_text() if path.exists() else None for path in canaries},
            "planted": [
                str(Path(place) / name)
                for place in hostile_class.places()
                for name in ("canary-dir-fd", "canary-ctypes")
                if (Path(place) / name).exists()
            ],
            "status": subprocess.run(
                ["git", "status", "--porcelain", "--ignored"],
                cwd=REPO,
                capture_output=True,
                text=True,
            ).stdout,
            "reached": list(reached),
            "out": sorted(path.name for path in out.iterdir()),
            "installed": sorted(str(path) for path in Path(sys.prefix).rglob("*.pth")) == installed,
        }
    finally:
        del os.environ[hostile_class.SECRET]
        for path in canaries:
            path.unlink(missing_ok=True)
        for server in sockets:
            server.close()
    print(f"\nhostile class graded in {seconds:.0f} s")
    by_student = {}
    for row in rows:
        by_student.setdefault(row.student, []).append(row)
    return by_student, out, secret, status, canaries, after


def _statuses(row):
    return [verdict.status for verdict in row.verdicts]


def _notes(row):
    return " | ".join(row.notes)


def test_honest_rows_are_exact_beside_the_hostile_class(graded):
    rows = graded[0]
    assert (
        _statuses(rows["honest-ana"][0]) == ["correct", "correct"]
        and not rows["honest-ana"][0].notes
    )
    ben = rows["honest-ben"][0]
    assert _statuses(ben) == ["wrong", "wrong"]
    assert "broadcasts" in ben.verdicts[0].text and "Gradients pile up" in ben.verdicts[1].text


@pytest.mark.parametrize(
    "student, statuses, words",
    [  # what the source reading sets aside is "error" too
        ("h01-dir-fd", ["error", "error"], '"solutions": "No such file or directory"'),
        ("h02-lingering-child", ["error", "error"], '"children": "started"'),
        ("h03-connection-files", ["error", "error"], '"others": []'),
        ("h04-kill-everything", ["error", "error"], "the grading worker ended early"),
        # its writes may break its own kernel: any verdict but correct
        ("h05-forged-verdicts", "none correct", ""),
        ("h06-environment", ["correct", "correct"], '"PATH": "/usr/bin:/bin"'),
        ("h07-network", ["error", "error"], '"tcp 127.0.0.1": "Connection refused"'),
        ("h08-injection", ["correct", "correct"], "Injected section"),
        ("h09-ctypes", ["error", "error"], '"solutions": "errno 2"'),
        (
            "h10-redefined-check",
            "none correct",
            "tampering: cell 4 rebinds check_targets, a check the lesson calls",
        ),
        ("h11-patched-at-run-time", "none correct", "not allowed: cell 4 uses get_ipython"),
        ("h12-fill-the-disk", ["correct", "correct"], "No space left on device"),
        ("h13-processes-and-memory", ["error", "error"], "stopped: the notebook's processes used"),
        (
            "h16-forged-channel",
            "none correct",
            "tampering: the notebook wrote into the grader's channel",
        ),
        (
            "h17-remount-and-mount",
            ["error", "error"],
            '"/pack/course/exercises/five_steps.py": "Read-only file system"',
        ),
        ("h18-patched-torch-unseen", "none correct", "not allowed: cell 4 uses __dict__"),
    ],
)
def test_each_hostile_notebook_costs_its_own_row_only(graded, student, statuses, words):
    (row,) = graded[0][student]
    if statuses == "none correct":
        assert "correct" not in _statuses(row) and len(row.verdicts) == 2, (row.verdicts, row.notes)
    else:
        assert _statuses(row) == statuses, (row.verdicts, row.notes)
    assert words in _notes(row) + " ".join(verdict.text for verdict in row.verdicts)


def test_links_and_files_that_are_no_notebook_are_refused_unread(graded):
    rows = graded[0]
    links = {Path(row.file).name: _notes(row) for row in rows["h14-links"]}
    assert links == {
        "01_five_steps.ipynb": "refused: a symbolic link: hand in the notebook itself",
        "notes.py": "refused: not a notebook (*.ipynb)",
    }
    assert (
        _notes(rows["h15-linked-folder"][0])
        == "refused: a symbolic link: hand in the notebook itself"
    )
    assert all(not row.verdicts for row in rows["h14-links"] + rows["h15-linked-folder"])


def test_nothing_outside_the_runs_folder_changed_and_no_process_outlived_grading(graded):
    _, _, _, status, canaries, after = graded
    assert after["lingering"] == []
    assert after["canaries"] == {path: text for path, text in canaries.items()}
    assert after["planted"] == []
    assert after["status"] == status  # the repository: tracked, untracked and ignored files alike
    assert after["reached"] == []  # neither TCP nor UDP on 127.0.0.1
    assert after["out"] == ["grades.csv", "summary.md"]
    assert after["installed"]  # no .pth file planted in the Python installation


def test_student_text_cannot_forge_the_grades_or_leak_the_graders_environment(graded):
    rows, out, secret, *_ = graded
    text = (out / "grades.csv").read_text()
    summary = (out / "summary.md").read_text()
    assert secret not in text and secret not in summary
    table = list(csv.reader(text.splitlines()))
    assert len(table) == 1 + sum(map(len, rows.values()))
    assert all(not cell.startswith(("=", "+", "-", "@")) for line in table for cell in line)
    assert ["'=SUM(1+1)", "correct"] == [
        next(line for line in table if "SUM" in line[0])[i] for i in (0, 5)
    ]
    assert not [
        line
        for line in summary.splitlines()
        if line.startswith(("## Injected", "- fence", "| 1a | 9"))
    ]
    assert "\\#\\# Injected section" in summary
    # the escape codes of a folder's name
    assert not any(char in text + summary for char in "\x1b\x07\r")
    # the name as ascii() writes it, escaped
    assert "\\\\x1b\\[2J\\\\x1b\\[32mall correct" in summary


def test_a_grader_stopped_by_ctrl_c_keeps_every_row_it_finished(tmp_path):
    submissions, out = tmp_path / "class", tmp_path / "grades"
    submissions.mkdir()
    hostile_class.write_honest(submissions, copies=4)
    grader = subprocess.Popen(
        [sys.executable, "-m", "staff.grade", str(submissions), "--out", str(out), "--jobs", "1"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as a terminal delivers it: a test run started in the background (`cmd &` in a script) ignores
        # SIGINT, and every process it starts would inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while (
        time.monotonic() < deadline
        and len(
            (out / "grades.csv").read_text().splitlines() if (out / "grades.csv").exists() else []
        )
        < 2
    ):
        time.sleep(0.2)
    grader.send_signal(signal.SIGINT)
    stdout, stderr = grader.communicate(timeout=60)
    assert grader.returncode == 130, stderr
    assert (
        stderr.strip()
        .splitlines()[-1]
        .startswith("staff.grade: stopped; every notebook graded before is in ")
    )
    rows = list(csv.DictReader((out / "grades.csv").read_text().splitlines()))
    assert 1 <= len(rows) < 4 and all(row["correct"] == "2" for row in rows)
    assert (
        f"Grading was stopped after {len(rows)} of 4 notebooks" in (out / "summary.md").read_text()
    )
