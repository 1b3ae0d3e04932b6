"""bootstrap.py, the set-up every system uses: where torch's CPU build comes from on Linux, the one line that says
what was tried and what failed, and `make` on top of it. pip runs for real, as on a laptop (no configuration file, no
PIP_ variables), against indexes made here: a folder, a local HTTP server, a port that refuses, a page that is not
an index. Nothing here reaches the network. The whole set-up from scratch is tests/test_fresh_setup.py."""

import functools
import hashlib
import http.server
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "bootstrap.py")
bootstrap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bootstrap)

VERSION, HASHES = bootstrap.lock_entry(
    (ROOT / "requirements.lock").read_text(), "torch", local="cpu"
)
WANTED = f"torch {VERSION} (the CPU build for Linux) was not found"


def laptop_env(**pip_settings):
    """The environment of a laptop's pip: no configuration file, no PIP_ variable but those given."""
    # not make's child
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PIP_") and key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")
    }
    return dict(env, PIP_CONFIG_FILE=os.devnull, **pip_settings)


def fake_torch(folder, version=VERSION):
    """A tiny wheel named torch==version (pure Python): what pip finds and downloads, without 192 MB."""
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"torch-{version}-py3-none-any.whl"
    info = f"torch-{version}.dist-info"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("torch/__init__.py", "")
        archive.writestr(
            f"{info}/METADATA", f"Metadata-Version: 2.1\nName: torch\nVersion: {version}\n"
        )
        archive.writestr(
            f"{info}/WHEEL",
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
        archive.writestr(f"{info}/RECORD", "")
    return wheel


def index(root, *wheels):
    """A PEP 503 index in root: root/torch/index.html links the wheels. Returns root."""
    page = root / "torch"
    page.mkdir(parents=True, exist_ok=True)
    links = "".join(f'<a href="{w.name.replace("+", "%2B")}">{w.name}</a>\n' for w in wheels)
    for wheel in wheels:
        if wheel.parent != page:
            shutil.copy(wheel, page / wheel.name)
    (page / "index.html").write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n")
    return root


@pytest.fixture
def server():
    """serve(folder) -> the URL of a local HTTP server for folder; .asked lists the paths it was asked for."""
    servers, asked = [], []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            asked.append(self.path)

    def serve(folder):
        httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
        )
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    serve.asked = asked
    yield serve
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(tmp_path, monkeypatch, index_url=None, default=None, **pip_settings):
    monkeypatch.setattr(
        bootstrap, "TORCH_CPU_INDEX", default or f"http://127.0.0.1:{closed_port()}/whl"
    )
    empty = tmp_path / "configured-index"
    empty.mkdir(exist_ok=True)
    # pip's own configuration: an empty index
    env = laptop_env(PIP_INDEX_URL=empty.as_uri(), **pip_settings)
    dest = tmp_path / "dest"
    dest.mkdir()
    return bootstrap.fetch_torch(sys.executable, VERSION, dest, index_url, env)


def test_torch_comes_from_pips_own_configuration_when_it_has_it_and_no_other_index_is_asked(
    tmp_path, monkeypatch, server
):
    wheels = fake_torch(tmp_path / "links").parent
    default = server(index(tmp_path / "cpu-index", fake_torch(tmp_path / "other")))
    wheel, where = fetch(tmp_path, monkeypatch, default=default + "/", PIP_FIND_LINKS=str(wheels))
    assert (wheel.name, where) == (f"torch-{VERSION}-py3-none-any.whl", str(wheels))
    assert server.asked == []


def test_otherwise_torch_comes_from_pytorchs_cpu_index(tmp_path, monkeypatch, server):
    default = server(index(tmp_path / "cpu-index", fake_torch(tmp_path / "wheels")))
    wheel, where = fetch(tmp_path, monkeypatch, default=default)
    assert where in (default, f"{default}/torch")  # pip names the file's URL, or only its name
    assert wheel.name == f"torch-{VERSION}-py3-none-any.whl"
    assert "/torch/" in server.asked


def test_the_default_index_is_the_one_pytorchs_install_selector_shows_for_linux_pip_cpu():
    assert bootstrap.TORCH_CPU_INDEX == "https://download.pytorch.org/whl/cpu"


