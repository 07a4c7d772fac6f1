#!/usr/bin/env bash
# Whole-process latency of recording one referral on networks of 10k, 100k
# and 1M referrals: `refnet log` should cost in proportion to the change, not
# the network. Builds refnet, generates the data with bench/gen, ingests each
# size into its own store, then times REPS rounds of log / referrals edit /
# referrals delete (each round leaves the store as large as before) and a few
# `refnet stats`. Writes bench/results/log-latency.md. See bench/README.md.
#
#   bench/log.sh                  # REPS=10; reuses data and stores in bench/work/log/
#   FRESH=1 bench/log.sh          # regenerate and re-ingest everything
#   REPS=5 SIZES="10k 100k" bench/log.sh
#   SIZES=10M OUT=bench/results/log-latency-10M.md bench/log.sh   # issue 18: 1M people / 10M referrals (ingest ~1-2 min, ~7 GB)
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=${REPS:-10}
STATS_REPS=${STATS_REPS:-3}
SIZES=${SIZES:-"10k 100k 1M"}
FRESH=${FRESH:-0}
WORK=bench/work/log
OUT=${OUT:-bench/results/log-latency.md}
TIME=/usr/bin/time

# people and referrals of each size
declare -A PEOPLE=([10k]=1000 [100k]=10000 [1M]=100000 [10M]=1000000)
declare -A REFERRALS=([10k]=10000 [100k]=100000 [1M]=1000000 [10M]=10000000)

if [[ ! -x $TIME ]]; then
	echo "log.sh: needs GNU time at $TIME (apt-get install time)" >&2
	exit 1
fi
mkdir -p "$WORK" "$(dirname "$OUT")"
BIN=$WORK/refnet
go build -o "$BIN" ./cmd/refnet
go build -o "$WORK/gen" ./bench/gen

# timed NAME CMD...: runs CMD once; appends "wall_s peak_rss_kib cpu_s" to
# $WORK/$size/NAME.times and leaves its stdout in $WORK/$size/last.out. Stops
# the script with CMD's output if it fails.
timed() {
	local name=$1
	shift
	local dir=$WORK/$size t0 t1 rc=0
	t0=$(date +%s%N)
	"$TIME" -f '%M %U %S' -o "$dir/last.rss" "$@" >"$dir/last.out" 2>"$dir/last.err" || rc=$?
	t1=$(date +%s%N)
	if ((rc != 0)); then
		echo "log.sh: $size: exit status $rc from: $*" >&2
		cat "$dir/last.out" "$dir/last.err" >&2
		exit 1
	fi
	echo "$(((t1 - t0) / 1000))e-6 $(tail -n 1 "$dir/last.rss" | awk '{print $1, $2 + $3}')" >>"$dir/$name.times"
}

