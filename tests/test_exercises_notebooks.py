"""The exercise notebooks: each student notebook is its solution with the answers cut out; run as a student would,
every gap says "not done yet" with its instruction; the terminal check says so, judges each exercise on its own
unless it uses what a failing one defined, reads code and never comments or strings, shows a wrong answer as its message
alone and a student's own error with the student's frames only, and the command says where it looked when it finds
none. Broken notebooks and `make check`'s failure: test_exercises_broken_notebooks.py."""

import ast
import asyncio
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from course.exercises import build, check, mistakes

SOLUTIONS = build.solution_paths()
STUDENTS = [build.student_path(solution) for solution in SOLUTIONS]
NAMES = [solution.stem for solution in SOLUTIONS]
REPO = Path(__file__).resolve().parents[1]


def code_cells(notebook):
    return [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]


def first_gap(notebook):
    """The index and source of the first cell with a gap."""
    return next(
        (index, cell.source) for index, cell in code_cells(notebook) if build.BEGIN in cell.source
    )


def test_every_lesson_has_an_exercise():
    lessons = {path.name for path in (build.EXERCISES.parent).glob("[0-9]*.ipynb")}
    assert lessons and lessons <= {solution.name for solution in SOLUTIONS}


@pytest.mark.parametrize("solution", SOLUTIONS, ids=NAMES)
def test_student_notebook_is_its_solution_without_the_answers(solution):
    assert build.student_path(solution).read_text() == build.render(solution), (
        "run: python -m course.exercises.build"
    )


@pytest.mark.parametrize("solution", SOLUTIONS, ids=NAMES)
def test_every_exercise_has_a_gap_and_ends_with_its_check(solution):
    exercises = [
        cell.source
        for _, cell in code_cells(nbformat.read(solution, as_version=4))
        if build.exercise_of(cell.source)
    ]
    assert exercises
    for source in exercises:
        assert build.BEGIN in source and source.strip().splitlines()[-1].startswith("check_")


def test_builder_replaces_the_marked_lines_and_nothing_else():
    source = (
        "# Exercise 9z: return one.\ndef f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n"
        "\n\ncheck(f)"
    )
    assert build.strip(source) == (
        "# Exercise 9z: return one.\ndef f():\n    raise NotImplementedError("
        '"Exercise 9z: return one. Replace this line with your answer.")\n\n\ncheck(f)'
    )


def test_solutions_stored_outputs_say_every_exercise_is_correct():
    for (
        solution
    ) in SOLUTIONS:  # nbval proves these stored outputs are what the solution prints today
        found = check.verdicts(nbformat.read(solution, as_version=4))
        assert found and all(verdict.status == "correct" for verdict in found), solution.name


