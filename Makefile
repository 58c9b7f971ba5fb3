# Two commands from a fresh machine (Python 3.11, pip, make):
#   make demo   -- create .venv if missing, then run the airline forecast
#   make test   -- create .venv if missing, then run lint and the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Small networks train fastest on one thread; several pytest/joblib workers
# would otherwise each start one TensorFlow thread per core.
export TF_NUM_INTRAOP_THREADS ?= 1
export TF_NUM_INTEROP_THREADS ?= 1
export TF_CPP_MIN_LOG_LEVEL ?= 2
export PYTHONHASHSEED ?= 0

.PHONY: venv demo test lint format docs docs-figures bench-accuracy bench-global-validation bench-global-scores bench-frequencies bench-panel-intervals bench-perf bench-threads bench-intervals bench-neural lock clean

$(STAMP): pyproject.toml requirements/constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "skltsm needs Python 3.11; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m benchmarks.airline_demo

test: $(STAMP) lint
	$(BIN)/python -m pytest -n 2 --dist worksteal --durations=15

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The API page comes from the docstrings; the tutorial pages' code runs in `make test`.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Re-run the pages that draw figures, keeping the figures beside them.
docs-figures: $(STAMP)
	SKLTSM_WRITE_FIGURES=1 $(BIN)/python -m pytest -q -p no:xdist docs/tutorials docs/sktime.md

bench-accuracy: $(STAMP)
	$(BIN)/python -m benchmarks.accuracy

# The global forecaster's look-back and epochs, chosen per dataset on each
# series' last training months (ADR 0024; about 25 min on one core), and its
# test scores beside the naive forecasts, AutoETS and AutoTheta in one run
# (about 20 min on 2 cores), without the full benchmark's AutoARIMA (about 15
# of its 32 minutes).
bench-global-validation: $(STAMP)
	$(BIN)/python -m benchmarks.global_validation

bench-global-scores: $(STAMP)
	$(BIN)/python -m benchmarks.global_scores --peers AutoETS AutoTheta

# The default LSTMForecaster() against Theta and M4's naive2 at every frequency,
# yearly to hourly, 50 series each (issue 15); --help for the options.
bench-frequencies: $(STAMP)
	$(BIN)/python -m benchmarks.frequencies

# Coverage and MSIS of the global forecaster's intervals on M3, Tourism and M1
# monthly beside AutoETS's (issue 16); --arima adds AutoARIMA (8 to 42 min a
# dataset on one core), --add AutoARIMA only its rows, to the saved results.
bench-panel-intervals: $(STAMP)
	$(BIN)/python -m benchmarks.panel_intervals

bench-perf: $(STAMP)
	$(BIN)/python -m benchmarks.perf

# Per-thread CPU, migrations and switches of the README's search (Linux, 1 min).
bench-threads: $(STAMP)
	$(BIN)/python -m benchmarks.search_threads

# Coverage of the conformal intervals in an airline backtest (5 min; ADR 0010).
bench-intervals: $(STAMP)
	$(BIN)/python -m benchmarks.interval_coverage
	$(BIN)/python -m benchmarks.default_coverage

# neuralforecast's global LSTM on M3 and Tourism monthly, the neural peer of the
# accuracy benchmark; PyTorch lives in its own venv, never in $(VENV).
NEURAL       := .venv-neural
NEURAL_STAMP := $(NEURAL)/.installed-stamp

$(NEURAL_STAMP): pyproject.toml requirements/constraints.txt requirements/neural.txt
	$(PYTHON) -m venv $(NEURAL)
	$(NEURAL)/bin/python -m pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt -c requirements/neural.txt -e ".[neural]"
	touch $(NEURAL_STAMP)

bench-neural: $(NEURAL_STAMP)
	$(NEURAL)/bin/python -m benchmarks.neural_peer

# Re-resolve the pinned versions (run after changing pyproject.toml ranges).
lock:
	rm -rf /tmp/skltsm-lock && $(PYTHON) -m venv /tmp/skltsm-lock
	/tmp/skltsm-lock/bin/python -m pip install --quiet -e ".[dev]"
	/tmp/skltsm-lock/bin/python -m pip freeze --exclude-editable \
		| grep -v '^-e ' > requirements/constraints.txt

clean:
	rm -rf $(VENV) site results
