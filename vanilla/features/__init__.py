"""One feature at a time: each file is minimal.py (or another feature) plus one feature."""
