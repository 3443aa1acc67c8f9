# Two commands do all set-up on a fresh machine: `make chat` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
QA := $(VENV)/bin/qa
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export ORT_DISABLE_TELEMETRY := 1

.PHONY: install chat test lint eval bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip>=24"
	# torch first: the CPU build lies on local disk; a bare `torch` would pull CUDA.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -c constraints.txt -e '.[dev,llm]'
	touch $(STAMP)

install: $(STAMP)

chat: install
	$(QA) ingest --corpus seeds --quiet
	$(QA) chat

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check qa index tui eval bench tests

eval: install
	$(QA) eval --report eval/report --json eval/report/results.json

bench: install
	$(QA) bench --json bench/results.json

clean:
	rm -rf .qa-index eval/report
