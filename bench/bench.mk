# bench/bench.mk: `make bench`, parse speed and build throughput.
# Included from the Makefile (`include bench/bench.mk`); without that line:
#   make -f Makefile -f bench/bench.mk bench
#
#   make bench               10,000-article archive, 50 MB and 5 MB issue files
#   make bench BENCH_LARGE=1 also a 100,000-article archive (a few minutes)
#   make bench-corpus        only write the 10,000-article archive
#   make bench-clean         remove bench/out/
#
# Everything generated goes to bench/out/ (ignored by git); the table is
# printed and kept in bench/out/results.md.  Benchmarks are never part of
# `make test`.  Needs python3; valgrind for the instruction counts (skipped
# with a note without it).  See bench/README.md.

BENCH_OUT      ?= bench/out
BENCH_ARTICLES ?= 10000
BENCH_MB       ?= 50
BENCH_SMALL_MB ?= 5
BENCH_RUNS     ?= 3
BENCH_SEED     ?= 1
BENCH_LARGE    ?=

.PHONY: bench bench-corpus bench-clean

bench: baokan
	@python3 bench/run-bench --baokan ./baokan --out $(BENCH_OUT) \
		--articles $(BENCH_ARTICLES) --mb $(BENCH_MB) --small-mb $(BENCH_SMALL_MB) \
		--runs $(BENCH_RUNS) --build-runs $(BENCH_RUNS) --seed $(BENCH_SEED) \
		$(if $(filter-out 0 no,$(BENCH_LARGE)),--large)

bench-corpus: baokan
	@python3 bench/gen-corpus --articles $(BENCH_ARTICLES) --seed $(BENCH_SEED) \
		--out $(BENCH_OUT)/corpus-$(BENCH_ARTICLES) --force

bench-clean:
	rm -rf $(BENCH_OUT)
