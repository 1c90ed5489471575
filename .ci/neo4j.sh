#!/usr/bin/env bash
# Start or stop the local Neo4j server that the tests use.
#
#   bash .ci/neo4j.sh start    # builds it on first use (Maven Central), waits for Bolt
#   bash .ci/neo4j.sh stop
#
# Needs: Python with respgraph installed, Java 17, Maven.  The data home is
# $RESPGRAPH_HOME (default .respgraph in the current folder), Bolt listens on
# 127.0.0.1:${RESPGRAPH_BOLT_PORT:-7687}; user neo4j's password is generated at
# first start into $RESPGRAPH_HOME/neo4j/password, which respgraph (and so the
# tests) read by themselves.
set -euo pipefail

home="${RESPGRAPH_HOME:-$PWD/.respgraph}"
log="$home/neo4j/neo4j.log"
build_log="$home/server/build.log"

if command -v respgraph >/dev/null 2>&1; then
    respgraph=(respgraph)
else
    respgraph=("${PYTHON:-python3}" -m respgraph)
fi

show_logs() {
    for file in "$build_log" "$log"; do
        if [ -f "$file" ]; then
            echo "----- last lines of $file -----" >&2
            tail -n 60 "$file" >&2 || true
        fi
    done
}

case "${1:-}" in
    start)
        if ! "${respgraph[@]}" neo4j start --home "$home" --timeout "${NEO4J_START_TIMEOUT:-300}"; then
            show_logs
            exit 1
        fi
        ;;
    stop)
        if ! "${respgraph[@]}" neo4j stop --home "$home"; then
            show_logs
            exit 1
        fi
        ;;
    status)
        "${respgraph[@]}" neo4j status --home "$home"
        ;;
    *)
        echo "usage: $0 start|stop|status" >&2
        exit 2
        ;;
esac
