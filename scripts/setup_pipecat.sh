#!/usr/bin/env bash
# The Pipecat venv bench/bench_vs_pipecat.py runs stack (b) from. Only the bench needs it (make
# test does not): Pipecat's pins may conflict with the product's, so it never enters .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
stamp=.venv-pipecat/.installed-$(sha1sum bench/requirements-pipecat.txt | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "setup: Pipecat bench environment (.venv-pipecat)"
  [ -x .venv-pipecat/bin/python ] || "$PY" -m venv .venv-pipecat
  .venv-pipecat/bin/pip install -q -r bench/requirements-pipecat.txt 2>&1 | grep -v "^WARNING: Location" || true
  rm -f .venv-pipecat/.installed-*; touch "$stamp"
fi
