# bench/pathological.mk: `make bench-pathological`, the parser on
# pathological input at full size (tests/pathological/gen.py: 100,000
# headline-like lines, a 50 MB single paragraph, 10,000 bylines in a row,
# 50,000 本报讯 leads, 100,000 column-break fragments, a line of 1,000,000
# commas, ...): time and peak resident memory per case.  The inputs are
# generated in a temporary folder, never kept.  Included from the Makefile
# (`include bench/pathological.mk`); without that line:
#   make -f Makefile -f bench/pathological.mk bench-pathological
#
#   make bench-pathological                  every case at full size
#   make bench-pathological PATHO_SCALE=0.1  a tenth of each size
#   make bench-pathological PATHO_CASES="paragraph commas"
#
# That the work grows linearly is checked in `make test` by
# tests/pathological/linear.py, on sizes small enough for a test.

PATHO_SCALE ?= 1
PATHO_CASES ?=

.PHONY: bench-pathological

bench-pathological: baokan
	@python3 tests/pathological/bench.py --scale $(PATHO_SCALE) $(PATHO_CASES)
