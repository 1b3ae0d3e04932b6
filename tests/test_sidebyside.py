import pytest

import lightning_version.train
import vanilla.train
from course.sidebyside import align, main, side_by_side, side_by_side_html, source


def test_align_keeps_every_line_in_order_on_its_own_side():
    _, a = source(vanilla.train)
    _, b = source(lightning_version.train)
    rows = align(a, b)
    assert [one for _, one, _ in rows if one is not None] == a
    assert [two for _, _, two in rows if two is not None] == b


def test_unchanged_lines_sit_side_by_side_and_similar_lines_pair_up():
    rows = align(["import torch", "    y_hat = model(x)  # step 1", "gone"], ["import torch", "new", "  y_hat = self(x)  # step 1"])
    assert rows[0] == (" ", "import torch", "import torch")
    assert ("|", "    y_hat = model(x)  # step 1", "  y_hat = self(x)  # step 1") in rows
    assert (">", None, "new") in rows and ("<", "gone", None) in rows


def test_terminal_view_names_both_files_and_marks_changes():
    text = side_by_side("vanilla/train.py", "lightning_version/train.py", width=50)
    assert text.splitlines()[0].split() == ["vanilla/train.py", "lightning_version/train.py"]
    assert any(line.startswith("def train(config=TrainConfig()):") and " | " not in line for line in text.splitlines())


def test_html_view_escapes_code_and_holds_no_absolute_path():
    page = side_by_side_html(vanilla.train, lightning_version.train)
    assert "&quot;" in page and "<table" in page and "/work" not in page and "lightning_version/train.py" in page


def test_missing_file_is_a_clear_error():
    with pytest.raises(SystemExit, match="no file vanilla/nope.py"):
        main(["vanilla/nope.py", "lightning_version/train.py"])
