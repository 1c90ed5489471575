#!/usr/bin/env bash
# Set up, start the local Neo4j server, run every test, stop the server.
# Fails when any test fails or when no test ran (pytest exit code 5).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

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
