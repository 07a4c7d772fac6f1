#!/usr/bin/env bash
# Open-ended fuzzing of every fuzz target (README "Fuzzing"). Not part of
# scripts/test.sh or CI, which only replay the checked-in corpora: run this
# before each submission, fix what it finds and check the failing input in
# (go test writes it to PKG/testdata/fuzz/TARGET/).
#
#   scripts/fuzz.sh                  every target, 60 s each
#   FUZZTIME=5m scripts/fuzz.sh      longer
#   scripts/fuzz.sh FuzzVCard        only the targets whose name matches
#
# Prints one line per target: package, target, executions, new corpus
# entries, and the result; exits 1 when any target found a failing input.
set -uo pipefail
cd "$(dirname "$0")/.."

FUZZTIME=${FUZZTIME:-60s}
match=${1:-.}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=0

fuzz_once() {
  go test -run '^$' -fuzz "^$1\$" -fuzztime "$FUZZTIME" -fuzzminimizetime 200x "$2" >"$log" 2>&1
}

printf '%-36s %-20s %12s %8s  %s\n' package target execs new result
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' | grep -E -- "$match" || true); do
    result=ok
    if ! fuzz_once "$target" "$pkg"; then
      # Go's fuzzer sometimes loses a worker process without any failing
      # input ("fuzzing process hung or terminated unexpectedly" and no
      # input written: golang/go#56238). Only that case is run once more.
      if grep -q 'hung or terminated unexpectedly' "$log" && ! grep -q 'input written\|Crash written' "$log"; then
        fuzz_once "$target" "$pkg" || result=FOUND
      else
        result=FOUND
      fi
    fi
    line=$(grep -E 'fuzz: elapsed.*execs' "$log" | tail -1)
    execs=$(sed -nE 's/.*execs: ([0-9]+).*/\1/p' <<<"$line")
    new=$(sed -nE 's/.*new interesting: ([0-9]+).*/\1/p' <<<"$line")
    printf '%-36s %-20s %12s %8s  %s\n' "${pkg#github.com/refnet/refnet/}" "$target" "${execs:-?}" "${new:-?}" "$result"
    if [ "$result" != ok ]; then
      failed=1
      sed -n '/--- FAIL\|Failing input\|panic:/,+12p' "$log" | head -40
    fi
  done
done
exit $failed
