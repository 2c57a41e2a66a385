# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
DEMO_STORE ?= demo-store

.PHONY: venv demo test lint bench bench-1m fuzz docs clean

venv: $(READY)

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,server,analysis]'
	touch $(READY)

## demo: set up, ingest the bundled sample pages into ./demo-store, print a summary
demo: $(READY)
	rm -rf $(DEMO_STORE)
	$(BIN)/kg --store oxigraph:$(DEMO_STORE) ingest --manifest examples/manifest.json
	$(BIN)/kg --store oxigraph:$(DEMO_STORE) stats
	$(BIN)/kg --store oxigraph:$(DEMO_STORE) query military-aid
	$(BIN)/kg --store oxigraph:$(DEMO_STORE) query most-struck-places
	@echo "next: . $(BIN)/activate && export KG_STORE=$(DEMO_STORE)   (then the tour in README.md)"

## test: set up with the test extras and run the whole suite
test: $(READY)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(READY)
	$(BIN)/ruff check .

## bench: the 10k and 100k benchmark sizes (1M behind `make bench-1m`)
bench: $(READY)
	$(BIN)/python -m benchmarks.extraction --megabytes 1
	$(BIN)/python -m benchmarks.run --sizes 10000,100000

bench-1m: $(READY)
	$(BIN)/python -m benchmarks.run --sizes 10000,100000,1000000

## docs: HTML documentation of the ontology (pyLODE, the docs extra) into docs/ontology/
docs: $(READY)
	$(BIN)/python scripts/ontology_docs.py

## fuzz: 10,000 mutated pages and random texts through read, extract, map and validate
fuzz: $(READY)
	$(BIN)/python scripts/fuzz.py 10000

clean:
	rm -rf $(VENV) $(DEMO_STORE) build dist *.egg-info
