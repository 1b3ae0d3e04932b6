import pytest

from course import quiet


@pytest.fixture(autouse=True)
def _in_tmp_dir(tmp_path, monkeypatch):
    """Each test runs in its own folder, so lightning_logs/ and plots never land in the repository."""
    monkeypatch.chdir(tmp_path)
    quiet()


# With --dist loadfile each file runs on one worker. These files take tens of worker-seconds each (processes that train,
# wait for a signal or a timeout; notebook runs), longest first as measured in a whole run: they go to the workers
# first, the notebooks next, the many quick files last, so that no long file starts while the other workers run out of
# work (pyproject.toml's --no-loadscope-reorder keeps this order: xdist would start with the files with the most
# tests). Order only: every test still runs.
LONG_FIRST = [
    "test_cli_output.py",
    "test_checkpoints.py",
    "test_rendezvous.py",
    "test_flags_refused.py",
    "test_exercise_corpus.py",
    "test_exercises_broken_notebooks.py",
    "test_bootstrap.py",
    "test_alignment.py",
    "test_entry_points.py",
    "test_dangers.py",
    "test_features_lesson4.py",
    "test_ddp.py",
    "test_logs.py",
    "test_exercises_notebooks.py",
    "test_student_pack.py",
    "test_faults_signals.py",
    "test_checkpoint_integrity.py",
]


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.path.name
        return (
            LONG_FIRST.index(name)
            if name in LONG_FIRST
            else len(LONG_FIRST) + (item.path.suffix != ".ipynb")
        )

    items.sort(key=rank)  # stable: each file keeps its own order
