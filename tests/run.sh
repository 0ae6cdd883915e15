#!/bin/sh
# tests/run.sh: every test of baokan.  Each test program prints lines
# "ok - what" or "FAIL - what"; this counts them and ends with the line
# "N passed, N failed".  A program that exits non-zero without a FAIL line
# counts as one failure.  Run from the top of the repository (make test).
BUILD=${BUILD:-build}
BAOKAN=${BAOKAN:-./baokan}
export BAOKAN
pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run() {
	name=$1
	shift
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok - ' "$log")
	f=$(grep -c '^FAIL - ' "$log")
	# Node's test runner (TAP) ends with "# pass N" and "# fail N".
	if grep -q '^# pass [0-9]' "$log"; then
		p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -n 1)
		f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -n 1)
	fi
	s=$(grep -c '^skip - ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "FAIL - $name exited with status $rc"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		echo "$name ... FAIL ($p passed, $f failed)"
		sed 's/^/    /' "$log" | tail -n 60
	else
		echo "$name ... ok ($p checks${s:+, $s skipped})"
		grep '^skip - ' "$log" | sed 's/^/    /'
	fi
}

# SUITE=sanitizers (make test, make asan) runs what exercises the C code
# against the ASan+UBSan build; the rest needs no second run.
SUITE=${SUITE:-all}
tag=""
[ "$SUITE" = sanitizers ] && tag=" [asan+ubsan]"
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run "unit/$(basename "$t")$tag" "$t"
done
run "regress/parse$tag" sh tests/regress/run.sh
run "mutate/parse$tag" env MUTANTS=$([ "$SUITE" = sanitizers ] && echo 150 || echo 300) python3 tests/mutate.py
run "e2e/build$tag" python3 tests/e2e.py
if [ "$SUITE" = all ]; then
	run "corpus/score" python3 tests/score.py
	run "pathological/linear" python3 tests/pathological/linear.py
	run "faults/build" python3 tests/faults.py
	run "inject/build" python3 tests/inject.py
	run "fuzz/replay" sh tests/fuzz/replay.sh
	run "js/search" node --test --test-reporter=tap tests/js/
	run "browser/search" node tests/browser/search.mjs
	run "browser/search-queries" node tests/browser/search-queries.mjs
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
