# baokan: one hand-written Makefile, no configure step.
#
#   make site     build ./baokan and generate public/ from content/
#   make test     every test; the last line reads "N passed, N failed"
#   make asan     the same tests against a build with ASan+UBSan
#   make valgrind the generator under valgrind on content/
#
# Libraries come through pkg-config.  When they are missing, `make deps`
# installs them with apt-get (as root) or prints the one line to run.

CC      ?= cc
PKGS     = libcmark-gfm libxml-2.0 inih libxxhash
DEB_BUILD = build-essential pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev \
	    libxml2-dev libinih-dev libmimalloc-dev libxxhash-dev

WARN     = -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes \
	   -Wwrite-strings -Wshadow -Wvla -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) \
	     $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -MMD -MP
LDLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lpthread
# ./baokan takes its malloc from mimalloc (README: "Libraries"); the
# sanitizer build and build/baokan-plain, the one valgrind watches, keep
# the C library's, which those tools see into.
MALLOC   = -lmimalloc

BUILD   ?= build
# Quiet by default; make V=1 prints the commands.
Q        = $(if $(V),,@)
SRCS     = $(wildcard gen/*.c)
OBJS     = $(SRCS:gen/%.c=$(BUILD)/%.o)
LIBOBJS  = $(filter-out $(BUILD)/main.o,$(OBJS))
UNITS    = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all site test test-deps units asan asan-units valgrind deps clean

all: baokan

# The stamp records that the libraries were found once; delete it to check again.
$(BUILD)/.deps-ok:
	@$(MAKE) --no-print-directory deps
	@mkdir -p $(BUILD) && touch $@

deps:
	@if pkg-config --exists $(PKGS) && [ -f /usr/include/cmark-gfm-core-extensions.h ] && \
	    [ -f /usr/include/mimalloc.h ]; then \
		echo "deps: $(PKGS) found"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "deps: installing $(DEB_BUILD)"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(DEB_BUILD); \
	else \
		echo "deps: missing libraries; run:"; \
		echo "  sudo apt-get install $(DEB_BUILD)"; exit 1; \
	fi

# Tools the tests run, as command:Debian-package; a tool already on PATH
# (node from elsewhere, say) is not installed again.
TEST_TOOLS = python3:python3 node:nodejs npm:npm chromium:chromium valgrind:valgrind \
	     firefox-esr:firefox-esr fc-list:fontconfig

test-deps: $(BUILD)/.deps-ok
	@missing=""; for t in $(TEST_TOOLS); do command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; done; \
	fc-list 2>/dev/null | grep -q "Noto.*CJK" || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
		else echo "test-deps: run: sudo apt-get install$$missing"; exit 1; fi; \
	fi
	@[ -d tests/browser/node_modules/playwright-core ] && [ -d tests/browser/node_modules/puppeteer-core ] || (cd tests/browser && npm ci --no-audit --no-fund --silent)

baokan: $(BUILD)/.deps-ok $(OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LDLIBS) $(MALLOC)

$(BUILD)/baokan-plain: $(BUILD)/.deps-ok $(OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: gen/%.c | $(BUILD)/.deps-ok
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Igen -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJS)
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -Igen -o $@ $< $(LIBOBJS) $(LDLIBS)

units: $(UNITS)

site: baokan
	./baokan build

# make test: the suite against the optimised build, then the unit tests,
# the parser regressions and the end-to-end tests again against an
# ASan+UBSan build (build-asan/), then the generator under valgrind
# (tests/all.sh adds the phases up into one closing line).
test: baokan $(BUILD)/baokan-plain units test-deps asan-units
	@sh tests/all.sh

SAN = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

asan-units: $(BUILD)/.deps-ok
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(SAN)" build-asan/baokan units >/dev/null

asan: asan-units
	@TZ=UTC LC_ALL=C.UTF-8 BUILD=build-asan BAOKAN=./build-asan/baokan SUITE=sanitizers sh tests/run.sh

build-asan/baokan: $(OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LDLIBS)

valgrind: $(BUILD)/baokan-plain
	@TZ=UTC LC_ALL=C.UTF-8 BAOKAN=$(BUILD)/baokan-plain sh tests/valgrind.sh

clean:
	rm -rf build build-asan baokan public public.staging public.old .baokan-cache bench/out

-include $(OBJS:.o=.d)

# Benchmarks (never part of make test): make bench, see bench/README.md.
include bench/bench.mk
include bench/pathological.mk
include bench/search.mk
include bench/hugo.mk
include tests/fuzz/fuzz.mk
