"""Lesson 8: the loop with Lightning Fabric; the loop stays yours, devices and precision become
arguments."""
