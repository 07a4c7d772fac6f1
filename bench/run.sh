#!/bin/sh
# Side-by-side benchmark of refnet, igraph and NetworkX: builds the refnet
# CLI and the kernel timer into bench/work/, then runs bench/bench.py, which
# writes bench/results/<date>.md and bench/results/latest.md.
# See bench/README.md for the environment variables (REPS,
# BENCH_EPINIONS_EXACT, ...).
set -eu
cd "$(dirname "$0")/.."
mkdir -p bench/work bench/results
go build -o bench/work/refnet ./cmd/refnet
go build -o bench/work/kernels ./bench/kernels
/usr/bin/python3 -c 'import igraph, networkx' || {
	echo "run.sh: needs Debian's python3-igraph and python3-networkx" >&2
	exit 1
}
exec /usr/bin/python3 bench/bench.py "$@"
