#!/usr/bin/env bash
# Runs the date-sensitive tests as if today were each of the awkward dates below (Debian's
# faketime fakes the clock for pytest and every emulator it starts), so a test that quietly
# depends on the day it runs on fails here, not on some future morning in CI.
#   scripts/test-dates.sh            unit tests + Leah / WhatsApp / retention integration tests
#   scripts/test-dates.sh --unit     unit tests only (what `make test` runs)
set -euo pipefail
cd "$(dirname "$0")/.."

# Local times in Asia/Jerusalem.
DATES=(
  "2027-04-21 16:00:00"  # Passover eve (ערב פסח): the office closes early, the holiday follows
  "2027-03-26 01:30:00"  # half an hour before the spring DST switch (02:00 → 03:00)
  "2027-12-31 23:50:00"  # ten minutes before the year ends
)
SUITES=(tests/unit tests/integration/agent tests/integration/whatsapp tests/integration/retention)
[ "${1:-}" = "--unit" ] && SUITES=(tests/unit)

command -v faketime >/dev/null || { echo "test-dates: faketime is missing (scripts/setup.sh installs it)" >&2; exit 1; }

results=()
status=0
for when in "${DATES[@]}"; do
  echo "== ${SUITES[*]} at ${when} Asia/Jerusalem"
  started=$SECONDS
  # '@' starts the fake clock at that moment and lets it run (a frozen clock stalls every sleep).
  if TZ=Asia/Jerusalem faketime -f "@${when}" \
      .venv/bin/python -m pytest -q -p no:cacheprovider "${SUITES[@]}" | tail -n 3; then
    outcome=passed
  else
    outcome=FAILED; status=1
  fi
  results+=("$(printf '%-22s %-7s %4ss' "$when" "$outcome" "$((SECONDS - started))")")
done
echo "== test-dates summary (Asia/Jerusalem)"
printf '%s\n' "${results[@]}"
exit $status
