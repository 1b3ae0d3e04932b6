"""For instructors and maintainers: what runs the course, never what it teaches.

Run from the repository's root as `python -m staff.X` (the Makefile's targets do): grading a class (grade,
grade_worker, sandbox, fake_class), the student pack (student_pack), slides and the site (slides, build_site,
templates/, vendor/), lesson times (lesson_times), the browser and GPU checks (browser_check,
instructor_browser_check, gpu_check, instructors_check), the locks (lock), the benchmark (bench/: lesson 4 reads
only its recorded results, in course/bench_results/) and the corpus of right and wrong answers that audits the
exercise checks (exercise_corpus/). INSTRUCTORS.md is the instructors' guide; instructors.mk their make targets.
Not installed and not in the student pack. Nothing here runs at import: the grader copies this file and
grade_worker.py into each sandbox.
"""
