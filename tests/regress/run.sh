#!/bin/sh
# tests/regress/run.sh: each tests/regress/parse/NAME.txt is parsed and its
# records compared with NAME.json beside it; prints "ok - NAME" or a
# diff -u and "FAIL - NAME".  `sh tests/regress/run.sh --update` rewrites
# the expected files (read the diff before committing them).
BAOKAN=${BAOKAN:-./baokan}
conf=tests/regress/site.conf
update=0
[ "${1:-}" = "--update" ] && update=1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in tests/regress/parse/*.txt; do
	want=${t%.txt}.json
	TZ=UTC LC_ALL=C.UTF-8 "$BAOKAN" parse --config "$conf" "$t" >"$out" 2>&1
	if [ $update -eq 1 ]; then
		cp "$out" "$want"
		echo "ok - $t (updated)"
	elif diff -u "$want" "$out"; then
		echo "ok - $t"
	else
		echo "FAIL - $t"
	fi
done