# summary FILE: "median_wall max_wall median_cpu peak_rss_mib n" of a
# .times file.
summary() {
	sort -g "$1" | awk '
		function median(a, n, _, i, j, t) {
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		{ w[NR] = $1 + 0; c[NR] = $3 + 0; if ($2 + 0 > rss) rss = $2 + 0 }
		END {
			if (NR == 0) { print "- - - - 0"; exit }
			max = w[NR]
			printf "%.3f %.3f %.3f %.0f %d\n", median(w, NR), max, median(c, NR), rss / 1024, NR
		}'
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for size in $SIZES; do
	[[ -n ${PEOPLE[$size]:-} ]] || { echo "log.sh: unknown size $size (want 10k, 100k, 1M, 10M)" >&2; exit 1; }
	dir=$WORK/$size
	db=$dir/db
	stamp="people=${PEOPLE[$size]} referrals=${REFERRALS[$size]} seed=1"
	if [[ $FRESH == 1 || ! -f $dir/referrals.csv || $(cat "$dir/gen.stamp" 2>/dev/null) != "$stamp" ]]; then
		echo "log.sh: $size: generating $stamp" >&2
		rm -rf "$dir"
		mkdir -p "$dir"
		"$WORK/gen" -people "${PEOPLE[$size]}" -referrals "${REFERRALS[$size]}" -seed 1 -out "$dir"
		echo "$stamp" >"$dir/gen.stamp"
	fi
	rm -f "$dir"/*.times
	if [[ ! -f $dir/ingest.done ]]; then
		echo "log.sh: $size: ingesting" >&2
		rm -rf "$db" "$dir/ingest.kept"
		timed ingest "$BIN" --db "$db" -q ingest "$dir/contacts.csv" "$dir/referrals.csv"
		mv "$dir/ingest.times" "$dir/ingest.kept"
		date -u '+%Y-%m-%d %H:%M UTC' >"$dir/ingest.done"
	fi
	echo "log.sh: $size: $REPS rounds of log, edit, delete" >&2
	for ((i = 0; i < REPS; i++)); do
		timed log "$BIN" --db "$db" -q log p000001 p000002 --value 100 --status open --date 2026-01-01 --format json
		id=$(grep -o '"refnet_id": *[0-9]*' "$dir/last.out" | grep -o '[0-9]*$' || true)
		if [[ -z $id ]]; then
			echo "log.sh: $size: no refnet_id in the output of refnet log:" >&2
			cat "$dir/last.out" >&2
			exit 1
		fi
		timed edit "$BIN" --db "$db" -q referrals edit "$id" --status won
		timed delete "$BIN" --db "$db" -q referrals delete "$id" --yes
	done
	for ((i = 0; i < STATS_REPS; i++)); do
		timed stats "$BIN" --db "$db" -q stats
	done
	cp "$dir/last.out" "$dir/stats.out"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# The report.
{
	echo "# refnet log: whole-process latency against network size"
	echo
	echo "Written by \`bench/log.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
	echo
	echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
	echo "- $(go version)"
	echo "- refnet at $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff-index --quiet HEAD -- 2>/dev/null || echo ' with uncommitted changes')"
	echo "- load average before / after: $load_before / $load_after"
	echo "- REPS=$REPS rounds of log, edit, delete per size; stats $STATS_REPS times"
	echo -n "- ingest timed when each store was built (FRESH=1 rebuilds):"
	sep=" "
	for size in $SIZES; do
		echo -n "$sep$size $(cat "$WORK/$size/ingest.done")"
		sep=", "
	done
	echo
	echo
	echo "Data: \`bench/gen -seed 1\` (chapters of 20-60, heavy-tailed activity). Each"
	echo "store is filled by \`refnet --db DIR -q ingest contacts.csv referrals.csv\`;"
	echo "then each round runs \`refnet --db DIR -q log p000001 p000002 --value 100"
	echo "--status open --date 2026-01-01 --format json\`, \`refnet referrals edit ID"
	echo "--status won\` and \`refnet referrals delete ID --yes\` on the referral just"
	echo "logged, so the store keeps its size. Wall time is start to exit of the"
	echo "process (\`date +%s%N\` around it); CPU is user + system seconds (GNU"
	echo "time's \`%U + %S\`), peak RSS its \`%M\` (the largest of the runs)."
	echo
	echo "| network | command | runs | median wall (s) | max wall (s) | median CPU (s) | peak RSS (MiB) |"
	echo "|---|---|---:|---:|---:|---:|---:|"
	for size in $SIZES; do
		dir=$WORK/$size
		label="$size referrals / ${PEOPLE[$size]} people"
		read -r m x u r n < <(summary "$dir/ingest.kept")
		echo "| $label | ingest | $n | $m | $x | $u | $r |"
		for cmd in log edit delete stats; do
			read -r m x u r n < <(summary "$dir/$cmd.times")
			case $cmd in
			edit) c="referrals edit" ;;
			delete) c="referrals delete" ;;
			*) c=$cmd ;;
			esac
			echo "| $label | $c | $n | $m | $x | $u | $r |"
		done
	done
	echo
	echo "Stores after the run (\`du -sh\`, \`refnet stats\`):"
	echo
	for size in $SIZES; do
		dir=$WORK/$size
		echo "- $size: $(du -sh "$dir/db" | cut -f1) on disk; $(awk '$1 == "nodes" || $1 == "edges" || $1 == "referrals" {printf "%s%s %s", sep, $1, $2; sep = ", "}' "$dir/stats.out")"
	done
	echo
	first=${SIZES%% *}
	last=${SIZES##* }
	read -r m_first _ _ r_first _ < <(summary "$WORK/$first/log.times")
	read -r m_last _ _ r_last _ < <(summary "$WORK/$last/log.times")
	read -r e_last _ _ _ _ < <(summary "$WORK/$last/edit.times")
	read -r d_last _ _ _ _ < <(summary "$WORK/$last/delete.times")
	read -r s_last _ _ _ _ < <(summary "$WORK/$last/stats.times")
	factor=$((REFERRALS[$last] / REFERRALS[$first]))
	ratio=$(awk -v a="$m_last" -v b="$m_first" 'BEGIN { printf "%.1f", a / b }')
	verdict=$(awk -v a="$m_last" 'BEGIN { print (a < 0.5) ? "under" : "NOT under" }')
	echo "## Reading"
	echo
	if [[ $first == "$last" ]]; then
		echo "The median \`refnet log\` takes $m_last s on the $last store, peak RSS"
		echo "$r_last MiB: $verdict the 0.5 s target. For comparison: \`referrals edit\` $e_last s,"
	else
		echo "The median \`refnet log\` takes $m_first s on the $first store and $m_last s on"
		echo "the $last store, a ratio $last/$first of $ratio for a network $factor times"
		echo "larger, with peak RSS going from $r_first to $r_last MiB. At $last it is"
		echo "$verdict the 0.5 s target. For comparison at $last: \`referrals edit\` $e_last s,"
	fi
	echo "\`referrals delete\` $d_last s, and \`stats\`, which reads the whole network,"
	echo "$s_last s (medians of wall time)."
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "log.sh: wrote $OUT" >&2
cat "$OUT"
