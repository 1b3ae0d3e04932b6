"""Lesson 9's capstone: a training script the course has not shown, in the classic one-file style."""
