import pytest

from course import quiet


@pytest.fixture(autouse=True)
def _in_tmp_dir(tmp_path, monkeypatch):
    """Each test runs in its own folder, so lightning_logs/ and plots never land in the repository."""
    monkeypatch.chdir(tmp_path)
    quiet()
