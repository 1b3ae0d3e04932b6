"""Make and check the two locks, for every supported Python and system, without installing anything.

    python -m staff.lock            # check: resolve each lock for Python 3.10-3.13 on Linux, macOS and Windows
    python -m staff.lock update     # make both locks again from pyproject.toml, keeping the current pins that fit

requirements.lock is the default set (torch's CPU build); requirements-cuda.lock takes PyPI's torch, which on Linux
is the CUDA build with its CUDA libraries. Both are universal: one file for every Python and system, with markers
(python_full_version, sys_platform, ...) and the sha256 of every file pip may download. Both hold the build
requirements too (pyproject.toml's [build-system] requires): the set-up installs the course with
`pip install --no-deps --no-build-isolation -e .`, which builds it with what the environment holds.

uv resolves (`uv pip compile --python-version --python-platform`): unlike pip's --platform it evaluates the markers
for the target system, so a package that only Windows needs is checked on Windows. It is installed if missing.

torch's CPU build for Linux is not on PyPI but on PyTorch's own CPU wheel index. Where TORCH_INDEX names that
index, the check resolves the real build; where a pip find-links folder (PIP_FIND_LINKS) holds its wheel for the
target, it resolves that; otherwise PyPI's torch of the same version stands in for it, with the packages only the
CUDA build needs (CUDA_ONLY) set aside, and the line says so. The CPU wheels' hashes are not compared: the lock holds
only those of the files seen here (see CPU_NOTE).
"""

import argparse
import concurrent.futures
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"requirements.lock": "cpu", "requirements-cuda.lock": "cuda"}
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
UV = "uv==0.13.8"
CUDA_ONLY = re.compile(r"^(nvidia-.*|cuda-.*|triton)$")
COMMON = {"implementation_name": "cpython", "platform_python_implementation": "CPython"}
PLATFORMS = {  # name: (uv's --python-platform, the marker values pip sees there)
    "linux x86_64": (
        "x86_64-manylinux_2_28",
        dict(
            sys_platform="linux",
            platform_system="Linux",
            platform_machine="x86_64",
            os_name="posix",
        ),
    ),
    "linux aarch64": (
        "aarch64-manylinux_2_28",
        dict(
            sys_platform="linux",
            platform_system="Linux",
            platform_machine="aarch64",
            os_name="posix",
        ),
    ),
    "macos arm64": (
        "aarch64-apple-darwin",
        dict(
            sys_platform="darwin",
            platform_system="Darwin",
            platform_machine="arm64",
            os_name="posix",
        ),
    ),
    "windows x86_64": (
        "x86_64-pc-windows-msvc",
        dict(
            sys_platform="win32", platform_system="Windows", platform_machine="AMD64", os_name="nt"
        ),
    ),
}
CPU_NOTE = """\
# torch's CPU build for Linux is not on PyPI (PyPI's Linux torch is the CUDA build). bootstrap.py downloads it first,
# from pip's own configuration or else PyTorch's CPU index, and installs it through pip's hash check where its
# sha256 is below (a file named below with another sha256 is refused); then pip finds this line already met.
# The hashes are of the CPU wheels staff/lock.py has seen, these files:
"""


def uv():
    """The uv command: on PATH, or this Python's, installed with pip if missing."""
    found = shutil.which("uv")
    if found:
        return [found]
    try:
        import uv as uv_package
    except ImportError:
        print(f"installing {UV} into {sys.prefix} (it resolves the locks)", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", UV], check=True)
        import uv as uv_package
    return [uv_package.find_uv_bin()]


def run_uv(args):
    # macOS 14 on Apple silicon: the oldest macOS that torch's wheels are built for (macosx_14_0_arm64)
    env = dict(
        os.environ, UV_PYTHON_DOWNLOADS="never", UV_NO_PROGRESS="1", MACOSX_DEPLOYMENT_TARGET="14.0"
    )
    return subprocess.run(
        uv() + ["pip", "compile", "--quiet", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )


def parse(text):
    """The entries of a requirements file: (name, version, marker or None, set of hashes)."""
    entries = []
    for line in re.sub(r"\\\n", " ", text).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        requirement, *hashes = re.split(r"\s+--hash=", line)
        pin, _, marker = requirement.partition(";")
        name, version = (part.strip() for part in pin.split("=="))
        entries.append((canonical(name), version, marker.strip() or None, set(hashes)))
    return entries


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def find_links():
    return [Path(p) for p in os.environ.get("PIP_FIND_LINKS", "").split() if Path(p).is_dir()]


def local_cpu_wheels(version):
    return [path for folder in find_links() for path in folder.glob(f"torch-{version}-*.whl")]


def cpu_wheel_names(lock_text):
    """{file name: sha256} of each CPU wheel of torch the lock names in its note, read as bootstrap.py reads it."""
    spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "bootstrap.py")
    bootstrap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bootstrap)
    return bootstrap.named_wheels(lock_text)


