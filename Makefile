# Two commands do everything on a fresh machine: `make run` and `make test` (`make help` lists the others).
# The set-up is bootstrap.py's, the one every system uses (Windows runs it without make: README). It runs when a
# target that needs .venv/ starts, does nothing when .venv/ is already made from the same locks, and when it fails,
# make stops with its one line. TORCH=cuda (PyPI's CUDA build) or TORCH=cpu switches an existing .venv/; without it,
# .venv/ keeps its build. SET_UP_ERROR= on the command line skips the set-up (the tests of make's own lines do).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
set-up = $(call stop-if,$(SET_UP_ERROR))
stop-if = $(if $(strip $1),$(error $1))
# The student pack has no tests/ and no staff/: a target that needs them says so instead of failing on a missing file.
need = $(if $(wildcard $1),,$(error this folder has no $1/ (a student pack?): check your exercises with make check))
SET_UP_ERROR = $(shell $(PYTHON) bootstrap.py setup --make "$(MAKECMDGOALS)" $(if $(TORCH),--torch $(TORCH)) \
    $(if $(TORCH_INDEX),--torch-index $(TORCH_INDEX)) || echo "$(PYTHON) is not \
    there or cannot run bootstrap.py: install Python 3.10 to 3.13 (python.org, or your system's packages) and name \
    the one you have, e.g. make $(or $(MAKECMDGOALS),run) PYTHON=python3.11")

.DEFAULT_GOAL := help
.PHONY: help run test ready ready-run lab diff clean

help:  ## this list
	@echo "make TARGET, where TARGET is one of (the first use of any of them sets up .venv/):"
	@sed -n 's/^\([a-z-]*\):.*## \(.*\)/\1|\2/p' $(MAKEFILE_LIST) | awk -F'|' '{ printf "  %-19s %s\n", $$1, $$2 }'

run:  ## set up on first use, then train both versions and compare them
	@$(set-up)$(BIN)/python -m course.compare

test:  ## set up on first use, then run every test and execute every notebook
	@$(call need,tests)$(set-up)$(BIN)/python -m pytest

# As `check` below: the status goes to a file and a failure becomes one line of make's own, with no crash line.
ready: ready-run  ## before the first class: set up on first use, then say "ready" or what is wrong
	@$(if $(filter 0,$(READY)),:,$(error make ready: $(if $(filter 130,$(READY)),stopped,not ready yet: the line above says why)))
READY = $(shell cat $(VENV)/ready-status 2>/dev/null)
ready-run:
	@$(set-up)$(BIN)/python -m course.ready; echo $$? > $(VENV)/ready-status

lab:  ## open the notebooks in JupyterLab
	@$(set-up)$(BIN)/jupyter lab notebooks $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

diff:  ## the two versions side by side, file by file
	@$(set-up)$(BIN)/python -m course.sidebyside

.PHONY: bench
bench:  ## measure what Lightning costs beside the vanilla loop (staff/bench/); writes course/bench_results/
	@$(call need,staff)$(set-up)$(BIN)/python -m staff.bench

clean:  ## remove .venv/ and what the runs wrote here
	@rm -rf $(VENV) lightning_logs notebooks/lightning_logs loss_curves.png

.PHONY: check check-notebooks
# The checker prints one line per exercise and a summary; its exit status goes to a file, and `check` turns a failure
# into one line of make's own ($(error)), so make exits non-zero without a "make: *** [...] Error 1" crash line.
check: check-notebooks  ## check the exercises: every notebook, or NOTEBOOK=path (TIMEOUT=seconds a cell may run)
	@$(if $(filter 0,$(CHECKED)),:,$(error $(if $(filter 1,$(CHECKED)),$(CHECK_NOT_CORRECT),$(NOTHING_CHECKED))))
CHECKED = $(shell cat $(VENV)/check-status 2>/dev/null)
CHECK_NOT_CORRECT := make check: not every exercise is correct yet. The lines above say which and how to fix it
NOTHING_CHECKED := make check: nothing was checked, the line above says why
check-notebooks:
	@$(set-up)$(BIN)/python -m course.exercises.check $(NOTEBOOK) $(if $(TIMEOUT),--timeout $(TIMEOUT)); echo $$? > $(VENV)/check-status

.PHONY: browser-check
browser-check:  ## maintainers, Debian/Ubuntu as root: installs Chromium, then lesson 3's views at 1366x768
	@$(call need,staff)$(set-up)$(BIN)/python -m staff.browser_check $(NOTEBOOK)

.PHONY: test-gpu
test-gpu:  ## on a machine with a CUDA GPU: every test, then every notebook with its assertions
	@$(call need,staff)$(set-up)$(BIN)/python -m staff.gpu_check

# The instructors' targets (staff/INSTRUCTORS.md); the student pack has no staff/, so none there.
-include staff/instructors.mk
