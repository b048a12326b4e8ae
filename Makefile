# Two commands set everything up on a fresh machine: `make play` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS ?= dev,rl,ray

.PHONY: play test bench bench-tournament strength mechanics frames seek samples install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

play: $(STAMP)
	$(BIN)/frenemies play

test: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest

# make bench BASELINE=DIR: also time a checkout of an older commit side by side (git worktree add DIR COMMIT)
bench: $(STAMP)
	$(BIN)/python benchmarks/engine.py $(if $(BASELINE),--baseline $(BASELINE) --rounds 15)

bench-tournament: $(STAMP)
	$(BIN)/python benchmarks/tournament.py

strength: $(STAMP)
	$(BIN)/python benchmarks/strength.py --rows strength-rows.jsonl

mechanics: $(STAMP)
	$(BIN)/python benchmarks/mechanics.py --json mechanics.json

seek: $(STAMP)
	$(BIN)/python benchmarks/seek.py

samples: $(STAMP)
	$(BIN)/python replays/make_samples.py

frames: $(STAMP)
	$(BIN)/python benchmarks/frames.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
