#!/bin/bash
# bench/replay.sh - replay and diff over a week of recorded telemetry.
#
#   bench/replay.sh [BUILD] [EVENTS] [RUNS]
#
# BUILD defaults to build (`make build`: RelWithDebInfo, -O2), EVENTS to
# 1000000, RUNS to 3.  Builds a policy repo from packs/ (main: every policy
# observes; branch candidate: a ramp promotes destructive to block and
# credential-access to warn), writes EVENTS events of synthetic telemetry
# with bench/gen-telemetry, records them (the setup; its rate is printed
# too), then times, RUNS times each, and prints the median:
#
#   replay at main                 verdict replay --ref main --audit DB
#   diff main..candidate           verdict diff main candidate --audit DB
#   diff, simulate block           ... --simulate block
#   replay of the JSON file        verdict replay --ref main --events FILE
#
# Rates are events / wall seconds and events / CPU seconds (user + sys): on
# a shared machine the CPU figure is the steadier one.  Peak RSS is GNU
# time's maximum resident set.  It also checks that the log and the file
# give the same counts, that replay is quiet on stderr when stderr is not a
# terminal, and that it shows progress when it is one.
set -eu
BUILD=${1:-build}
N=${2:-1000000}
RUNS=${3:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$BUILD" && pwd)
V=$BUILD/cli/verdict
GEN=$BUILD/bench/gen-telemetry
WORK=$(mktemp -d "${TMPDIR:-/tmp}/verdict-bench-replay.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

git_() { git -C "$WORK/policy" -c user.name=bench -c user.email=bench@example.com "$@"; }
git init -q -b main "$WORK/policy"
cp -r "$SRC/packs" "$WORK/policy/"
git_ add -A
git_ commit -qm "starter packs, every policy observing"
git_ checkout -q -b candidate
printf 'ramp {\n  destructive        block\n  credential-access  warn\n}\n' > "$WORK/policy/ramp.policy"
git_ add -A
git_ commit -qm "promote destructive to block, credential-access to warn"
git_ checkout -q main

"$GEN" --count "$N" --days 7 --seed 1 -o "$WORK/events.jsonl"
DB=$WORK/audit.db

# "wall user sys maxrss_kb" of one run; stdout discarded, stderr kept in $WORK/err.
one() {
	/usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" > "$WORK/out" 2> "$WORK/err"
	cat "$WORK/time"
}

# The median run (by wall time) of RUNS.
median() {
	local i
	for i in $(seq "$RUNS"); do one "$@"; done | sort -n | awk -v r="$RUNS" 'NR == int((r + 1) / 2)'
}

report() {
	awk -v n="$N" -v what="$1" -v t="$2" 'BEGIN {
		split(t, a, " ");
		printf "%-30s %6.2f s  %9.0f events/s  %9.0f events/CPU-s  %6.1f MB peak RSS\n",
			what, a[1], n / a[1], n / (a[2] + a[3]), a[4] / 1024 }'
}

rec=$(one "$V" record --repo "$WORK/policy" --audit "$DB" "$WORK/events.jsonl")
echo "events: $N over 7 days, log: $(( $(stat -c %s "$DB") / 1048576 )) MiB; runs: $RUNS (median)"
report "record (setup, durability on)" "$rec"
report "replay at main" "$(median "$V" replay --ref main --repo "$WORK/policy" --audit "$DB")"
[ -s "$WORK/err" ] && { echo "replay.sh: replay wrote to stderr, which is not a terminal:" >&2; cat "$WORK/err" >&2; exit 1; }
cp "$WORK/out" "$WORK/replay.log.out"
report "diff main..candidate" "$(median "$V" diff main candidate --repo "$WORK/policy" --audit "$DB")"
report "diff, simulate block" "$(median "$V" diff main candidate --repo "$WORK/policy" --audit "$DB" --simulate block)"
report "replay of the JSON file" "$(one "$V" replay --ref main --repo "$WORK/policy" --events "$WORK/events.jsonl")"
# The same counts from the log's forms and from parsing the file (the first line names the source).
if ! diff <(tail -n +2 "$WORK/replay.log.out") <(tail -n +2 "$WORK/out") > /dev/null; then
	echo "replay.sh: the log and the file give different counts" >&2
	exit 1
fi
echo "checks: log and file agree; stderr quiet when not a terminal"
if command -v script > /dev/null; then
	script -qec "$V replay --ref main --repo $WORK/policy --audit $DB > /dev/null" /dev/null > "$WORK/tty" || true
	grep -q 'replaying: ' "$WORK/tty" && echo "checks: progress shown on a terminal"
fi