def cuda_only():
    """The packages that only PyPI's (CUDA) build of torch needs, as requirements-cuda.lock has them."""
    entries = parse((ROOT / "requirements-cuda.lock").read_text())
    return sorted({name for name, *_ in entries if CUDA_ONLY.match(name)})


def python_points(entries):
    """Each supported Python as x.y.0, and every x.y.z that a marker of the lock splits at."""
    points = {f"{minor}.0" for minor in PYTHONS}
    for _, _, marker, _ in entries:
        for version in re.findall(r"python_full_version \S+ '(\d+\.\d+\.\d+)'", marker or ""):
            if ".".join(version.split(".")[:2]) in PYTHONS:
                points.add(version)
    return sorted(points, key=lambda v: tuple(map(int, v.split("."))))


def expected(entries, python, values):
    from packaging.markers import Marker

    environment = dict(
        COMMON, python_version=".".join(python.split(".")[:2]), python_full_version=python, **values
    )
    chosen = {}
    for name, version, marker, hashes in entries:
        if marker is None or Marker(marker).evaluate(environment):
            if name in chosen:
                raise ValueError(
                    f"{name} is pinned twice for Python {python} on {values['sys_platform']}"
                )
            chosen[name] = (version, hashes)
    return chosen


def check_one(chosen, python, platform):
    uv_platform, values = PLATFORMS[platform]
    chosen = dict(chosen)
    torch_version = chosen.get("torch", ("",))[0]
    args, note, stand_in = [], "", False
    if torch_version.endswith("+cpu"):
        wheel_tag = "cp" + "".join(python.split(".")[:2])
        arch = values["platform_machine"]
        if os.environ.get("TORCH_INDEX"):
            args += [
                "--extra-index-url",
                os.environ["TORCH_INDEX"],
                "--index-strategy",
                "unsafe-best-match",
            ]
            note = "torch's CPU build from TORCH_INDEX"
        elif any(wheel_tag in w.name and arch in w.name for w in local_cpu_wheels(torch_version)):
            args += [arg for folder in find_links() for arg in ("--find-links", str(folder))]
            note = "torch's CPU build from a find-links folder"
        else:
            stand_in = True
            chosen["torch"] = (torch_version.removesuffix("+cpu"), set())
            note = f"PyPI's torch {chosen['torch'][0]} stands in for the CPU build, CUDA-only packages set aside"
    with tempfile.TemporaryDirectory() as tmp:
        pins = Path(tmp, "pins.txt")
        pins.write_text(
            "".join(f"{name}=={version}\n" for name, (version, _) in sorted(chosen.items()))
        )
        if stand_in:
            Path(tmp, "excludes.txt").write_text("".join(f"{name}\n" for name in cuda_only()))
            args += ["--excludes", str(Path(tmp, "excludes.txt"))]
        result = run_uv(
            [
                str(pins),
                "--python-version",
                python,
                "--python-platform",
                uv_platform,
                "--only-binary",
                ":all:",
                "--generate-hashes",
                "--no-header",
                "--no-annotate",
                *args,
            ]
        )
    if result.returncode:
        causes = [
            line.strip()
            for line in result.stderr.splitlines()
            if line.strip().startswith(("cause", "error"))
        ]
        return False, " / ".join(causes) or result.stderr.strip() or "uv failed"
    got = {name: (version, hashes) for name, version, _, hashes in parse(result.stdout)}
    if stand_in:
        got = {name: value for name, value in got.items() if not CUDA_ONLY.match(name)}
    problems = [
        f"{name} {got[name][0]} is needed but not in the lock"
        for name in sorted(set(got) - set(chosen))
    ]
    problems += [
        f"{name} is in the lock but no longer resolved" for name in sorted(set(chosen) - set(got))
    ]
    problems += [
        f"{name}: lock {chosen[name][0]}, resolved {got[name][0]}"
        for name in sorted(set(got) & set(chosen))
        if got[name][0] != chosen[name][0]
    ]
    problems += [
        f"{name}: {len(got[name][1] - chosen[name][1])} file hash(es) missing from the lock"
        for name in sorted(set(got) & set(chosen))
        if not (name == "torch" and "+cpu" in torch_version) and got[name][1] - chosen[name][1]
    ]
    if problems:
        return False, "; ".join(problems)
    return True, f"{len(chosen)} packages" + (f" ({note})" if note else "")


