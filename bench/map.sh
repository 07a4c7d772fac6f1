#!/usr/bin/env bash
# The network map in headless Chromium, ECharts against sigma.js: maps of
# soc-Epinions1's 1k, 2k, 5k, 10k and 20k most central people, then all
# 75,879, each page drawn by both renderers and opened in a fresh browser;
# times ready, a search, a hover and a zoom, and the JavaScript heap.
# Writes bench/results/map-threshold.md (the table viz.SigmaFrom is set
# from) and bench/results/map-scale.md (the whole network, with ratios).
# See bench/README.md.
#
#   bench/map.sh                               # about 20 minutes
#   SIZES=1000,5000 LIMIT=60s bench/map.sh     # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-1000,2000,5000,10000,20000}
LIMIT=${LIMIT:-240s}
OUT=${OUT:-bench/results}

if [[ ! -f testdata/data/snap-soc-Epinions1/soc-Epinions1.txt.gz ]]; then
	echo "map.sh: needs testdata/data/snap-soc-Epinions1/soc-Epinions1.txt.gz" >&2
	exit 1
fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
REFNET_REQUIRE_BROWSER=1 go test ./viz -run '^TestMapBench$' -count=1 -v -timeout 3h \
	-args -mapbench "$OUT" -mapbench-sizes "$SIZES" -mapbench-limit "$LIMIT"
echo "wrote $OUT/map-threshold.md and $OUT/map-scale.md"
