#!/bin/sh
# The platform-scale ladder of issue 18: builds the refnet CLI and the
# generator into bench/work/, then runs bench/scale.py, which writes
# bench/results/scale-<date>.md. See bench/README.md ("Scale") for the
# environment variables (BENCH_SCALE_MAX=1000000 adds the million-person rung).
set -eu
cd "$(dirname "$0")/.."
mkdir -p bench/work bench/results
go build -o bench/work/refnet ./cmd/refnet
go build -o bench/work/gen ./bench/gen
/usr/bin/python3 -c 'import igraph' || {
	echo "scale.sh: needs Debian's python3-igraph" >&2
	exit 1
}
exec /usr/bin/python3 bench/scale.py "$@"
