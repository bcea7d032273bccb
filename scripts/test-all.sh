#!/usr/bin/env bash
# Installs everything the tests need (Debian's Chromium for browser tests, npm packages from the lock
# file), then runs lint, typecheck, format check and every jest project. Ends with the line
# `tests: N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! [ -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing Debian's chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || { echo "chromium could not be installed"; echo "tests: 0 passed, 1 failed"; exit 1; }
  else
    echo "warning: /usr/bin/chromium is missing and this is not root; run: sudo apt-get install -y chromium"
  fi
fi

echo "== npm ci"
npm ci --no-audit --no-fund || { echo "tests: 0 passed, 1 failed"; exit 1; }

for step in lint typecheck format:check; do
  echo "== npm run $step"
  npm run -s "$step" || { echo "npm run $step failed"; echo "tests: 0 passed, 1 failed"; exit 1; }
done

echo "== jest"
results=$(mktemp)
RINGO_SUMMARY_LINE=off npx jest --ci --json --outputFile="$results"
status=$?
# The closing line CI reads, printed after jest's own summary.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`);
' "$results" || echo "tests: 0 passed, 1 failed"
rm -f "$results"
exit $status
