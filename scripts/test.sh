#!/usr/bin/env bash
# The project's test command (README "Run the tests"; .ci/run calls it).
#
#   scripts/test.sh            everything: setup, gofmt, vet, go test, go test -race -short
#   SKIP_SETUP=1 scripts/test.sh do not try to install Chromium / NetworkX
#
# It is deterministic: go test replays every checked-in fuzz corpus
# (testdata/fuzz/*) as ordinary tests but explores nothing new. Open-ended
# fuzzing is scripts/fuzz.sh, run before each submission.
#
# Setup installs Debian's chromium (browser tests of the HTML reports) and
# python3-networkx / python3-igraph (reference checks) when they are missing
# and apt-get is usable; the browser tests then refuse to skip
# (REFNET_REQUIRE_BROWSER=1).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

if [ -z "${SKIP_SETUP:-}" ]; then
  need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  /usr/bin/python3 -c 'import networkx' >/dev/null 2>&1 || need+=(python3-networkx)
  /usr/bin/python3 -c 'import igraph' >/dev/null 2>&1 || need+=(python3-igraph)
  /usr/bin/python3 -c 'import scipy' >/dev/null 2>&1 || need+=(python3-scipy)
  if [ ${#need[@]} -gt 0 ]; then
    step "installing ${need[*]}"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >/dev/null
      apt-get install -y -qq "${need[@]}" >/dev/null
    else
      echo "cannot install ${need[*]} (not root or no apt-get): tests that need them will skip" >&2
    fi
  fi
fi
if command -v chromium >/dev/null 2>&1; then
  export REFNET_REQUIRE_BROWSER=1
fi

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

step "go vet"
go vet ./...

step "go test (full, with the large real datasets)"
go test -count=1 -timeout 45m ./...

step "go test -race -short (data races; large datasets skipped)"
go test -race -short -count=1 -timeout 30m ./...

step "all tests passed"
