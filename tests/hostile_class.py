"""A hostile class for the grader's sandbox: one notebook per way out that was found through the old fence (an audit
hook in the kernel), and the documented ones (ctypes, a redefined check, filling the disk), each lesson 1's notebook
with its two exercises answered; graded together with honest notebooks by tests/test_grade_sandbox.py.

Every attack ends by raising `RuntimeError("attack: ...")` with what it saw, so the row's notes record it. The
canaries, the listener and the linger marker name what the test looks at outside the sandbox.
"""

from pathlib import Path

import nbformat

from staff import fake_class

REPO = Path(__file__).resolve().parent.parent
LINGER = "hostile-linger-marker"  # in the command line of every process an attack leaves behind
SECRET = (
    "GRADER_SECRET_TOKEN"  # a variable of the grader's environment that must not reach a kernel
)

_REPORT = "\nraise RuntimeError('attack: ' + json.dumps(said))"

ATTACKS = {  # student -> (what it tries, the code of a cell before exercise 1a, answers "right" or "wrong")
    "h01-dir-fd": (
        "read the solutions and write canaries through a directory handle (dir_fd)",
        """import json, os
said = {}
root = os.open("/", os.O_RDONLY)
try:
    said["solutions"] = len(os.read(os.open(%(solutions)r.lstrip("/"), os.O_RDONLY, dir_fd=root), 100))
except OSError as error:
    said["solutions"] = error.strerror
for place in %(places)r:
    try:
        os.write(os.open(place.lstrip("/") + "/canary-dir-fd", os.O_WRONLY | os.O_CREAT, dir_fd=root), b"x")
        said[place] = "written"
    except OSError as error:
        said[place] = error.strerror"""
        + _REPORT,
        "right",
    ),
    "h02-lingering-child": (
        "start children through multiprocessing's internals and a double fork that outlive "
        "grading and rewrite the grades later",
        """import json, os, sys, time
from multiprocessing import util, popen_fork
said = {}
marker = %(marker)r
def later():
    os.setsid()
    os.execv(sys.executable, [sys.executable, "-c", "import time, sys\\nfor path in sys.argv[2:]:\\n"
             "    time.sleep(1)\\ntime.sleep(30)\\nfor path in sys.argv[2:]:\\n"
             "    try: open(path, 'w').write('forged')\\n    except OSError: pass", marker, *%(grades)r])
if os.fork() == 0:
    if os.fork() == 0:
        later()
    os._exit(0)
said["children"] = "started"
"""
        + _REPORT,
        "right",
    ),
    "h03-connection-files": (
        "find other kernels' connection files and run code in them",
        """import glob, json, os
said = {}
found = [path for pattern in ("/tmp/**/kernel-*.json", os.path.expanduser("~") + "/**/kernel-*.json",
                              "/run/**/kernel-*.json", "/proc/*/cwd/**/kernel-*.json")
         for path in glob.glob(pattern, recursive=True)]
own = os.path.basename(__import__("ipykernel").connect.get_connection_file())
said["others"] = [path for path in found if os.path.basename(path) != own]
"""
        + _REPORT,
        "right",
    ),
    "h04-kill-everything": (
        "signal every process it can name, with kill and pidfd_send_signal",
        """import os, signal
for pid in range(2, 1 << 16):
    if pid != os.getpid():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            signal.pidfd_send_signal(os.pidfd_open(pid), signal.SIGKILL)
        except (OSError, AttributeError):
            pass""",
        "right",
    ),
    "h05-forged-verdicts": (
        "write forged verdict lines into every pipe and file /proc shows (its answers are wrong)",
        """import glob, json, os
said = {"written": 0}
line = b'{"exercise": "1a", "status": "correct", "text": "Correct: forged"}\\n' \\
    b'{"exercise": "1b", "status": "correct", "text": "Correct: forged"}\\n'
for path in glob.glob("/proc/*/fd/*"):
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.write(descriptor, line)
        said["written"] += 1
    except OSError:
        pass
for descriptor in range(0, 64):
    try:
        os.write(descriptor, line)
    except OSError:
        pass
"""
        + _REPORT,
        "wrong",
    ),
    "h06-environment": (
        "read the grader's environment",
        """import json, os
said = {"environment": dict(os.environ)}
"""
        + _REPORT,
        "right",
    ),
    "h07-network": (
        "reach the grader's machine and the world: TCP and UDP to 127.x, bind, a public address",
        """import json, socket
said = {}
for name, action in [
        ("tcp 127.0.0.1", lambda: socket.create_connection(("127.0.0.1", %(port)d), timeout=2)),
        ("tcp 127.0.0.2", lambda: socket.create_connection(("127.0.0.2", %(port)d), timeout=2)),
        ("udp 127.0.0.1", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1",
                                                                                           %(port)d))),
        ("tcp 1.1.1.1", lambda: socket.create_connection(("1.1.1.1", 53), timeout=2))]:
    try:
        action()
        said[name] = "sent"
    except OSError as error:
        said[name] = error.strerror or str(error)
"""
        + _REPORT,
        "right",
    ),
    "h08-injection": (
        "inject a formula into the CSV and a section and a fake note into summary.md",
        """import json
raise ValueError("=HYPERLINK(\\"http://example.invalid\\")\\n\\n## Injected section\\n- fence: a fake note\\n"
                 "| 1a | 9 | 9 |")""",
        "right",
    ),
    "h09-ctypes": (
        "call libc directly (beneath any Python hook) to read the solutions and write canaries",
        """import ctypes, json
libc = ctypes.CDLL(None, use_errno=True)
said = {}
fd = libc.open(%(solutions)r.encode(), 0)
said["solutions"] = "read" if fd >= 0 else "errno %%d" %% ctypes.get_errno()
for place in %(places)r:
    fd = libc.open((place + "/canary-ctypes").encode(), 0o101, 0o644)
    said[place] = "written" if fd >= 0 and libc.write(fd, b"x", 1) == 1 else "errno %%d" %% ctypes.get_errno()
"""
        + _REPORT,
        "right",
    ),
    "h10-redefined-check": (
        "redefine the check its wrong answers are checked by",
        """def check_train_step(train_step):
    print("Correct: train_step does the five steps.")


def check_targets(y):
    print("Correct: y is the target.")""",
        "wrong",
    ),
    "h11-patched-at-run-time": (
        "replace the checks at run time, through IPython's namespace under another name, "
        "which reading the source does not show (its answers are wrong)",
        """namespace = get_ipython().user_ns
fake = lambda *args: print("Corr" + "ect: patched")
for name in ("check_train_step", "check_targets"):
    namespace[name] = fake""",
        "wrong",
    ),
    "h12-fill-the-disk": (
        "fill the disk: its home, its working folder and /tmp",
        """import json, os
said = {}
for folder in (os.path.expanduser("~"), os.getcwd(), "/tmp"):
    written = 0
    try:
        for k in range(10000):
            with open(os.path.join(folder, f"fill-{k}"), "wb") as file:
                for _ in range(64):
                    file.write(b"x" * (1 << 20))
                    written += 1
    except OSError as error:
        said[folder] = f"{written} MB, then {error.strerror}"
"""
        + _REPORT,
        "right",
    ),
    "h13-processes-and-memory": (
        "start processes until refused, then map memory in each",
        """import os, time
children = 0
try:
    for _ in range(500):
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        children += 1
except OSError:
    pass
hog = bytearray(3 << 30)
time.sleep(30)""",
        "right",
    ),
    "h16-forged-channel": (
        "write unsigned verdict lines, one with a status that does not exist, into the grader's "
        "pipe through /proc/1/fd/1 and every descriptor /proc shows (its answers are wrong)",
        """import glob, os
lines = b'{"exercise": "1a", "status": "correct", "text": "Correct: forged"}\\n' \\
    b'{"exercise": "1b", "status": "bogus"}\\n{"finished": true}\\n'
for path in ["/proc/1/fd/1", *glob.glob("/proc/*/fd/*")]:
    try:
        os.write(os.open(path, os.O_WRONLY | os.O_NONBLOCK), lines)
    except OSError:
        pass""",
        "wrong",
    ),
    "h17-remount-and-mount": (
        "make the read-only course copy and Python installation writable (remount), mount a "
        "memory folder of its own, start a new user namespace",
        """import json, os, subprocess, sys
said = {}
for name, command in [("remount the course", ["mount", "-o", "remount,bind,rw", "/pack"]),
                      ("remount python", ["mount", "-o", "remount,bind,rw", sys.prefix]),
                      ("mount a tmpfs", ["mount", "-t", "tmpfs", "-o", "size=8g", "none", "/tmp"]),
                      ("a user namespace", ["unshare", "--user", "--map-root-user", "true"])]:
    said[name] = subprocess.run(command, capture_output=True).returncode
for path in ["/pack/course/exercises/five_steps.py", os.path.join(sys.prefix, "hostile.pth")]:
    try:
        open(path, "a").close()
        said[path] = "written"
    except OSError as error:
        said[path] = error.strerror
"""
        + _REPORT,
        "right",
    ),
    "h18-patched-torch-unseen": (
        "replace torch.allclose through torch's namespace, which reading the source does not "
        "show (its answers are wrong)",
        """import torch
namespace = torch.__dict__
namespace["allclose"] = lambda *args, **kwargs: True""",
        "zeros",
    ),
}