def test_an_index_named_by_the_user_is_the_only_one_asked(tmp_path, monkeypatch, server):
    named = index(tmp_path / "named", fake_torch(tmp_path / "wheels")).as_uri()
    wheel, where = fetch(
        tmp_path, monkeypatch, index_url=named, PIP_FIND_LINKS=str(tmp_path / "nothing")
    )
    assert where == str(tmp_path / "named" / "torch") and wheel.is_file()


def test_the_line_names_where_the_file_came_from_even_when_pips_configuration_supplied_it(
    tmp_path, monkeypatch
):
    links = fake_torch(tmp_path / "links").parent
    named = index(
        tmp_path / "named"
    ).as_uri()  # an index without torch: pip finds it in its find-links
    wheel, where = fetch(tmp_path, monkeypatch, index_url=named, PIP_FIND_LINKS=str(links))
    assert where == str(links)


def test_when_torch_is_not_found_one_line_says_what_was_tried_what_failed_and_the_two_ways_on(
    tmp_path, monkeypatch
):
    url = f"http://127.0.0.1:{closed_port()}/whl"  # an index that refuses
    with pytest.raises(bootstrap.SetupError) as refused:
        fetch(tmp_path, monkeypatch, default=url)
    line = bootstrap.failure_line(refused.value, "run")
    assert line == (
        f"{WANTED}. Tried pip's own configuration: no torch {VERSION} there; {url}: unreachable, the "
        "connection was refused. Ways on: python bootstrap.py run --torch-index URL with an index that "
        "holds it, or python bootstrap.py run --torch cuda for PyPI's CUDA build (about 2.8 GB)"
    )
    assert bootstrap.failure_line(refused.value, "run", make="test").endswith(
        "Ways on: make test TORCH_INDEX=URL with an index that holds it, or make test TORCH=cuda for PyPI's CUDA "
        "build (about 2.8 GB)"
    )


@pytest.mark.parametrize(
    "case, why",
    [
        ("refused", "unreachable, the connection was refused"),
        ("not an index", "wrong URL, {url}/torch/ answers HTTP 404: not a package index"),
        ("another version", f"not found, it has no torch {VERSION}"),
        ("another system", f"not found, it has torch {VERSION} but not for this Python and system"),
        ("no such folder", "wrong URL, there is no folder {folder}"),
        ("not a URL", "not a URL, an index address starts with https://"),
        (
            "no such host",
            "unreachable, its host name does not resolve (no network here, or a typo in the host)",
        ),
    ],
)
def test_each_way_an_index_fails_is_named(tmp_path, server, case, why):
    """What pip leaves unsaid (it says only "from versions: none"), asked of the index itself."""
    folder = tmp_path / "missing" / "torch"
    url = {
        "refused": lambda: f"http://127.0.0.1:{closed_port()}/whl",
        "not an index": lambda: server(tmp_path),
        "another version": lambda: server(
            index(tmp_path / "old", fake_torch(tmp_path / "w", "2.12.0+cpu"))
        ),
        "another system": lambda: server(
            index(tmp_path / "mac", fake_torch(tmp_path / "w", VERSION))
        ),
        "no such folder": lambda: folder.parent.as_uri(),
        "not a URL": lambda: "download.pytorch.org/whl/cpu",
        "no such host": lambda: "https://torch-index.invalid/whl/cpu",
    }[case]()
    assert bootstrap.diagnose(url, VERSION) == why.format(url=url, folder=folder)


def test_a_wheel_whose_sha256_the_lock_records_goes_through_pips_hash_check_and_another_is_named_unchecked(
    tmp_path, monkeypatch, capsys
):
    wheel = fake_torch(tmp_path / "links")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    monkeypatch.setattr(bootstrap, "VENV", tmp_path)
    for recorded, said in [
        (digest, "its sha256 is the one requirements.lock records"),
        ("0" * 64, "requirements.lock does not record this file's sha256"),
    ]:
        target = tmp_path / f"target-{recorded[:4]}"
        lock = f"torch=={VERSION} ; sys_platform == 'linux' \\\n    --hash=sha256:{recorded}\n"
        env = laptop_env(PIP_FIND_LINKS=str(wheel.parent), PIP_TARGET=str(target), PIP_NO_INDEX="1")
        bootstrap.install_torch(sys.executable, lock, env=env)
        assert said in capsys.readouterr().err
        assert (target / "torch" / "__init__.py").is_file()
    assert len(HASHES) >= 1


