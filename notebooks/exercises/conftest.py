# The student notebooks here stop at their first gap on purpose, so nbval must not run them:
# tests/test_exercises_notebooks.py executes them and checks they stop there, with the right message.
# Their solutions, in solutions/, are run by nbval like every lesson.
collect_ignore_glob = ["[0-9]*.ipynb"]
