# bench/hugo.mk: `make bench-hugo`, baokan side by side with Hugo + Pagefind.
# Included from the Makefile (`include bench/hugo.mk`); without that line:
#   make -f Makefile -f bench/bench.mk -f bench/hugo.mk bench-hugo
#
#   make bench-hugo                10,000 and 100,000 articles (about 30-60 min)
#   make bench-hugo BENCH_LARGE=1  also 1,000,000 (steps that clearly cannot
#                                  finish are skipped, with the reason)
#
# Needs hugo and time (Debian packages; installed with apt-get as root when
# missing) and npm (Pagefind is installed into bench/hugo/node_modules).
# Everything generated goes to bench/out/hugo/; the table is printed and
# kept in bench/out/hugo/hugo-results.md.  See bench/hugo/README.md.

BENCH_OUT        ?= bench/out
BENCH_SEED       ?= 1
BENCH_LARGE      ?=
BENCH_HUGO_SIZES ?= 10000,100000
BENCH_HUGO_RUNS  ?= 3

.PHONY: bench-hugo bench-hugo-deps

bench-hugo-deps:
	@missing=""; \
	command -v hugo >/dev/null 2>&1 || missing="$$missing hugo"; \
	[ -x /usr/bin/time ] || missing="$$missing time"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
		else echo "bench-hugo: run: sudo apt-get install$$missing"; exit 1; fi; \
	fi
	@[ -d bench/hugo/node_modules/pagefind ] || (cd bench/hugo && npm install --no-audit --no-fund --silent)

bench-hugo: baokan bench-hugo-deps
	@python3 bench/hugo/run --baokan ./baokan --out $(BENCH_OUT)/hugo \
		--sizes $(BENCH_HUGO_SIZES) --runs $(BENCH_HUGO_RUNS) --seed $(BENCH_SEED) \
		$(if $(filter-out 0 no,$(BENCH_LARGE)),--large)
