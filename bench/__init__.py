"""The course's performance evidence: what Lightning costs next to the vanilla loop, measured side by side.

`make bench` (or `python -m bench`) measures and writes bench/results/; `bench.report` reads the recorded results.
"""