def check():
    jobs = {}  # (lock, python, platform): what to resolve; the two locks share most, resolved once
    for lock in LOCKS:
        entries = parse((ROOT / lock).read_text())
        for python in python_points(entries):
            for platform in PLATFORMS:
                chosen = expected(entries, python, PLATFORMS[platform][1])
                jobs[lock, python, platform] = (
                    tuple(
                        sorted(
                            (name, version, frozenset(hashes))
                            for name, (version, hashes) in chosen.items()
                        )
                    ),
                    python,
                    platform,
                )
    uv()  # install it once, before the threads
    unique = list(dict.fromkeys(jobs.values()))
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        done = dict(
            zip(
                unique,
                pool.map(
                    lambda job: check_one(
                        {name: (version, set(hashes)) for name, version, hashes in job[0]}, *job[1:]
                    ),
                    unique,
                ),
            )
        )
    results = [done[job] for job in jobs.values()]
    for (lock, python, platform), (ok, message) in zip(jobs, results):
        print(f"{lock:24} Python {python:7} {platform:15} {'ok' if ok else 'FAILED':7} {message}")
    failed = sum(not ok for ok, _ in results)
    print(f"lock resolution: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


def header(kind):
    what = (
        "torch's CPU build (the default)"
        if kind == "cpu"
        else "PyPI's torch: on Linux the CUDA build, with its CUDA libraries (`make TORCH=cuda`)"
    )
    return (
        f"# The tested set, {what}, for Python {PYTHONS[0]}-{PYTHONS[-1]} on Linux, macOS and Windows.\n"
        "# Made by `python -m staff.lock update` from pyproject.toml: its dependencies, test and lab extras "
        "and build\n# requirements. Checked by `python -m staff.lock`; install it as the README says "
        "(## Set-up in detail).\n"
    )


def build_requirements():
    """pyproject.toml's [build-system] requires: what the editable install builds the course with."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]


def compile_lock(output, extra_args):
    """Resolves pyproject.toml's dependencies, its test and lab extras and its build requirements into output."""
    build = Path(output).with_name("build-system.txt")
    build.write_text("".join(f"{requirement}\n" for requirement in build_requirements()))
    result = run_uv(
        [
            "pyproject.toml",
            str(build),
            "--extra",
            "test",
            "--extra",
            "lab",
            "--universal",
            "--python-version",
            PYTHONS[0],
            "--generate-hashes",
            "--no-header",
            "-o",
            str(output),
            *extra_args,
        ]
    )
    if result.returncode:
        sys.exit(result.stderr)
    output.write_text(
        output.read_text().replace(f"-r {build}", "pyproject.toml's [build-system] requires")
    )


def update():
    cuda, cpu = ROOT / "requirements-cuda.lock", ROOT / "requirements.lock"
    known_cpu = {}  # hashes of torch's CPU wheels already in the lock: kept
    if cpu.exists():
        known_cpu = {
            version: hashes
            for name, version, _, hashes in parse(cpu.read_text())
            if name == "torch" and version.endswith("+cpu")
        }
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "cuda.lock")
        for current in (cuda, cpu):  # the current pins are uv's preferences
            if current.exists():
                shutil.copy(current, out)
                break
        compile_lock(out, [])
        cuda_text = out.read_text()
        torch_version = next(v for name, v, _, _ in parse(cuda_text) if name == "torch")
        Path(tmp, "torch.txt").write_text(f"torch=={torch_version}\n")
        Path(tmp, "excludes.txt").write_text(
            "".join(f"{name}\n" for name, *_ in parse(cuda_text) if CUDA_ONLY.match(name))
        )
        cpu_out = Path(tmp, "cpu.lock")
        shutil.copy(out, cpu_out)
        compile_lock(
            cpu_out,
            ["-c", str(Path(tmp, "torch.txt")), "--excludes", str(Path(tmp, "excludes.txt"))],
        )
        cpu_text = cpu_out.read_text().replace(
            str(Path(tmp, "torch.txt")), "(the version in requirements-cuda.lock)"
        )
    recorded = cpu_wheel_names(cpu.read_text()) if cpu.exists() else {}
    cpu_files = {f"sha256:{digest}": name for name, digest in recorded.items()}
    cpu_files |= {
        "sha256:" + hashlib.sha256(w.read_bytes()).hexdigest(): w.name
        for w in local_cpu_wheels(f"{torch_version}+cpu")
    }
    cpu_hashes = set(known_cpu.get(f"{torch_version}+cpu", set())) | set(cpu_files)
    if not cpu_hashes:
        sys.exit(
            f"no hash known for torch {torch_version}+cpu: put one of its wheels in a PIP_FIND_LINKS folder"
        )
    block = re.search(
        rf"^torch=={re.escape(torch_version)} \\\n((?:    --hash=\S+(?: \\)?\n)+)", cpu_text, re.M
    )
    linux = (
        f"torch=={torch_version}+cpu ; sys_platform == 'linux' \\\n"
        + " \\\n".join(f"    --hash={h}" for h in sorted(cpu_hashes))
        + "\n"
    )
    other = f"torch=={torch_version} ; sys_platform != 'linux' \\\n" + block.group(1)
    names = "".join(
        f"#   {h} {cpu_files.get(h, '(file name not recorded)')}\n" for h in sorted(cpu_hashes)
    )
    cpu_text = (
        cpu_text[: block.start()] + CPU_NOTE + names + linux + other + cpu_text[block.end() :]
    )
    cuda.write_text(header("cuda") + cuda_text)
    cpu.write_text(header("cpu") + cpu_text)
    print(
        f"wrote {cpu.name} ({len(parse(cpu_text))} entries) and {cuda.name} ({len(parse(cuda_text))} entries)"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", nargs="?", choices=("check", "update"), default="check")
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
    return check()


if __name__ == "__main__":
    sys.exit(main())
