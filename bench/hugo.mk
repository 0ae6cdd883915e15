# bench/hugo.mk: `make bench-hugo`, baokan side by side with Hugo + Pagefind.
# Included from the Makefile (`include bench/hugo.mk`).
#
#   make bench-hugo                10,000 and 100,000 articles, every tool
#                                  (about 45-60 min: Hugo and Pagefind are most
#                                  of it)
#   make bench-hugo BENCH_TOOLS=baokan
#                                  baokan's steps only; the Hugo and Pagefind
#                                  rows come from the last results, marked with
#                                  their run (about 10-15 min)
#   make bench-hugo BENCH_TOOLS=baokan BENCH_LARGE=1 \
#        BENCH_HUGO_CORPUS=1000000=bench/out/corpus-1000000
#                                  also 1,000,000 articles, on an archive
#                                  already generated (Hugo and Pagefind are
#                                  skipped there, with the reason)
#
# Needs time (Debian package) and, when BENCH_TOOLS has them, hugo (Debian)
# and npm (Pagefind is installed into bench/hugo/node_modules); installed
# with apt-get as root when missing.  Everything generated goes to
# bench/out/hugo/; the table is printed and kept in
# bench/out/hugo/hugo-results.md.  See bench/hugo/README.md.

BENCH_OUT         ?= bench/out
BENCH_SEED        ?= 1
BENCH_LARGE       ?=
BENCH_HUGO_SIZES  ?= 10000,100000
BENCH_HUGO_RUNS   ?= 5
# all, or a comma list of baokan, hugo, pagefind
BENCH_TOOLS       ?= all
# archives generated elsewhere, N=PATH separated by spaces
BENCH_HUGO_CORPUS ?=
# more options for bench/hugo/run (see bench/hugo/run --help)
BENCH_HUGO_ARGS   ?=

bench_hugo_comma := ,
bench_hugo_tools := $(subst $(bench_hugo_comma), ,$(BENCH_TOOLS))
bench_hugo_need_hugo := $(filter all hugo pagefind,$(bench_hugo_tools))
bench_hugo_need_pagefind := $(filter all pagefind,$(bench_hugo_tools))

.PHONY: bench-hugo bench-hugo-deps

bench-hugo-deps:
	@missing=""; \
	[ -x /usr/bin/time ] || missing="$$missing time"; \
	if [ -n "$(bench_hugo_need_hugo)" ]; then \
		command -v hugo >/dev/null 2>&1 || missing="$$missing hugo"; \
	fi; \
	if [ -n "$(bench_hugo_need_pagefind)" ]; then \
		command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	fi; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
		else echo "bench-hugo: run: sudo apt-get install$$missing"; exit 1; fi; \
	fi
	@if [ -n "$(bench_hugo_need_pagefind)" ] && [ ! -d bench/hugo/node_modules/pagefind ]; then \
		cd bench/hugo && npm install --no-audit --no-fund --silent; \
	fi

bench-hugo: baokan bench-hugo-deps
	@python3 bench/hugo/run --baokan ./baokan --out $(BENCH_OUT)/hugo \
		--sizes $(BENCH_HUGO_SIZES) --runs $(BENCH_HUGO_RUNS) --seed $(BENCH_SEED) \
		--tools $(BENCH_TOOLS) $(foreach c,$(BENCH_HUGO_CORPUS),--corpus $(c)) \
		$(if $(filter-out 0 no,$(BENCH_LARGE)),--large) $(BENCH_HUGO_ARGS)
