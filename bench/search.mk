# bench/search.mk: `make bench-search`, baokan's search beside Pagefind.
# Included from the Makefile (`include bench/search.mk`); without that line:
#   make -f Makefile -f bench/search.mk bench-search
#
#   make bench-search                 10,000 articles, baokan and Pagefind
#   make bench-search BENCH_LARGE=1   also 100,000 articles (baokan only:
#                                     Pagefind takes most of an hour there)
#
# Everything generated goes to bench/out/search/ (ignored by git); the
# table is printed and kept in bench/out/search/results.md.  Needs node,
# chromium and playwright-core (make test-deps); Pagefind is installed
# from npm into bench/search/node_modules on first use.  See
# bench/search/README.md.  Never part of `make test`.

BENCH_SEARCH_OUT      ?= bench/out/search
BENCH_SEARCH_PAGEFIND ?= 10000
BENCH_SEED            ?= 1
BENCH_LARGE           ?=
BENCH_SEARCH_ARTICLES ?= $(if $(filter-out 0 no,$(BENCH_LARGE)),10000$(,)100000,10000)
, := ,

.PHONY: bench-search

bench-search: baokan test-deps
	@node bench/search/run.mjs --baokan ./baokan --out $(BENCH_SEARCH_OUT) \
		--articles $(BENCH_SEARCH_ARTICLES) --pagefind $(BENCH_SEARCH_PAGEFIND) \
		--seed $(BENCH_SEED)
