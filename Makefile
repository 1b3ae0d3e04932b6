# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# TORCH=cpu (the default): requirements.lock, with torch's CPU build. TORCH=cuda: requirements-cuda.lock, with PyPI's
# torch, which on Linux is the CUDA build and its CUDA libraries (several GB). PyPI has no CPU build for Linux: there
# it comes from the index that TORCH_INDEX names (README: "Set-up in detail"), or from pip's own configuration.
TORCH ?= cpu
LOCK := $(if $(filter cuda,$(TORCH)),requirements-cuda.lock,requirements.lock)
TORCH_CPU := $(shell sed -n 's/^\(torch==[^ ]*+cpu\) .*/\1/p' requirements.lock)
NO_CPU_TORCH := No CPU build of torch found (PyPI has none for Linux). Give the index that holds it, as the README \
says: make TORCH_INDEX=URL ..., or take PyPI's CUDA build (several GB): make TORCH=cuda ...

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

# The lock is complete and hashed: pip installs exactly it (--no-deps), then the course itself, then checks the whole.
$(VENV)/installed: pyproject.toml $(LOCK)
	@$(PYTHON) -c "import sys; v = sys.version_info[:2]; (3, 10) <= v <= (3, 13) or sys.exit(\
	    'Python 3.10 to 3.13 needed, $(PYTHON) is %d.%d: name another, e.g. make PYTHON=python3.12 ...' % v)"
	$(PYTHON) -m venv $(VENV)
	$(if $(filter cpu,$(TORCH)),$(BIN)/python -m pip install --quiet --no-deps \
	    $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX)) "$(TORCH_CPU) ; sys_platform == 'linux'" \
	    || { echo "$(NO_CPU_TORCH)"; exit 1; })
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

clean:
	rm -rf $(VENV) lightning_logs notebooks/lightning_logs loss_curves.png

.PHONY: check check-notebooks
# The checker prints one line per exercise and a summary; its exit status goes to a file, and `check` turns a failure
# into one line of make's own ($(error)), so make exits non-zero without a "make: *** [...] Error 1" crash line.
check: check-notebooks  ## check the exercises: all of them, or one with NOTEBOOK=notebooks/exercises/02_vanilla_loop.ipynb (TIMEOUT=seconds a cell may run)
	@$(if $(filter 0,$(shell cat $(VENV)/check-status 2>/dev/null)),:,$(error $(CHECK_NOT_CORRECT)))
CHECK_NOT_CORRECT := make check: not every exercise is correct yet. The lines above say which and how to fix it
check-notebooks: $(VENV)/installed
	@$(BIN)/python -m course.exercises.check $(NOTEBOOK) $(if $(TIMEOUT),--timeout $(TIMEOUT)); echo $$? > $(VENV)/check-status

.PHONY: browser-check
browser-check: $(VENV)/installed  ## lesson 3's side-by-side views in headless Chromium at 1366x768 (or NOTEBOOK=...): widths, build/screenshots/
	$(BIN)/python tools/browser_check.py $(NOTEBOOK)

.PHONY: test-gpu
test-gpu: $(VENV)/installed  ## on a machine with a CUDA GPU: every test, then every notebook top to bottom with its assertions; a summary
	$(BIN)/python tools/gpu_check.py

include instructors.mk
