#!/bin/sh
# tests/valgrind.sh: the generator under valgrind on content/: a full build
# and a parse, with zero errors and zero leaks.  Prints "ok - " / "FAIL - "
# and the same closing line as tests/run.sh.
BAOKAN=${BAOKAN:-./baokan}
out=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$out" "$log"' EXIT
pass=0
fail=0
vg() {
	what=$1
	shift
	if CI=1 valgrind --quiet --error-exitcode=99 --leak-check=full \
	    --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
	    "$@" >"$log" 2>&1; then
		echo "ok - valgrind: $what: no errors, no leaks"
		pass=$((pass + 1))
	else
		echo "FAIL - valgrind: $what"
		grep -E '==[0-9]+==' "$log" | head -n 40
		fail=$((fail + 1))
	fi
}
if ! command -v valgrind >/dev/null; then
	echo "FAIL - valgrind is not installed (apt-get install valgrind)"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "valgrind/generator ..."
vg "build content/" "$BAOKAN" build --quiet --output "$out/site"
vg "parse an issue" "$BAOKAN" parse content/2025-04-17-p05.txt
vg "check all issues" "$BAOKAN" check content/2025-04-17-p05.txt content/page-export-0611.txt
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
