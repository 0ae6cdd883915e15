#!/bin/sh
# tests/all.sh: what `make test` runs: the whole suite against the
# optimised build, the C-exercising part again against the ASan+UBSan
# build, and the generator under valgrind.  Each phase ends with
# "N passed, N failed"; this adds them up into the one closing line.
export TZ=UTC LC_ALL=C.UTF-8
total_p=0
total_f=0
phase() {
	out=$(mktemp)
	"$@" 2>&1 | tee "$out" | grep -v '^ok - '
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL - phase '$*' printed no summary"
		total_f=$((total_f + 1))
	else
		total_p=$((total_p + ${line%% passed*}))
		f=${line#*passed, }
		total_f=$((total_f + ${f%% failed*}))
	fi
	rm -f "$out"
}
phase env BUILD=build sh tests/run.sh
phase env BUILD=build-asan BAOKAN=./build-asan/baokan SUITE=sanitizers \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 sh tests/run.sh
phase env BAOKAN=./build/baokan-plain sh tests/valgrind.sh
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
