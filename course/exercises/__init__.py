"""The exercises: a notebook per lesson that a student checks on their own laptop, with no grading server.

Each notebook in notebooks/exercises/ is built from its worked solution in notebooks/exercises/solutions/ (build.py),
so the two cannot drift apart. Every exercise cell ends with a check from this package, one file per lesson
(five_steps.py, loop.py, refactor.py and minimal_pair.py, dangers.py, resume.py, inference.py, scaling.py,
inside_trainer.py, fabric_loop.py): it prints `Correct: ...` or raises an ExerciseError whose one line says what was
observed, the lesson and section that teach the idea, and what to change (the shared words in mistakes.py), shown
without a frame of the checking code. probe.py holds what every check shares: tiny data and models, the step
watcher, running a module's hooks in a real Trainer. verdict.py holds the Verdict every tool reports (check.py,
which runs whole notebooks from the terminal, and staff/grade.py). staff/exercise_corpus/ audits every check with
right and wrong answers, most of them written blind.
"""
