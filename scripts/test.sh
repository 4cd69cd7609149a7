#!/usr/bin/env bash
# The one test command (`npm test`; CI runs it through .ci/run):
#   provision → build → typecheck → lint → vitest → e2e (Playwright) → Python unit tests → one summary line.
# Every stage runs even when an earlier one failed, so one run shows everything that is wrong.
# The last line is exactly `N passed, N failed, N skipped` over every suite (a failed
# provision/build/typecheck/lint counts as one failure); the exit code is non-zero when anything
# failed or when no test ran at all.
set -uo pipefail
cd "$(dirname "$0")/.."

# Steps run under Debian's interpreter (numpy + pandas), never the python3 first on PATH.
export FLOWBENCH_PYTHON=/usr/bin/python3

results=test-results
mkdir -p "$results"
rm -f "$results/vitest.json" "$results/unittest.json" "$results/playwright.json"

stages=()
stage() {
  local name=$1
  shift
  echo
  echo "==> $name"
  if "$@"; then
    stages+=("$name=0")
  else
    local rc=$?
    stages+=("$name=$rc")
    echo "==> $name FAILED (exit $rc)"
  fi
}

python_unittest() {
  local tests=resources/python/tests
  if [[ ! -d $tests ]]; then
    echo "no $tests yet: no Python unit tests to run"
    return 0
  fi
  (cd resources/python && "$FLOWBENCH_PYTHON" ../../scripts/run-unittest.py tests "../../$results/unittest.json")
}

stage provision bash scripts/provision.sh all
stage build npm run --silent build
stage typecheck npm run --silent typecheck
stage lint npm run --silent lint
stage vitest npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json"
# The built app in Debian's Chromium (playwright.config.ts writes $results/playwright.json).
stage e2e npx playwright test
stage python-unittest python_unittest

echo
echo "==> summary"
# vitest's and unittest's failures are counted from their reports (plus their exit codes, for a
# runner that failed without reporting a failed test); every other stage counts as one check.
stage_args=()
vitest_exit=0
unittest_exit=0
e2e_exit=0
for s in "${stages[@]}"; do
  case $s in
    vitest=*) vitest_exit=${s#*=} ;;
    python-unittest=*) unittest_exit=${s#*=} ;;
    e2e=*) e2e_exit=${s#*=} ;;
    *) stage_args+=(--stage "$s") ;;
  esac
done
# The summary's last line is the run's last line.
exec node scripts/summarize-tests.mjs \
  --vitest "$results/vitest.json=$vitest_exit" \
  --unittest "$results/unittest.json=$unittest_exit" \
  --playwright "$results/playwright.json=$e2e_exit" \
  "${stage_args[@]}"
