#!/bin/bash
# bench/record.sh - recording throughput of the audit log, durability on.
#
#   bench/record.sh [VERDICT] [EVENTS]
#
# VERDICT defaults to build/cli/verdict (`make build`: -O2), EVENTS to
# 200000.  Builds a policy repo from packs/ (with a ramp, so events pass,
# warn and block), writes EVENTS synthetic JSON Lines events, then times:
#   1. judging only          verdict eval   FILE > /dev/null
#   2. judging and recording verdict record FILE        (one writer)
#   3. eight writers at once verdict record FILE.k      (EVENTS/8 each)
# Recording is WAL + synchronous=FULL, 1000 events per transaction.
# Prints events per second (wall clock) and CPU microseconds per event;
# on a shared machine the CPU figures are the steadier ones.
set -eu
VERDICT=${1:-build/cli/verdict}
N=${2:-200000}
VERDICT=$(cd "$(dirname "$VERDICT")" && pwd)/$(basename "$VERDICT")
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/verdict-bench-record.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

git init -q -b main "$WORK/policy"
cp -r "$SRC/packs" "$WORK/policy/"
printf 'ramp {\n  credential-access  warn\n  destructive        block\n}\n' > "$WORK/policy/ramp.policy"
git -C "$WORK/policy" add -A
git -C "$WORK/policy" -c user.name=bench -c user.email=bench@example.com commit -qm bench

# A mix of shell, file, MCP and web actions from 40 users in 4 groups.
awk -v n="$N" 'BEGIN {
	for (i = 0; i < n; i++) {
		u = i % 40; g = u % 4; s = int(i / 25);
		head = sprintf("{\"id\":\"e%d\",\"time\":\"2026-05-%02dT%02d:%02d:%02dZ\",\"user\":\"u%d\",\"groups\":[\"g%d\"],\"repo\":\"acme/r%d\",\"session\":\"s%d\",\"surface\":\"claude-code\"",
			i, 1 + i % 28, i % 24, i % 60, i % 59, u, g, i % 7, s);
		k = i % 10;
		if (k < 4)
			printf "%s,\"tool\":\"Bash\",\"action\":\"shell.exec\",\"command\":\"git status && ls -la src/%d\"}\n", head, i;
		else if (k == 4)
			printf "%s,\"tool\":\"Bash\",\"action\":\"shell.exec\",\"command\":\"rm -rf ~/\"}\n", head;
		else if (k < 7)
			printf "%s,\"tool\":\"Read\",\"action\":\"file.read\",\"path\":\"/home/u%d/src/app/%s\"}\n", head, u, (k == 5 ? ".env" : "main.c");
		else if (k == 7)
			printf "%s,\"tool\":\"Edit\",\"action\":\"file.edit\",\"path\":\"/home/u%d/src/app/lib%d.c\"}\n", head, u, i;
		else if (k == 8)
			printf "%s,\"tool\":\"mcp__github__create_issue\",\"action\":\"mcp.call\",\"mcp\":{\"server\":\"github\",\"tool\":\"create_issue\"},\"input\":{\"title\":\"t%d\"}}\n", head, i;
		else
			printf "%s,\"tool\":\"WebFetch\",\"action\":\"web.fetch\",\"url\":\"https://docs.example.com/p/%d\"}\n", head, i;
	}
}' > "$WORK/events.jsonl"
split -n l/8 -d "$WORK/events.jsonl" "$WORK/part."

judge() { "$VERDICT" eval --repo "$WORK/policy" "$WORK/events.jsonl" > /dev/null || [ $? -le 2 ]; }
one() { "$VERDICT" record --repo "$WORK/policy" --audit "$WORK/one.db" "$WORK/events.jsonl" > /dev/null; }
eight() {
	for f in "$WORK"/part.*; do
		"$VERDICT" record --repo "$WORK/policy" --audit "$WORK/eight.db" "$f" > /dev/null &
	done
	wait
}
# "wall user sys" in seconds for one of the above.
measure() {
	local TIMEFORMAT='%R %U %S'
	{ time "$1" 2> /dev/null; } 2>&1
}
report() {
	awk -v n="$N" -v what="$1" -v t="$2" 'BEGIN {
		split(t, a, " ");
		printf "%-31s %7.0f events/s   %5.1f us CPU/event\n", what, n / a[1], (a[2] + a[3]) * 1e6 / n }'
}

tj=$(measure judge)
t1=$(measure one)
t8=$(measure eight)
rows=$(sqlite3 "$WORK/eight.db" 'SELECT count(*) FROM events')
[ "$rows" -eq "$N" ] || { echo "record.sh: eight writers recorded $rows of $N events" >&2; exit 1; }

echo "events: $N, log: $(( $(stat -c %s "$WORK/one.db") / 1024 )) KiB"
report "judge only (eval)" "$tj"
report "judge + record, one writer" "$t1"
report "judge + record, eight writers" "$t8"
awk -v n="$N" -v j="$tj" -v o="$t1" 'BEGIN {
	split(j, a, " "); split(o, b, " ");
	us = ((b[2] + b[3]) - (a[2] + a[3])) * 1e6 / n;
	printf "recording alone (CPU)           %7.0f events/s   %5.1f us CPU/event\n", 1e6 / us, us }'
