#!/usr/bin/env bash
# Set up, start the local Neo4j server, run every test, stop the server.
# Fails when any test fails or when no test ran (pytest exit code 5).
#
# The server is the one of $RESPGRAPH_HOME (default: .respgraph here); the
# variable is exported as an absolute path so that every test, whatever its
# working folder, finds the server's generated password the way respgraph
# does.  With RESPGRAPH_REQUIRE_BROWSER=1 (set by .ci/run) a missing or
# broken headless Chromium stops the run before any test.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

export RESPGRAPH_HOME="$(realpath -m "${RESPGRAPH_HOME:-$PWD/.respgraph}")"

if [ "${RESPGRAPH_REQUIRE_BROWSER:-0}" = 1 ]; then
  chromium="${RESPGRAPH_CHROMIUM:-/usr/bin/chromium}"
  if ! "$chromium" --headless --no-sandbox --disable-gpu --version >/dev/null 2>&1; then
    echo "the browser tests need headless Chromium at $chromium (RESPGRAPH_CHROMIUM), and it does not run" >&2
    exit 1
  fi
fi

started_here=0
if ! respgraph neo4j status >/dev/null 2>&1; then
  bash .ci/neo4j.sh start
  started_here=1
fi
stop_server() { if [ "$started_here" = 1 ]; then bash .ci/neo4j.sh stop || true; fi; }
trap stop_server EXIT

set +e
python3 -m pytest "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
