"""The grader's worker: runs one student notebook in a Jupyter kernel, inside the sandbox (staff/sandbox.py).

`python -m staff.grade_worker` reads its job (the notebook, the time limit of a cell, the limits of the sandbox) as
JSON on stdin and prints one JSON line per report on stdout, which the grader reads: a verdict as soon as its
exercise cell has run, a note for any other cell that failed, a line when the run stops. The kernel's own output
never reaches that pipe, and this process makes itself undumpable, so the kernel (its child, the same user) can
neither open the pipe through /proc nor read or change this process's memory.

After each exercise cell the worker runs one cell of its own, course.exercises.intact's report, which says whether
the check that cell calls, and every function of the course's packages, is still the course's code. A watchdog
stops the whole sandbox when its processes, threads or memory pass their limits.
"""

import argparse
import asyncio
import ctypes
import hashlib
import hmac
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time

import nbformat

from course.exercises import build, check
from staff import sandbox

TIMED_OUT = "GradingTimeout"
PROBE = "import course.exercises.intact\ncourse.exercises.intact.report(globals(), {names!r})"


def main(argv=None):
    argparse.ArgumentParser(
        prog="python -m staff.grade_worker", description=__doc__.split("\n\n")[0]
    ).parse_args(argv)
    _undumpable()
    job = json.loads(sys.stdin.read())
    if job["sandboxed"]:
        sandbox.limit_threads()
    notebook = nbformat.reads(job["notebook"], as_version=4)
    emit = _emitter(job.pop("key"))
    _guard(job, emit)
    asyncio.run(_run(notebook, job["timeout"], job["checks"], emit))
    emit({"finished": True})
    return 0


def _guard(job, emit):
    """Starts the watchdog inside the sandbox only: its /proc shows the sandbox's processes alone, and its kill(-1)
    ends the sandbox. Outside one (--unsandboxed-i-trust-these-notebooks), /proc is the whole machine's and kill(-1)
    would end every process of the user: there the grader's time limits are the only guard. Returns whether it
    started."""
    if not job["sandboxed"]:
        return False
    threading.Thread(
        target=_watchdog, args=(job["processes"], job["memory"], emit), daemon=True
    ).start()
    return True


def _undumpable():
    """prctl(PR_SET_DUMPABLE, 0): /proc/PID/fd, /proc/PID/mem and ptrace of this process need privileges."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)


def _emitter(key):
    """emit(report): one line on the grader's pipe, "MAC JSON", numbered and signed with the job's key, which the
    kernel never sees: a line the notebook manages to write into the pipe is refused by the grader."""
    out = os.fdopen(os.dup(1), "wb")
    # nothing else printed here reaches the grader's pipe
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    lock, count = threading.Lock(), itertools.count()

    def emit(report):
        with lock:
            text = json.dumps(dict(report, n=next(count))).encode()
            out.write(
                hmac.new(key.encode(), text, hashlib.sha256).hexdigest().encode()
                + b" "
                + text
                + b"\n"
            )
            out.flush()

    return emit


def _watchdog(processes, memory, emit):
    """Every 0.2 s: the processes, threads and resident memory of the sandbox (its /proc shows only its own)."""
    while True:
        time.sleep(0.2)
        count = threads = resident = 0
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/statm") as statm:
                        resident += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
                    threads += len(os.listdir(f"/proc/{entry}/task"))
                    count += 1
                    resident += _memory_files(entry)
                except (OSError, ValueError, IndexError):
                    pass
        over = (
            f"{count} processes (the limit is {processes})"
            if count > processes
            else f"{threads} threads (the limit is {processes * 16})"
            if threads > processes * 16
            else f"{resident / 2**30:.1f} GiB of memory (the limit is {memory / 2**30:g})"
            if resident > memory
            else None
        )
        if over:
            emit({"stopped": f"stopped: the notebook's processes used {over}"})
            # every other process of the sandbox; then this one, which ends it
            os.kill(-1, signal.SIGKILL)
            os._exit(1)


def _memory_files(pid):
    """Bytes of the files in memory a process holds open (memfd_create): no process's resident memory counts them."""
    held = 0
    for descriptor in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{descriptor}").startswith("/memfd:"):
                held += os.stat(f"/proc/{pid}/fd/{descriptor}").st_size
        except OSError:
            pass
    return held


async def _run(notebook, timeout, checks, emit):
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    cells = []
    for index, cell in enumerate(notebook.cells):
        cell.metadata["grading_index"] = index
        cells.append(cell)
        exercise = build.exercise_of(cell.source) if cell.cell_type == "code" else None
        if exercise in checks:
            probe = nbformat.v4.new_code_cell(PROBE.format(names=checks[exercise]))
            probe.metadata["grading_probe"] = exercise
            cells.append(probe)
    notebook.cells = cells
    running = {}

    def executed(cell, cell_index, execute_reply):
        if "grading_probe" in cell.metadata:
            emit({"intact": cell.metadata["grading_probe"], "text": _probe_said(cell)})
            return
        exercise = build.exercise_of(cell.source)
        index = cell.metadata.get("grading_index", cell_index)
        content = (execute_reply or {}).get("content", {})
        if content.get("ename") == TIMED_OUT:
            found = [
                check.Verdict(
                    exercise or f"cell {index}",
                    "error",
                    f"this cell ran past the {timeout:g} s limit and was interrupted",
                )
            ]
        else:
            single = nbformat.v4.new_notebook()
            single.cells = [cell]
            found = check.verdicts(single)
        for verdict in found:
            if exercise:
                emit({"exercise": exercise, "status": verdict.status, "text": verdict.text})
            elif verdict.status == "error":
                emit({"cell": index, "text": verdict.text})

    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": TIMED_OUT, "evalue": f"ran past {timeout} s", "traceback": []},
        shutdown_kernel="immediate",
        resources={"metadata": {"path": os.getcwd()}},
        on_cell_start=lambda cell, cell_index: running.update(cell=cell),
        on_cell_executed=executed,
    )
    try:
        await client.async_execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except DeadKernelError:
        cell = running.get("cell") or notebook.cells[0]
        exercise = build.exercise_of(cell.source)
        where = (
            f"exercise {exercise}" if exercise else f"cell {cell.metadata.get('grading_index', 0)}"
        )
        emit(
            {
                "stopped": f"the kernel died in {where} (exit(), os._exit(), a crash or the memory limit)"
            }
        )
        if exercise:
            emit(
                {
                    "exercise": exercise,
                    "status": "error",
                    "text": "the kernel died while this cell ran",
                }
            )
    except Exception as error:
        emit(
            {
                "stopped": f"the notebook could not be run ({type(error).__name__}: {str(error).strip()[:120]})"
            }
        )


def _probe_said(cell):
    """The report's line: the first "changed: ..." line, else "intact: ...", else what came instead."""
    lines = [
        line
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
        for line in output.get("text", "").splitlines()
    ]
    for start in ("changed:", "intact:"):
        found = next((line for line in lines if line.startswith(start)), None)
        if found:
            return found
    return "changed: the grader's look at the checks got no answer (its output was taken over or it raised)"


if __name__ == "__main__":
    sys.exit(main())