def student_answering(folder, name, answers):
    """The student notebook `name` with its first gaps replaced by `answers`, one line each, saved in folder."""
    notebook = nbformat.read(build.EXERCISES / name, as_version=4)
    gaps = [cell for cell in notebook.cells if "raise NotImplementedError(" in cell.source]
    for cell, answer in zip(gaps, answers):
        raise_line = next(
            line for line in cell.source.splitlines() if "raise NotImplementedError(" in line
        )
        indent = raise_line[: len(raise_line) - len(raise_line.lstrip())]
        cell.source = cell.source.replace(raise_line, indent + answer.replace("\n", "\n" + indent))
    path = folder / name
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Every student notebook, one with a classic mistake typed into its first gap, and one whose own code raises
    inside a check, run as a student would."""
    mistaken = student_answering(
        tmp_path_factory.mktemp("mistaken"),
        "01_five_steps.ipynb",
        ["y = X @ w_true + b_true + noise  # flat: (100,), mistake 2"],
    )
    typo = student_answering(
        tmp_path_factory.mktemp("typo"),
        "01_five_steps.ipynb",
        [
            "y = (X @ w_true + b_true + noise).unsqueeze(1)",
            "loss = F.mse_loss(model(x), y)\noptimizer.zero_grad()\nloss.backward()\noptimizer.step()\n"
            "return loss.itme()",
        ],
    )
    paths = STUDENTS + [mistaken, typo]
    return dict(zip(paths, run_here(paths))), mistaken, typo


def run_here(paths):
    """What check.execute_all returns for these notebooks, each run by the function its `--run-one` process calls,
    but from this process, four kernels at a time: eleven processes fewer that would each import torch and nbformat
    (seconds each) only to start a kernel. That process of its own, and the bubblewrap around it, are proven by
    test_exercises_broken_notebooks.py, which runs check.main as it is."""

    async def run_all():
        at_once = asyncio.Semaphore(4)

        async def run(path):
            async with at_once:
                return await check._run_one(path, check.TIMEOUT)

        return await asyncio.gather(*(run(path) for path in paths))

    return asyncio.run(run_all())


@pytest.mark.parametrize("student", STUDENTS, ids=NAMES)
def test_student_notebook_run_untouched_says_not_done_yet_with_each_instruction(student, executed):
    solution = nbformat.read(build.SOLUTIONS / student.name, as_version=4)
    gap, source = first_gap(solution)
    errors = [
        (index, output)
        for index, cell in code_cells(executed[0][student].notebook)
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors[0][0] == gap  # every cell before it ran
    assert (errors[0][1].ename, errors[0][1].evalue) == (
        "NotImplementedError",
        build.gap_message(source),
    )
    found = check.verdicts(executed[0][student].notebook)
    asked = [
        build.gap_message(cell.source).split(": ", 1)[1]
        for _, cell in code_cells(solution)
        if build.exercise_of(cell.source)
    ]
    assert [(v.status, v.text) for v in found] == [
        ("not done yet", f"not done yet: {text}") for text in asked
    ]


def use(executed, monkeypatch):
    monkeypatch.setattr(
        check, "execute_all", lambda paths, timeout: [executed[0][Path(path)] for path in paths]
    )


def test_check_command_names_the_first_gap_and_fails(executed, monkeypatch, capsys):
    use(executed, monkeypatch)
    assert check.main([str(STUDENTS[0])]) == 1
    lines = capsys.readouterr().out.splitlines()
    _, source = first_gap(nbformat.read(SOLUTIONS[0], as_version=4))
    assert lines[1] == "  Exercise 1a: not done yet: " + build.gap_message(source).split(": ", 1)[1]
    assert lines[2].startswith("  Exercise 1b: not done yet: write the five steps")
    assert lines[3:] == [
        "  0 of 2 exercises correct.",
        "0 of 2 exercises correct, in 1 notebook: fix those marked above, then check again.",
    ]


def test_check_command_names_a_mistake_typed_into_the_notebook(executed, monkeypatch, capsys):
    use(executed, monkeypatch)
    assert check.main([str(executed[1])]) == 1
    wrong = mistakes.BROADCAST.format(target=(100,), output=(100, 1))
    assert capsys.readouterr().out.splitlines()[1] == f"  Exercise 1a: WRONG: {wrong}"


def error_output(run):
    return next(
        output
        for cell in run.notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    )


def test_jupyter_shows_a_wrong_answer_as_its_message_alone(executed):
    error = error_output(executed[0][executed[1]])
    assert error.ename == "ExerciseError"
    assert error.traceback == [
        f"\x1b[0;31mWRONG:\x1b[0m {mistakes.BROADCAST.format(target=(100,), output=(100, 1))}"
    ]


def test_jupyter_shows_a_students_own_error_with_the_students_frames_only(
    executed, monkeypatch, capsys
):
    error = error_output(executed[0][executed[2]])
    shown = "\n".join(error.traceback)
    assert error.ename == "AttributeError" and "itme" in shown and "in train_step" in shown
    assert "course/exercises" not in shown and "site-packages" not in shown
    assert "check_train_step ran your code, which raised this error." in shown
    use(executed, monkeypatch)
    check.main([str(executed[2])])
    assert (
        "  Exercise 1b: your code raised AttributeError: 'Tensor' object has no attribute 'itme'"
        in capsys.readouterr().out
    )


def run_cells(*cells):
    """The verdicts of a notebook made of these cells, each given as (source, what it printed or None, the error
    it raised as (ename, evalue) or None), as the check reads a run notebook."""
    made = nbformat.v4.new_notebook()
    for source, printed, error in cells:
        outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)] if printed else []
        if error:
            outputs.append(
                nbformat.v4.new_output("error", ename=error[0], evalue=error[1], traceback=[])
            )
        made.cells.append(nbformat.v4.new_code_cell(source, outputs=outputs))
    return [(v.exercise, v.status, v.text) for v in check.verdicts(made)]


WRONG_9A = ("ExerciseError", "Gradients pile up: ...")


def test_an_exercise_after_a_wrong_one_is_still_judged_when_it_does_not_use_it():
    found = run_cells(
        ("# Exercise 9a: f\ndef f():\n    return 1\ncheck_f(f)", None, WRONG_9A),
        ("# Exercise 9b: g\ndef g():\n    return 2\ncheck_g(g)", "Correct: g\n", None),
    )
    assert found == [
        ("9a", "wrong", "WRONG: Gradients pile up: ..."),
        ("9b", "correct", "Correct: g"),
    ]


def test_an_exercise_that_uses_what_a_failing_one_defined_is_not_checked_and_says_which():
    found = run_cells(
        ("# Exercise 9a: f\ndef f():\n    return 1\ncheck_f(f)", None, WRONG_9A),
        ("table = [f() for _ in range(3)]", None, None),
        (
            "# Exercise 9b: g\ndef g(x):\n    return sum(table) + x\ncheck_g(g)",
            None,
            ("ExerciseError", "blamed on 9b"),
        ),
    )
    assert found[1] == (
        "9b",
        "not checked",
        "not checked yet: it uses table from exercise 9a, which is not correct yet.",
    )


def test_a_parameter_or_local_named_like_a_failing_exercises_name_is_not_a_use_of_it():
    found = run_cells(
        ("# Exercise 9a: f\ndef f():\n    return 1\ncheck_f(f)", None, WRONG_9A),
        (
            "# Exercise 9b: g\ndef g(f):\n    f = f + 1\n    return f\ncheck_g(g)",
            "Correct: g\n",
            None,
        ),
    )
    assert found[1] == ("9b", "correct", "Correct: g")


def test_an_untouched_gap_is_not_done_yet_even_when_another_exercise_failed_or_its_check_said_otherwise():
    gap = 'raise NotImplementedError("Exercise 9b: write g. Replace this line with your answer.")'
    found = run_cells(
        ("# Exercise 9a: f\ndef f():\n    return 1\ncheck_f(f)", None, WRONG_9A),
        (f"# Exercise 9b: write g\ndef g():\n    {gap}\ncheck_g(f, g)", None, WRONG_9A),
    )
    assert found[1] == (
        "9b",
        "not done yet",
        "not done yet: write g. Replace this line with your answer.",
    )


@pytest.mark.parametrize(
    "source",
    [
        "# exit (with care): not a call\nprint('hi')",
        "text = 'quit()'\nprint(text)",
        "import sys\nprint(sys.exit)",
        "exit_code = 0\nprint(exit_code)",
    ],
)
def test_exit_in_a_comment_or_a_string_or_another_name_is_not_a_call(source):
    assert not check.calls_exit(source)
    assert run_cells((f"# Exercise 9a: f\n{source}\ncheck_f(f)", "Correct: f\n", None)) == [
        ("9a", "correct", "Correct: f")
    ]


@pytest.mark.parametrize("source", ["exit()", "x = 1; quit ()", "if True:\n    exit(0)"])
def test_exit_called_in_code_is_found(source):
    assert check.calls_exit(source)


def test_a_cell_that_is_not_an_exercise_is_reported_only_when_everything_above_was_correct():
    found = run_cells(
        ("# Exercise 9a: f\nf = 1\ncheck_f(f)", None, WRONG_9A),
        ("print(f + 1)", None, ("TypeError", "consequence of 9a")),
    )
    assert [where for where, _, _ in found] == ["9a"]
    found = run_cells(
        (
            "import missing_module",
            None,
            ("ModuleNotFoundError", "No module named 'missing_module'"),
        ),
        (
            "# Exercise 9a: f\nf = missing_module.f\ncheck_f(f)",
            None,
            ("NameError", "missing_module"),
        ),
    )
    assert found == [
        (
            "cell 0",
            "error",
            "your code raised ModuleNotFoundError: No module named 'missing_module'",
        ),
        (
            "9a",
            "not checked",
            "not checked yet: it uses missing_module from cell 0, which raised an error.",
        ),
    ]


def test_outside_the_course_with_no_notebook_the_check_says_where_it_looked(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(check, "EXERCISES", tmp_path / "site-packages" / "notebooks" / "exercises")
    assert check.main([]) == 2
    said = capsys.readouterr()
    assert not said.out
    assert said.err.startswith(
        f"No exercise notebook found: looked in {tmp_path}/notebooks/exercises, "
        f"{tmp_path}/site-packages/notebooks/exercises."
    )
    assert check.main([str(tmp_path)]) == 2 and f"looked in {tmp_path}." in capsys.readouterr().err


def test_the_builder_outside_the_course_says_where_it_looked(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(build, "SOLUTIONS", tmp_path / "solutions")
    assert build.main([]) == 1
    assert capsys.readouterr().err.startswith(
        f"No solution notebook found: looked in {tmp_path}/solutions."
    )


def test_a_mistyped_notebook_is_one_line_naming_the_notebooks_there_are_not_zero_of_zero_correct(
    capsys,
):
    assert check.main(["notebooks/exercises/02_vanila_loop.ipynb"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(
        "No such notebook: notebooks/exercises/02_vanila_loop.ipynb. The exercise notebooks are "
    )
    assert "02_vanilla_loop.ipynb" in err


def test_make_check_on_a_mistyped_notebook_says_nothing_was_checked(tmp_path):
    made = subprocess.run(
        [
            "make",
            "-C",
            str(REPO),
            "--no-print-directory",
            "SET_UP_ERROR=",
            "check",
            f"VENV={tmp_path}",
            f"BIN={REPO}/.venv/bin",
            "NOTEBOOK=no_such.ipynb",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 2 and made.stdout == ""
    assert made.stderr.splitlines()[-1].endswith(
        "*** make check: nothing was checked, the line above says why.  Stop."
    )


@pytest.mark.parametrize("timeout", ["-5", "0", "abc", "inf"])
def test_an_impossible_timeout_is_refused_naming_make_s_word_too(timeout, capsys):
    with pytest.raises(SystemExit) as refused:
        check.main(["--timeout", timeout, "notebooks/exercises/01_five_steps.ipynb"])
    assert refused.value.code == 2
    assert (
        f"must be a number of seconds above 0 (TIMEOUT= with make), got '{timeout}'"
        in capsys.readouterr().err
    )


def test_the_readmes_exercise_table_links_every_exercise_notebook():
    section = (
        (REPO / "README.md")
        .read_text()
        .split("## Exercises: check your answers on your own laptop")[1]
    )
    table = section.split("\n## ")[0]
    missing = [
        path.name
        for path in build.EXERCISES.glob("[0-9]*.ipynb")
        if f"](notebooks/exercises/{path.name})" not in table
    ]
    assert not missing, f"README's exercise table has no row for {missing}"


def test_every_lesson_and_section_a_check_cites_exists():
    """A message cites (lesson N, "Section"): each such section is a heading of that lesson's notebook."""
    headings = {}
    for path in (REPO / "notebooks").glob("[0-9]*.ipynb"):
        lesson = path.name.split("_")[0].lstrip("0")
        headings[lesson] = {
            line.lstrip("#").strip()
            for cell in nbformat.read(path, as_version=4).cells
            if cell.cell_type == "markdown"
            for line in cell.source.splitlines()
            if line.startswith("#")
        }
    cited = set()
    for module in (REPO / "course" / "exercises").glob("*.py"):
        # Python joins "a" "b" into one constant
        for node in ast.walk(ast.parse(module.read_text())):
            parts = node.values if isinstance(node, ast.JoinedStr) else [node]
            text = "".join(
                part.value
                for part in parts
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            cited |= set(re.findall(r'\(lesson (\w+), "([^"]+)"', text))
    assert len(cited) > 20
    missing = sorted(
        (lesson, section) for lesson, section in cited if section not in headings.get(lesson, set())
    )
    assert not missing, f"cited sections that are not headings of their lesson: {missing}"


def test_an_import_in_a_wrong_exercise_is_no_answer_the_next_one_depends_on():
    found = run_cells(
        ("# Exercise 9a: f\nimport math\nf = 1\ncheck_f(f)", None, WRONG_9A),
        ("# Exercise 9b: g\ng = math.pi\ncheck_g(g)", "Correct: g", None),
    )
    assert found[1] == ("9b", "correct", "Correct: g")


def test_a_solution_only_cell_stays_out_of_the_student_notebook():
    """Exercise 9's proof that the worked callback's lines are the script's reads the solution's own attribute:
    tagged solution-only, the student notebook leaves it out, and keeps every other cell."""
    solution = nbformat.read(build.SOLUTIONS / "09_capstone.ipynb", as_version=4)
    tagged = [c for c in solution.cells if build.SOLUTION_ONLY in c.metadata.get("tags", [])]
    student = build.build(solution)
    assert tagged and "report.lines" in "".join(c.source for c in tagged)
    assert len(student.cells) == len(solution.cells) - len(tagged)
    assert "report.lines" not in "".join(c.source for c in student.cells)