def test_a_file_the_lock_names_with_another_sha256_is_refused_and_nothing_is_installed(
    tmp_path, monkeypatch
):
    wheel = fake_torch(tmp_path / "links")
    monkeypatch.setattr(bootstrap, "VENV", tmp_path)
    lock = (
        f"#   sha256:{'1' * 64} {wheel.name}\n"
        f"torch=={VERSION} ; sys_platform == 'linux' \\\n    --hash=sha256:{'1' * 64}\n"
    )
    target = tmp_path / "target"
    env = laptop_env(PIP_FIND_LINKS=str(wheel.parent), PIP_TARGET=str(target), PIP_NO_INDEX="1")
    with pytest.raises(
        bootstrap.SetupError,
        match=f"{re.escape(wheel.name)} from .* is not the file requirements.lock "
        "records .* nothing was installed",
    ):
        bootstrap.install_torch(sys.executable, lock, env=env)
    assert not target.exists()


def test_the_lock_names_the_file_of_each_cpu_hash_it_records():
    text = (ROOT / "requirements.lock").read_text()
    named = bootstrap.named_wheels(text)
    assert sorted(named.values()) == sorted(HASHES)
    assert all(name.startswith(f"torch-{VERSION}-") for name in named)


def test_the_lock_holds_torchs_cpu_build_for_linux_with_its_hashes():
    assert VERSION.endswith("+cpu") and all(len(h) == 64 for h in HASHES)
    cuda_version, _ = bootstrap.lock_entry((ROOT / "requirements-cuda.lock").read_text(), "torch")
    assert cuda_version == VERSION.removesuffix("+cpu")


class FakeVenv:
    """setup() with pip and venv stood in for: what it says and what it would install, in a folder of the test's."""

    def __init__(self, tmp_path, monkeypatch, capsys):
        self.capsys, self.pip_calls = capsys, []
        monkeypatch.setattr(bootstrap, "VENV", tmp_path / ".venv")
        monkeypatch.setattr(
            bootstrap, "pip", lambda python, *args, env=None: self.pip_calls.append(args) or (0, "")
        )
        monkeypatch.setattr(
            bootstrap, "install_torch", lambda *args: self.pip_calls.append(("torch step",))
        )
        monkeypatch.setattr(bootstrap, "installed_version", lambda python, name: None)
        monkeypatch.setattr(bootstrap, "damage", lambda: None)
        real_run = subprocess.run

        def run(command, **kwargs):
            if command[1:3] == ["-m", "venv"]:
                bootstrap.venv_python().parent.mkdir(parents=True, exist_ok=True)
                bootstrap.venv_python().touch()
                return subprocess.CompletedProcess(command, 0, "", "")
            return real_run(command, **kwargs)

        monkeypatch.setattr(bootstrap.subprocess, "run", run)

    def setup(self, torch=None):
        self.pip_calls.clear()
        changed = bootstrap.setup(torch)
        return (
            changed,
            self.capsys.readouterr().err.splitlines(),
            [call[-1] for call in self.pip_calls],
        )


def test_an_existing_venv_keeps_its_torch_build_its_python_and_is_left_alone_when_nothing_changed(
    tmp_path, monkeypatch, capsys
):
    fake = FakeVenv(tmp_path, monkeypatch, capsys)
    changed, said, installed = fake.setup("cuda")
    assert (
        changed
        and said[0].startswith("Setting up .venv/ with Python ")
        and "(first use: " in said[0]
    )
    assert installed[0].endswith("requirements-cuda.lock") and "torch step" not in installed
    # `make test` after `make run TORCH=cuda`: the CUDA build stays
    assert fake.setup() == (False, [], [])
    stamp = bootstrap.VENV / "installed"
    # made by another Python: kept too
    stamp.write_text(stamp.read_text().replace(" python3.", " python2."))
    assert fake.setup() == (False, [], [])


