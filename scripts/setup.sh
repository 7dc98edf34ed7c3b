#!/usr/bin/env bash
# Installs everything `make run` and `make test` need on a fresh machine; fast when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# pip here warns about every missing local mirror folder; keep real errors, drop that noise.
quiet_pip() {
  local out status=0
  out=$("$@" 2>&1) || status=$?
  printf '%s\n' "$out" | grep -v -e "^WARNING: Location" -e "^$" || true
  return "$status"
}

PY=${PYTHON:-python3.11}
need_apt=()
command -v espeak-ng >/dev/null || need_apt+=(espeak-ng)
command -v sox >/dev/null || need_apt+=(sox)
command -v faketime >/dev/null || need_apt+=(faketime)  # make test-dates
command -v java >/dev/null || need_apt+=(openjdk-17-jre-headless)
command -v node >/dev/null || need_apt+=(nodejs npm)
# The web app's browser tests drive Debian's Chromium (playwright-core never downloads a browser here).
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if ((${#need_apt[@]})); then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if [ ! -x /usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar ] \
   && [ ! -f /usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar ]; then
  echo "setup: the Firestore emulator (google-cloud-sdk platform) is missing on this machine" >&2
  exit 1
fi

stamp=.venv/.installed-$(cat requirements.txt requirements-dev.txt shared/pyproject.toml | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "setup: Python environment (.venv)"
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  quiet_pip .venv/bin/pip install -q --upgrade pip
  quiet_pip .venv/bin/pip install -q -r requirements-dev.txt
  quiet_pip .venv/bin/pip install -q --no-deps -e shared
  rm -f .venv/.installed-*; touch "$stamp"
fi

if [ ! -x .venv-tasks/bin/gcloud-tasks-emulator ]; then
  echo "setup: Cloud Tasks emulator (.venv-tasks: it pins an old protobuf)"
  "$PY" -m venv .venv-tasks
  quiet_pip .venv-tasks/bin/pip install -q -r scripts/requirements-tasks-emulator.txt
fi

# checkov scans infra/terraform (tests/unit/infra/test_checkov.py). Its own venv: it pulls
# bc-python-hcl2, which shadows the python-hcl2 the Terraform tests import from .venv.
checkov_stamp=.venv-checkov/.installed-$(sha1sum scripts/requirements-checkov.txt | cut -c1-12)
if [ ! -f "$checkov_stamp" ]; then
  echo "setup: checkov (.venv-checkov)"
  [ -x .venv-checkov/bin/python ] || "$PY" -m venv .venv-checkov
  quiet_pip .venv-checkov/bin/pip install -q -r scripts/requirements-checkov.txt
  rm -f .venv-checkov/.installed-*; touch "$checkov_stamp"
fi

lock_stamp=web/node_modules/.installed-$(sha1sum web/package-lock.json | cut -c1-12)
if [ ! -f "$lock_stamp" ]; then
  echo "setup: npm packages (web/)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  touch "$lock_stamp"
fi

bridge_stamp=whatsapp_bridge/node_modules/.installed-$(sha1sum whatsapp_bridge/package-lock.json | cut -c1-12)
if [ ! -f "$bridge_stamp" ]; then
  echo "setup: npm packages (whatsapp_bridge/)"
  # --ignore-scripts: the bridge needs no native builds, and install scripts would fetch from outside.
  (cd whatsapp_bridge && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  touch "$bridge_stamp"
fi