def places():
    """The canary folders: the repository, the grading user's home, the shared /tmp."""
    return [str(REPO), str(Path.home()), "/tmp"]


def notebook(student, grades, port):
    """The student's lesson 1 notebook: the attack's cell, then both exercises answered right or wrong."""
    _, code, kind = ATTACKS[student]
    code = code % {
        "solutions": str(REPO / "notebooks" / "exercises" / "solutions" / "01_five_steps.ipynb"),
        "places": places(),
        "marker": LINGER,
        "grades": [str(grades)],
        "port": port,
    }
    answers = {"setup": ("code", code)}
    if kind == "right":
        answers.update({"1a": ("right", "unsqueeze"), "1b": ("right", "as in the solution")})
    elif kind == "zeros":  # a 1a of the right shape and type, every number wrong
        answers.update(
            {"1a": ("code", "y = torch.zeros(100, 1)"), "1b": ("wrong", "zero_grad forgotten")}
        )
    else:
        answers.update({"1a": ("wrong", "flat (N,)"), "1b": ("wrong", "zero_grad forgotten")})
    return fake_class.notebook_for("01_five_steps.ipynb", answers)


def write(dest, grades, port):
    """The hostile class and three honest students, one of them handing in a link and a file that is no notebook."""
    dest = Path(dest)
    for student in ATTACKS:
        (dest / student).mkdir(parents=True)
        nbformat.write(notebook(student, grades, port), dest / student / "01_five_steps.ipynb")
    for student, answers in {
        "honest-ana": ("right", "unsqueeze"),
        "honest-ben": ("wrong", "flat (N,)"),
    }.items():
        (dest / student).mkdir()
        kind = answers[0]
        nbformat.write(
            fake_class.notebook_for(
                "01_five_steps.ipynb",
                {
                    "1a": answers,
                    "1b": (
                        kind,
                        "as in the solution" if kind == "right" else "zero_grad forgotten",
                    ),
                },
            ),
            dest / student / "01_five_steps.ipynb",
        )
    (dest / "h14-links").mkdir()
    (dest / "h14-links" / "01_five_steps.ipynb").symlink_to(
        REPO / "notebooks" / "exercises" / "solutions" / "01_five_steps.ipynb"
    )
    (dest / "h14-links" / "notes.py").write_text("print('not a notebook')\n")
    (dest / "h15-linked-folder").symlink_to(REPO / "notebooks" / "exercises" / "solutions")
    (
        dest / "\x1b[2J\x1b[32mall correct\x1b[0m\nfake row"
    ).mkdir()  # a terminal's escape codes, a newline
    nbformat.write(
        fake_class.notebook_for("01_five_steps.ipynb", {"1a": ("right", "view")}),
        dest / "\x1b[2J\x1b[32mall correct\x1b[0m\nfake row" / "01_five_steps.ipynb",
    )
    (dest / "=SUM(1+1)").mkdir()
    nbformat.write(
        fake_class.notebook_for("01_five_steps.ipynb", {"1a": ("right", "view")}),
        dest / "=SUM(1+1)" / "01_five_steps.ipynb",
    )


def write_honest(dest, copies):
    """copies students, each with lesson 1's notebook answered right."""
    for k in range(copies):
        (Path(dest) / f"student-{k}").mkdir()
        nbformat.write(
            fake_class.notebook_for(
                "01_five_steps.ipynb",
                {"1a": ("right", "unsqueeze"), "1b": ("right", "as in the solution")},
            ),
            Path(dest) / f"student-{k}" / "01_five_steps.ipynb",
        )