def test_asking_for_the_other_build_makes_the_venv_again_and_a_changed_lock_updates_it_in_place(
    tmp_path, monkeypatch, capsys
):
    fake = FakeVenv(tmp_path, monkeypatch, capsys)
    fake.setup("cuda")
    changed, said, installed = fake.setup("cpu")
    assert said[0].endswith(
        "from scratch (about a minute, 300 MB): it held torch's cuda build, cpu was asked for"
    )
    assert installed[-3].endswith("requirements.lock") and ("torch step" in installed) == (
        sys.platform == "linux"
    )
    stamp = bootstrap.VENV / "installed"
    stamp.write_text("0" * 64 + stamp.read_text()[64:])  # as if the lock had changed since
    changed, said, _ = fake.setup()
    assert changed and said[0] == "Updating .venv/: requirements.lock or pyproject.toml changed"
    stamp.unlink()  # a set-up that did not finish
    _, said, _ = fake.setup()
    assert said[0].endswith("it was not made by this set-up, or its set-up did not finish")


@pytest.mark.parametrize("system", ["windows", "macos"])
def test_on_windows_and_macos_torch_comes_with_the_lock_and_windows_venv_has_its_own_layout(
    tmp_path, monkeypatch, capsys, system
):
    """What differs off Linux, run here with the system's words stood in: PyPI's torch is the CPU build there, so
    there is no torch step; Windows' venv keeps its Python in Scripts\\python.exe."""
    fake = FakeVenv(tmp_path, monkeypatch, capsys)
    monkeypatch.setattr(bootstrap, "LINUX", False)
    monkeypatch.setattr(bootstrap, "WINDOWS", system == "windows")
    _, said, installed = fake.setup()
    assert "torch step" not in installed and installed[0].endswith("requirements.lock")
    python = bootstrap.venv_python().relative_to(bootstrap.VENV).as_posix()
    assert python == ("Scripts/python.exe" if system == "windows" else "bin/python") and said[
        -1
    ].startswith("Set up")


def test_a_venv_made_in_another_folder_or_damaged_is_made_again_saying_why(
    tmp_path, monkeypatch, capsys
):
    fake = FakeVenv(tmp_path, monkeypatch, capsys)
    fake.setup()
    stamp = bootstrap.VENV / "installed"
    # copied or moved here
    stamp.write_text(stamp.read_text().splitlines()[0] + "\n/home/someone/old-copy\n")
    _, said, _ = fake.setup()
    assert said[0].endswith(
        "from scratch (about a minute, 300 MB): it was made in another folder, "
        "/home/someone/old-copy, and a virtual environment cannot move"
    )
    monkeypatch.setattr(bootstrap, "damage", lambda: "packages are missing from it (lightning)")
    _, said, _ = fake.setup()
    assert said[0].endswith(
        "from scratch (about a minute, 300 MB): packages are missing from it (lightning)"
    )


def test_a_set_up_that_fails_puts_the_old_venv_back_and_a_first_one_leaves_none(
    tmp_path, monkeypatch, capsys
):
    fake = FakeVenv(tmp_path, monkeypatch, capsys)
    fake.setup()
    stamp = bootstrap.VENV / "installed"
    moved = stamp.read_text().splitlines()[0] + "\n/home/someone/old-copy\n"
    stamp.write_text(moved)
    (bootstrap.VENV / "kept.txt").write_text("what was there")

    def offline(*args):
        raise bootstrap.SetupError("torch was not found (offline)")

    monkeypatch.setattr(bootstrap, "install", offline)
    with pytest.raises(bootstrap.SetupError, match="offline"):
        bootstrap.setup()
    assert (
        bootstrap.VENV / "kept.txt"
    ).read_text() == "what was there" and stamp.read_text() == moved
    assert capsys.readouterr().err.splitlines()[-1] == ".venv/ is back as it was before this set-up"
    assert not (tmp_path / ".venv-old").exists()
    shutil.rmtree(bootstrap.VENV)
    with pytest.raises(bootstrap.SetupError):
        bootstrap.setup()
    assert not bootstrap.VENV.exists()  # no half-made .venv/ whose Python would run without torch


