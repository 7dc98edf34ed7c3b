# The two set-up commands are `make run` and `make test`; both install what is missing first.
.PHONY: setup run test check unit test-dates bench format
PY := .venv/bin/python

setup:
	@bash scripts/setup.sh

run: setup
	$(PY) -m agentlocator.devstack.run

test: setup check
	$(PY) -m pytest -q -p no:cacheprovider
	bash scripts/test-dates.sh --unit

# The unit tests and the Leah / WhatsApp / retention integration tests at a Passover eve, the
# night of the spring DST switch and a year end (faketime); `make test` runs the unit part.
test-dates: setup
	bash scripts/test-dates.sh

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
