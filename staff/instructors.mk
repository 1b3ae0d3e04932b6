# The instructor kit (staff/INSTRUCTORS.md): a student pack, local grading, slides, a static site, measured lesson times.
# Included by the Makefile, after its own variables.
VENV ?= .venv
BIN ?= $(VENV)/bin

.PHONY: student-pack grade slides site instructors-page lesson-times instructors-check

student-pack:  ## build/student-pack/ and .zip: lessons, exercises, packages, set-up; no solutions
	@$(set-up)$(BIN)/python -m staff.student_pack --zip

grade:  ## grade a class: make grade SUBMISSIONS=folder (one folder per student); build/grades/
	@$(if $(SUBMISSIONS),,$(error give the class's folder: make grade SUBMISSIONS=folder))
	@$(set-up)$(BIN)/python -m staff.grade $(SUBMISSIONS) $(if $(TIMEOUT),--timeout $(TIMEOUT))

slides:  ## each lesson as offline reveal.js slides for a 1280x720 projector: build/slides/
	@$(set-up)$(BIN)/python -m staff.slides

site:  ## the course as a static site that reads offline: build/site/index.html
	@$(set-up)$(BIN)/python -m staff.build_site

instructors-page:  ## this kit's page (INSTRUCTORS.md) on its own, not in the students' site: build/instructors/
	@$(set-up)$(BIN)/python -m staff.build_site --instructors

lesson-times:  ## measure the lessons' reading and run times: staff/lesson_times.json, INSTRUCTORS.md
	@$(set-up)$(BIN)/python -m staff.lesson_times

instructors-check:  ## grade the fake class, set up the pack from scratch, slides and site in Chromium
	@$(set-up)$(BIN)/python -m staff.instructors_check
