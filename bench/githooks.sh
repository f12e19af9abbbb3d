#!/bin/bash
# bench/githooks.sh - the git hooks' latency (issue 5: pre-commit of 1,000
# changed files against 1,000 policies < 200 ms, issue 7: <= 100 ms;
# pre-receive of a push of 1,000 commits < 2 s).
#
#   bench/githooks.sh [VERDICT] [RUNS]
#
# VERDICT defaults to build/cli/verdict (`make build`), RUNS to 10.
# Builds, in a temporary directory:
#   - a policy repo of 1,000 generated policies (POLICIES=mixed, the
#     default: 400 judge git.commit, 100 git.push, the rest agent actions;
#     POLICIES=git: all 1,000 judge git.commit, the worst case for a
#     commit),
#   - a repository with 1,000 staged changes (800 files modified by 5
#     added lines each, 200 new files of 20 lines),
#   - a bare server holding a branch of 1,000 new commits (each changing
#     2 files) that no ref reaches yet.
# Then times, RUNS times each, the hooks as git runs them (the audit log
# included: every run records its events):
#   1. verdict git-hook pre-commit    (the 1,000 staged files: one event)
#   2. verdict git-hook pre-receive   (one ref, 1,000 new commits: 1,001 events)
#   3. git push of the 1,000 commits with the pre-receive installed, end to end
# and prints the median and fastest wall-clock time and the median CPU time
# (user + system, the hook's own processes) in milliseconds; on a shared
# machine CPU time is the steadier figure.
set -eu
VERDICT=${1:-build/cli/verdict}
RUNS=${2:-10}
POLICIES=${POLICIES:-mixed}
VERDICT=$(cd "$(dirname "$VERDICT")" && pwd)/$(basename "$VERDICT")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/verdict-bench-githooks.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
export HOME="$WORK" XDG_CONFIG_HOME="$WORK/.config" GIT_CONFIG_NOSYSTEM=1
export VERDICT_AUDIT="$WORK/audit.db"
git config --global user.name bench
git config --global user.email bench@example.com
git config --global init.defaultBranch main

# ---- 1,000 policies -------------------------------------------------------
git init -q "$WORK/policy"
mkdir -p "$WORK/policy/packs/gen"
awk -v mode="$POLICIES" 'BEGIN {
	for (i = 0; i < 1000; i++) {
		k = mode == "git" ? i % 4 : i % 10;
		printf "policy \"gen.p%d\" {\n  risk gen-%d\n  mode warn\n", i, i % 7;
		if (k == 0)
			printf "  on git.commit\n  when files.path matches \"**/secret%d/*.key\"\n", i;
		else if (k == 1)
			printf "  on git.commit\n  when diff.added ~ '\''TOKEN%d-[A-Z0-9]{12}'\''\n", i;
		else if (k == 2)
			printf "  on git.commit\n  when files.size > %dMB and files.path ends_with \".bin%d\"\n", 1 + i % 50, i;
		else if (k == 3)
			printf "  on git.commit\n  when commit.author.email ends_with \"@corp%d.example\" and files.mode == \"executable\"\n", i;
		else if (k == 4)
			printf "  on git.push\n  when push.ref == \"refs/heads/release-%d\" and push.force\n", i;
		else if (k < 7)
			printf "  on shell.exec\n  when command.name == \"tool%d\" and command.flags has \"f\"\n", i;
		else if (k < 9)
			printf "  on file.read, file.edit\n  when path matches \"**/private%d/**\"\n", i;
		else
			printf "  on web.fetch\n  when url.host == \"host%d.example\"\n", i;
		printf "  message \"generated policy %d\"\n}\n\n", i;
	}
}' > "$WORK/policy/packs/gen/gen.policy"
git -C "$WORK/policy" add -A
git -C "$WORK/policy" commit -qm "1000 policies"
"$VERDICT" check --repo "$WORK/policy" --quiet

