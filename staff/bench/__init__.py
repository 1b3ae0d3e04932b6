"""The course's performance evidence: what Lightning costs next to the vanilla loop, measured side by side.

`make bench` (or `python -m staff.bench`) measures and writes course/bench_results/; `course.bench_report`, which
lesson 4 imports, reads the recorded results.
"""