def test_damage_names_the_packages_whose_files_are_gone_and_a_python_that_does_not_start(
    tmp_path, monkeypatch
):
    venv = tmp_path / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    monkeypatch.setattr(bootstrap, "VENV", venv)
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "tinypkg").mkdir()
    (site / "tinypkg" / "__init__.py").write_text("")
    info = site / "tinypkg-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tinypkg\nVersion: 1.0\n")
    (info / "RECORD").write_text("tinypkg/__init__.py,,\ntinypkg-1.0.dist-info/METADATA,,\n")
    assert bootstrap.damage() is None
    shutil.rmtree(site / "tinypkg")  # deleted by hand
    assert bootstrap.damage() == "packages are missing from it (tinypkg)"
    bootstrap.venv_python().unlink()
    assert bootstrap.damage().startswith("its Python does not start")


def test_a_second_set_up_in_the_same_folder_waits_for_the_first(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bootstrap, "ROOT", tmp_path)
    order = []

    def second():
        with bootstrap.one_at_a_time():
            order.append("second")

    with bootstrap.one_at_a_time():
        waiting = threading.Thread(target=second)
        waiting.start()
        waiting.join(1.5)
        order.append("first done")
    waiting.join(5)
    assert order == ["first done", "second"]
    assert (
        capsys.readouterr().err
        == "Another set-up is running in this folder: waiting for it to finish\n"
    )


