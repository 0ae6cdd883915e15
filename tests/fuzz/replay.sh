#!/bin/sh
# tests/fuzz/replay.sh: part of `make test`.  Builds each fuzz target with
# replay.c instead of libFuzzer, against the ASan+UBSan objects of
# build-asan/ (make asan-units), and runs it on the crash inputs kept in
# tests/fuzz/regress/TARGET/ and on the seed corpus (tests/fuzz/seeds.sh).
# Prints "ok - ..." / "FAIL - ..." per target.
BUILD=${BUILD:-build-asan}
CC=${CC:-cc}
PKGS="libcmark-gfm libxml-2.0 inih libxxhash"	# as the Makefile's PKGS
SAN="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
FLAGS="-std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Wall -Wextra -Wpedantic \
-Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Wshadow -Wvla -Werror"
TARGETS=${FUZZ_TARGETS:-"issue frontmatter conf fix tmpl"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export BAOKAN_TOP=$(pwd)

objs=""
for s in gen/*.c; do
	o=$BUILD/$(basename "${s%.c}").o
	[ "$o" = "$BUILD/main.o" ] && continue
	if [ ! -f "$o" ]; then
		echo "FAIL - $o is missing: run make asan-units first"
		exit 1
	fi
	objs="$objs $o"
done
mkdir -p "$BUILD/fuzz"
sh tests/fuzz/seeds.sh "$tmp/seed" $TARGETS || { echo "FAIL - seeds.sh"; exit 1; }
fail=0
for t in $TARGETS; do
	bin=$BUILD/fuzz/replay-$t
	# shellcheck disable=SC2086
	if ! $CC $FLAGS $SAN $(pkg-config --cflags $PKGS) -Igen -Itests/fuzz -o "$bin" \
	    tests/fuzz/fuzz_$t.c tests/fuzz/replay.c $objs \
	    $(pkg-config --libs $PKGS) -lcmark-gfm-extensions -lpthread 2>"$tmp/cc.log"; then
		echo "FAIL - fuzz/$t: the replay driver does not build"
		sed 's/^/    /' "$tmp/cc.log" | head -n 20
		fail=$((fail + 1))
		continue
	fi
	set -- "$tmp/seed/$t"
	[ -d "tests/fuzz/regress/$t" ] && set -- "$@" "tests/fuzz/regress/$t"
	n=$(ls "tests/fuzz/regress/$t" 2>/dev/null | wc -l)
	if "$bin" "$@" >"$tmp/out" 2>&1; then
		echo "ok - fuzz/$t: $n kept crash inputs and the seeds replay clean ($(sed -n 's/.*: \([0-9]*\) inputs.*/\1/p' "$tmp/out") inputs)"
	else
		echo "FAIL - fuzz/$t: an input crashes the target"
		grep -E 'ERROR|SUMMARY|runtime error|#[0-9] ' "$tmp/out" | head -n 20 | sed 's/^/    /'
		fail=$((fail + 1))
	fi
done
[ $fail -eq 0 ]
