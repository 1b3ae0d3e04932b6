from dataclasses import fields
from pathlib import Path

from course import rosetta
from task.config import GROUPS, TrainConfig


def test_every_config_field_has_a_row():
    covered = set(rosetta.ROWS) | set(rosetta.DATA_FIELDS)
    assert {field.name for field in fields(TrainConfig)} == covered


def test_readme_shows_the_current_table():
    readme = (Path(rosetta.__file__).parent.parent / "README.md").read_text()
    assert rosetta.markdown() in readme, "README's Rosetta table is stale: paste course.rosetta.markdown() into it"


def test_the_groups_hold_every_field_once_so_help_and_the_table_show_them_all():
    grouped = [name for names in GROUPS.values() for name in names]
    assert sorted(grouped) == sorted(field.name for field in fields(TrainConfig))
    table = rosetta.markdown()
    assert all(table.index(f"**{a}**") < table.index(f"**{b}**") for a, b in zip(GROUPS, list(GROUPS)[1:]))