# ---- 1,000 staged changes ----------------------------------------------------
git init -q "$WORK/work"
cd "$WORK/work"
git config verdict.policyRepo "$WORK/policy"
for d in $(seq 0 39); do
	mkdir -p "src/d$d"
	for f in $(seq 0 19); do
		seq 1 50 | sed "s/^/line $d $f /" > "src/d$d/f$f.c"
	done
done
git add -A
git commit -qm base --no-verify
for d in $(seq 0 39); do
	for f in $(seq 0 19); do
		printf 'added one %s\nadded two\nadded three\nadded four\nadded five\n' "$d$f" >> "src/d$d/f$f.c"
	done
done
mkdir -p new
for i in $(seq 0 199); do seq 1 20 | sed "s/^/new $i /" > "new/n$i.txt"; done
git add -A
[ "$(git diff --cached --name-only | wc -l)" -eq 1000 ]

# timed CMD...: run CMD (stdin as given, output discarded), print "wall cpu" in ms.
timed() {
	/usr/bin/time -f '%e %U %S' -o "$WORK/time" "$@" >/dev/null 2>&1 || true
	awk '{ printf "%.1f %.1f\n", $1 * 1000, ($2 + $3) * 1000 }' "$WORK/time"
}
report() {	# name, then "wall cpu" (ms) per line on stdin
	cat > "$WORK/runs"
	n=$(wc -l < "$WORK/runs")
	med=$(( (n + 1) / 2 ))
	wall=$(cut -d' ' -f1 "$WORK/runs" | sort -n | sed -n "${med}p")
	fast=$(cut -d' ' -f1 "$WORK/runs" | sort -n | head -1)
	cpu=$(cut -d' ' -f2 "$WORK/runs" | sort -n | sed -n "${med}p")
	printf '%-42s wall median %6.0f ms, fastest %6.0f ms;  CPU median %6.0f ms  (%d runs)\n' \
		"$1" "$wall" "$fast" "$cpu" "$n"
}

for i in $(seq 1 "$RUNS"); do
	timed "$VERDICT" git-hook pre-commit </dev/null
done | report "pre-commit, 1,000 files x 1,000 policies"

# ---- a push of 1,000 commits -------------------------------------------------
git commit -qm "the staged changes" --no-verify
git init -q --bare "$WORK/srv.git"
git -C "$WORK/srv.git" config verdict.policyRepo "$WORK/policy"
git push -q "$WORK/srv.git" main
git checkout -q -b feature
for i in $(seq 1 1000); do
	printf 'change %d\n' "$i" >> "src/d$((i % 40))/f$((i % 20)).c"
	printf 'change %d\n' "$i" > "new/n$((i % 200)).txt"
	git add -A
	git commit -qm "change $i" --no-verify
done
tip=$(git rev-parse HEAD)
# The objects reach the server; no ref does, so all 1,000 commits are new.
git push -q "$WORK/srv.git" feature:refs/heads/tmp
git -C "$WORK/srv.git" update-ref -d refs/heads/tmp
zero=0000000000000000000000000000000000000000
echo "$zero $tip refs/heads/feature" > "$WORK/push.txt"
for i in $(seq 1 "$RUNS"); do
	(cd "$WORK/srv.git" && GIT_DIR=. timed "$VERDICT" git-hook pre-receive <"$WORK/push.txt")
done | report "pre-receive, 1,000 new commits"

"$VERDICT" hooks install --git --repo "$WORK/srv.git" >/dev/null
for i in $(seq 1 "$RUNS"); do
	git -C "$WORK/srv.git" update-ref -d refs/heads/feature 2>/dev/null || true
	timed git push -q "$WORK/srv.git" feature
done | report "git push of 1,000 commits, hook included"
echo "events recorded: $(sqlite3 "$VERDICT_AUDIT" 'select count(*) from events' 2>/dev/null || echo '?')"
