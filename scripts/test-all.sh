#!/usr/bin/env bash
# Installs everything the tests need (Debian's Chromium and nginx, npm packages from the lock
# file), then runs lint, typecheck, format check and every jest project. Ends with the line
# `tests: N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests drive for real: Chromium (browser tests), nginx (the deploy/ proxy example).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing Debian's ${missing[*]} for the tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
      || { echo "${missing[*]} could not be installed"; echo "tests: 0 passed, 1 failed"; exit 1; }
  else
    echo "warning: ${missing[*]} missing and this is not root; run: sudo apt-get install -y ${missing[*]}"
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
# --forceExit: a test that fails halfway may leave a child process behind; the run must still end
# (and report that failure) instead of waiting for CI's time limit.
RINGO_SUMMARY_LINE=off npx jest --ci --forceExit --json --outputFile="$results"
status=$?
# The closing line CI reads, printed after jest's own summary.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`);
' "$results" || echo "tests: 0 passed, 1 failed"
rm -f "$results"
exit $status
