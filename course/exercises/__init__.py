"""Lesson 7: exercises a student checks on their own laptop, with no grading server.

Each notebook in notebooks/exercises/ is built from its worked solution in notebooks/exercises/solutions/ (build.py),
so the two cannot drift apart. Every exercise cell ends with a check from this package, one file per lesson
(five_steps.py, loop.py, refactor.py and minimal_pair.py, dangers.py, resume.py, inference.py, scaling.py,
inside_trainer.py, fabric_loop.py): it prints `Correct: ...` or raises an ExerciseError that names the mistake and
its fix (mistakes.py), shown without a frame of the checking code (verdict.py). The checks watch the student's code run (probe.py). check.py runs whole
notebooks from the terminal. tests/exercise_corpus/ audits every check with right and wrong answers.
"""
