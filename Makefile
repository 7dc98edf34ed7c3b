# The two set-up commands are `make run` and `make test`; both install what is missing first.
.PHONY: setup run test check unit bench format
PY := .venv/bin/python

setup:
	@bash scripts/setup.sh

run: setup
	$(PY) -m agentlocator.devstack.run

test: setup check
	$(PY) -m pytest -q -p no:cacheprovider

check: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy shared media_stream_service functions bench
	PYTHONPATH=shared .venv/bin/lint-imports  # layer contracts: pyproject.toml [tool.importlinter]

unit: setup
	$(PY) -m pytest -q tests/unit

bench: setup
	$(PY) bench/run_all.py

format: setup
	.venv/bin/ruff check --fix .
