"""One feature at a time: each file here is minimal.py plus one feature, so its diff against minimal.py is the feature."""
