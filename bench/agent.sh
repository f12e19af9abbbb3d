#!/bin/bash
# bench/agent.sh - whole-process latency of `verdict agent claude-code`
# (issue 4: median under 10 ms with 1,000 policies and recording on).
#
#   bench/agent.sh [VERDICT] [ROUNDS]
#
# VERDICT defaults to build/cli/verdict (`make build`), ROUNDS to 20.
# Builds a policy repo of 1,000 policies: the starter packs (packs/) and
# generated ones over every action Claude Code's tools produce (globs,
# regexes, lists, command flags), with a ramp so that payloads pass, warn
# and block.  Then runs each judged payload of the Claude Code corpus
# (tests/agents/claude-code.json) ROUNDS times as its own process, stdin
# to exit, recording into one audit log (WAL, synchronous=FULL), and
# prints the median, p90, p99 and max, and the median per payload.
# For scale it then times the same with the starter packs alone (so the
# difference is compiling 1,000 policies) and the process floor
# (`verdict --version`).
#
# Self-contained: bench/agent_latency.c is compiled here with cc and
# jansson; nothing else is needed beyond the verdict binary.
set -eu
VERDICT=${1:-build/cli/verdict}
ROUNDS=${2:-20}
VERDICT=$(cd "$(dirname "$VERDICT")" && pwd)/$(basename "$VERDICT")
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/verdict-bench-agent.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT

cc -O2 -o "$WORK/agent_latency" "$SRC/bench/agent_latency.c" -ljansson

git init -q -b main "$WORK/policy"
cp -r "$SRC/packs" "$WORK/policy/"
have=$(cat "$SRC"/packs/*/*.policy | grep -c '^policy ' || true)
mkdir -p "$WORK/policy/packs/generated"
awk -v n=$((1000 - have)) 'BEGIN {
	for (i = 0; i < n; i++) {
		k = i % 8; r = "gen-r" (i % 12);
		if (k == 0)
			w = sprintf("command.name == \"tool%d\" and command.flags has \"f\"", i);
		else if (k == 1)
			w = sprintf("command.name in [\"curl\", \"wget\"] and command.argv matches \"*.host%d.example/*\"", i);
		else if (k == 2)
			w = sprintf("path matches \"**/secret%d/**\" or path.name == \"key%d.pem\"", i, i);
		else if (k == 3)
			w = sprintf("path matches \"**/generated%d/*.c\" and content ~ \"TODO%d\"", i, i);
		else if (k == 4)
			w = sprintf("mcp.server == \"srv%d\" and mcp.tool starts_with \"delete\"", i);
		else if (k == 5)
			w = sprintf("url.host == \"h%d.example.com\" or url.path matches \"/leak%d/**\"", i, i);
		else if (k == 6)
			w = sprintf("prompt ~ \"(?i)project-%d-secret\"", i);
		else
			w = sprintf("query ~ \"needle%d\" and path matches \"**/vault%d/**\"", i, i);
		on = (k <= 1) ? "shell.exec" : (k == 2) ? "file.read, file.search" : (k == 3) ? "file.write, file.edit" : \
			(k == 4) ? "mcp.call" : (k == 5) ? "web.fetch" : (k == 6) ? "prompt.submit" : "file.search";
		printf "policy \"gen.p%04d\" {\n  risk %s\n  severity block\n  on %s\n  when %s\n  message \"generated policy %d\"\n}\n\n", i, r, on, w, i;
	}
}' > "$WORK/policy/packs/generated/generated.policy"
printf 'ramp {\n  credential-access  warn\n  destructive        block\n  gen-r1             warn\n  gen-r2             block\n}\n' > "$WORK/policy/ramp.policy"
git -C "$WORK/policy" add -A
git -C "$WORK/policy" -c user.name=bench -c user.email=bench@example.com commit -qm bench
count=$("$VERDICT" check --repo "$WORK/policy" --ref main 2>&1 | grep -o '[0-9]* polic' | head -1 || true)
echo "policy repo: ${count:-?}ies at main"

git init -q -b main "$WORK/small"
cp -r "$SRC/packs" "$WORK/small/"
git -C "$WORK/small" add -A
git -C "$WORK/small" -c user.name=bench -c user.email=bench@example.com commit -qm small

export HOME="$WORK/home" VERDICT_USER=bench VERDICT_GROUPS=dev VERDICT_REPO_NAME=acme/api
mkdir -p "$HOME"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$WORK/agent_latency" "$VERDICT" "$SRC/tests/agents/claude-code.json" "$ROUNDS" -- \
	agent claude-code --repo "$WORK/policy" --audit "$WORK/audit.db"
echo "recorded: $(sqlite3 "$WORK/audit.db" 'SELECT count(*) FROM events') events, $(sqlite3 "$WORK/audit.db" 'SELECT count(*) FROM signals') signals"
echo
echo "for scale: the starter packs alone ($have policies)"
"$WORK/agent_latency" "$VERDICT" "$SRC/tests/agents/claude-code.json" "$ROUNDS" -- \
	agent claude-code --repo "$WORK/small" --audit "$WORK/small.db" | sed -n 2,4p
floor() {
	local i TIMEFORMAT='%R'
	{ time for i in $(seq 50); do "$VERDICT" --version > /dev/null; done; } 2>&1
}
awk -v t="$(floor)" 'BEGIN { printf "process floor (verdict --version): %.2f ms\n", t * 1000 / 50 }'
