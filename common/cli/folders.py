"""The folder flags checked before a run writes anything: --checkpoint-dir and --log-dir must be
folders, or paths where one can be made, that a file can be written in."""

import os
import tempfile
from pathlib import Path


def check_folders(config):
    """Refuses a --checkpoint-dir or --log-dir that is a file or a link to nothing, whose name the
    file system refuses (too long), or where no file can be written; a file in --log-dir named as a
    run's folder (version_N) would be; and --resume from a folder that does not exist (nothing is
    created for it)."""
    from task.config import ConfigError

    for field in ("checkpoint_dir", "log_dir"):
        folder = Path(getattr(config, field))
        if not getattr(config, field):
            continue
        try:
            dangling = next(
                (
                    path
                    for path in (folder, *folder.parents)
                    if path.is_symlink() and not path.exists()
                ),
                None,
            )
            if dangling:
                raise ConfigError(
                    field,
                    f"{folder}: {dangling} is a link to {os.readlink(dangling)}, which does not "
                    "exist, so no folder can be made there: create what it points to, or "
                    "choose another path",
                )
            existing = next(
                path
                for path in (folder, *folder.parents)
                if path.exists() or path == Path(path.anchor)
            )
            in_the_way = [
                path.name
                for path in folder.glob("version_*")
                if _version(path) and not path.is_dir()
            ]
        except OSError as error:  # ENAMETOOLONG: a name over 255 bytes, or a path over 4096
            raise ConfigError(
                field, f"{_shortened(folder)}: {error.strerror}: choose a shorter path"
            ) from None
        if not existing.is_dir():
            where = "is a file" if existing == folder else f"is inside {existing}, which is a file"
            raise ConfigError(field, f"{folder} {where}, not a folder: choose another path")
        try:
            tempfile.TemporaryFile(dir=existing).close()
        except OSError as error:
            raise ConfigError(
                field,
                f"{folder}: no file can be written in {existing} ({error.strerror}): choose "
                "a folder you can write to",
            ) from None
        if field == "checkpoint_dir" and config.resume and existing != folder:
            raise ConfigError(
                "resume",
                f"finds no folder {folder} to continue from: check --checkpoint-dir, or leave "
                "out --resume to start a run there",
            )
        if field == "log_dir" and in_the_way:
            raise ConfigError(
                field,
                f"{folder} holds a file named {sorted(in_the_way)[0]}, the name of a run's "
                "folder there: move it away, or choose another --log-dir",
            )


def _version(path):
    """Whether path is named as CSVLogger numbers runs' folders (version_N), by its rule."""
    return path.name.startswith("version_") and path.name.split("_")[1].isdigit()


def _shortened(path):
    """A path for a one-line message: its first and last 40 characters."""
    text = str(path)
    return text if len(text) <= 90 else f"{text[:40]}...{text[-40:]} ({len(text)} characters)"
