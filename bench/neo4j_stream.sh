#!/bin/sh
# Memory of refnet export --to neo4j, loaded versus streamed (issue 18):
# builds the refnet CLI and the generator into bench/work/, then runs
# bench/neo4j_stream.py, which writes bench/results/neo4j-stream.md. See
# bench/README.md ("Exporting to Neo4j at scale"); BENCH_NEO4J_SIZES=100000,1000000
# adds the million-person rung (ten million referrals: minutes, ~7 GB for the ingest).
set -eu
cd "$(dirname "$0")/.."
mkdir -p bench/work bench/results
go build -o bench/work/refnet ./cmd/refnet
go build -o bench/work/gen ./bench/gen
exec /usr/bin/python3 bench/neo4j_stream.py "$@"