def test_a_folder_that_cannot_be_written_a_python_without_venv_and_ctrl_c_each_end_with_one_line(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(bootstrap, "writable", lambda folder: False)
    with pytest.raises(
        bootstrap.SetupError, match="this folder cannot be written .*: set the course up in a copy"
    ):
        bootstrap.setup()
    monkeypatch.setattr(bootstrap, "writable", lambda folder: True)
    monkeypatch.setattr(bootstrap, "ROOT", tmp_path)
    monkeypatch.setattr(bootstrap, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(bootstrap, "fingerprint", lambda torch: "0" * 64)
    no_ensurepip = subprocess.CompletedProcess(
        [],
        1,
        "",
        "Error: Command '[...]' returned non-zero exit status 1. ensurepip is not available",
    )
    monkeypatch.setattr(bootstrap.subprocess, "run", lambda *args, **kwargs: no_ensurepip)
    with pytest.raises(bootstrap.SetupError, match="sudo apt install python3-venv"):
        bootstrap.setup()

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(bootstrap, "setup", interrupted)
    capsys.readouterr()
    assert bootstrap.main(["run"]) == 130
    assert capsys.readouterr() == (
        "",
        "bootstrap.py: error: the set-up was interrupted: the same command again finishes it\n",
    )
    # make prints the line as its own and stops
    assert bootstrap.main(["run", "--make", "run"]) == 0
    assert (
        capsys.readouterr().out
        == "the set-up was interrupted: the same command again finishes it\n"
    )


def copy_for_make(tmp_path):
    for name in (
        "Makefile",
        "staff/instructors.mk",
        "bootstrap.py",
        "pyproject.toml",
        *bootstrap.LOCKS.values(),
    ):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


@pytest.mark.skipif(
    sys.platform != "linux" or not shutil.which("make"), reason="the CPU torch step is Linux's"
)
def test_make_run_that_cannot_find_torch_ends_with_one_line_of_the_courses_and_echoes_no_recipe(
    tmp_path,
):
    folder = copy_for_make(tmp_path)
    url = f"http://127.0.0.1:{closed_port()}/whl"
    run = subprocess.run(
        ["make", "run", f"TORCH_INDEX={url}", f"PYTHON={sys.executable}"],
        cwd=folder,
        env=laptop_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = (run.stdout + run.stderr).splitlines()
    assert run.returncode == 2
    assert lines[0].startswith("Setting up .venv/ with Python ")
    assert (
        lines[1].startswith("Makefile:") and f"*** {WANTED}. Tried {url}: unreachable" in lines[1]
    )
    assert lines[1].endswith("make run TORCH=cuda for PyPI's CUDA build (about 2.8 GB).  Stop.")
    assert len(lines) == 2, lines


def test_make_echoes_no_recipe_line():
    """Every recipe line starts with @: what make prints is the commands' own output, never the command."""
    for name in ("Makefile", "staff/instructors.mk"):
        recipes = [line for line in (ROOT / name).read_text().splitlines() if line.startswith("\t")]
        assert recipes and [line for line in recipes if not line.startswith("\t@")] == [], name


def test_make_help_lists_every_target_with_one_line(tmp_path):
    folder = copy_for_make(tmp_path)
    listed = subprocess.run(
        ["make", "help"], cwd=folder, capture_output=True, text=True, env=laptop_env()
    )
    assert listed.returncode == 0 and not (folder / ".venv").exists()
    targets = {line.split()[0] for line in listed.stdout.splitlines()[1:]}
    text = (ROOT / "Makefile").read_text() + (ROOT / "staff" / "instructors.mk").read_text()
    phony = {
        t
        for line in text.splitlines()
        if line.startswith(".PHONY:")
        for t in line.split("#")[0].split()[1:]
    }
    assert (
        phony - {"check-notebooks", "ready-run"} <= targets
    )  # the helpers that run check and ready


def test_a_wrong_word_is_one_line_naming_what_is_allowed_and_sets_up_nothing(tmp_path):
    folder = copy_for_make(tmp_path)
    made = subprocess.run(
        ["make", "run", "TORCH=gpu", f"PYTHON={sys.executable}"],
        cwd=folder,
        env=laptop_env(),
        capture_output=True,
        text=True,
    )
    assert made.returncode == 2 and made.stdout == ""
    assert made.stderr.splitlines() == [
        f"Makefile:{makefile_line(folder, 'run')}: *** TORCH: invalid choice: "
        "'gpu' (choose from 'cpu', 'cuda').  Stop."
    ]
    for args, line in [
        (
            ["runn"],
            "command: invalid choice: 'runn' (choose from 'run', 'test', 'check', 'ready', 'lab', 'setup')",
        ),
        ([], "give a command: run, test, check, ready, lab, setup"),
    ]:
        said = subprocess.run(
            [sys.executable, "bootstrap.py", *args], cwd=folder, capture_output=True, text=True
        )
        assert (said.returncode, said.stdout, said.stderr) == (
            2,
            "",
            f"python bootstrap.py: error: {line}\n",
        )
    assert not (folder / ".venv").exists()


def test_words_after_the_command_go_to_it_but_for_bootstraps_own_options():
    assert bootstrap.split(["run", "--help"]) == (["run"], ["--help"])
    assert bootstrap.split(
        ["check", "nb.ipynb", "--torch-index", "file:///x", "--timeout", "5"]
    ) == (["check", "--torch-index", "file:///x"], ["nb.ipynb", "--timeout", "5"])
    assert bootstrap.split(["--torch=cuda", "test", "-k", "minimal"]) == (
        ["--torch=cuda", "test"],
        ["-k", "minimal"],
    )
    assert bootstrap.split(["-h"]) == (["-h"], [])


def makefile_line(folder, target):
    """The line of the target's recipe, as make names it in an $(error)."""
    lines = (folder / "Makefile").read_text().splitlines()
    return lines.index(next(line for line in lines if line.startswith(f"{target}:"))) + 2


def test_bootstrap_help_sets_up_nothing(tmp_path):
    folder = copy_for_make(tmp_path)
    shown = subprocess.run(
        [sys.executable, "bootstrap.py", "--help"], cwd=folder, capture_output=True, text=True
    )
    assert shown.returncode == 0 and "usage: python bootstrap.py" in shown.stdout
    version = subprocess.run(
        [sys.executable, "bootstrap.py", "--version"], cwd=folder, capture_output=True, text=True
    )
    assert (version.returncode, version.stdout) == (
        0,
        "python bootstrap.py (vanilla-to-lightning 0.1.0)\n",
    )
    assert not (folder / ".venv").exists()
