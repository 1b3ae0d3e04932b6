# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lab diff clean

run: $(VENV)/installed  ## set up on first use, then run the course's main job
	$(BIN)/python -m course.compare

test: $(VENV)/installed  ## set up on first use, then run every test and execute every notebook
	$(BIN)/python -m pytest

lab: $(VENV)/installed  ## open the notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks

diff: $(VENV)/installed  ## the two versions side by side, file by file
	$(BIN)/python -m course.sidebyside

.PHONY: bench  # bench/ is also a folder: without this, make would call the target up to date
bench: $(VENV)/installed  ## measure what Lightning costs beside the vanilla loop, and the course's speed; writes bench/results/
	$(BIN)/python -m bench

$(VENV)/installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock -e .
	touch $@

clean:
	rm -rf $(VENV) lightning_logs notebooks/lightning_logs loss_curves.png

.PHONY: check
check: $(VENV)/installed  ## check the exercises: all of them, or one with NOTEBOOK=notebooks/exercises/02_vanilla_loop.ipynb
	$(BIN)/python -m course.exercises.check $(NOTEBOOK)

.PHONY: browser-check
browser-check: $(VENV)/installed  ## lesson 3's side-by-side views in headless Chromium at 1366x768 (or NOTEBOOK=...): widths, build/screenshots/
	$(BIN)/python tools/browser_check.py $(NOTEBOOK)
