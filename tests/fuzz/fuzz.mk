# tests/fuzz/fuzz.mk: `make fuzz`, libFuzzer targets built with clang.
# Included from the Makefile (`include tests/fuzz/fuzz.mk`); without that
# line: make -f Makefile -f tests/fuzz/fuzz.mk fuzz
#
#   make fuzz                       build every target, run each FUZZ_SECONDS
#   make fuzz FUZZ_SECONDS=600 FUZZ_TARGETS="issue fix"
#   make fuzz-build                 only build (build-fuzz/fuzz-TARGET)
#   make fuzz-replay                the crash inputs and seeds, no libFuzzer
#
# Targets (tests/fuzz/fuzz_TARGET.c): issue (issue_read_mem + seg_cut with
# the gazetteer and topics + JSON), frontmatter (front matter and ids from
# file names), conf (site.conf), fix (sidecar corrections through seg_cut),
# tmpl (template loading and rendering).  The gen objects are compiled
# again with clang into build-fuzz/ with ASan, UBSan and coverage.  Seed
# corpora are made at run time from content/, tests/regress/, site.conf
# and templates/ (tests/fuzz/seeds.sh), never committed; the corpus the
# fuzzer grows is kept in build-fuzz/corpus/TARGET/ between runs.  A crash
# is written to build-fuzz/crash/TARGET/: once fixed, copy it to
# tests/fuzz/regress/TARGET/, which `make test` replays (tests/fuzz/replay.sh).

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= issue frontmatter conf fix tmpl
FUZZ_BUILD    = build-fuzz
FUZZ_SAN      = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
		-fno-sanitize-recover=undefined
# -Werror off: clang warns about other things than gcc, and a warning in
# someone's work in progress should not stop a fuzzing run.
FUZZ_CFLAGS   = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
		$(filter-out -Werror,$(WARN)) $(FUZZ_SAN) \
		$(shell pkg-config --cflags $(PKGS) 2>/dev/null) -MMD -MP
FUZZ_OBJS     = $(filter-out $(FUZZ_BUILD)/main.o,$(SRCS:gen/%.c=$(FUZZ_BUILD)/%.o))

.PHONY: fuzz fuzz-build fuzz-seeds fuzz-replay
# The clang objects are kept between runs (make would delete them as
# intermediate files of the pattern rules).
.SECONDARY: $(FUZZ_OBJS)

$(FUZZ_BUILD)/%.o: gen/%.c | $(BUILD)/.deps-ok
	@mkdir -p $(@D)
	@echo "  CLANG   $<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Igen -c -o $@ $<

$(FUZZ_BUILD)/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJS)
	@echo "  FUZZ    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Igen -o $@ $< \
		$(FUZZ_OBJS) $(LDLIBS)

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz-%)

fuzz-seeds:
	@sh tests/fuzz/seeds.sh $(FUZZ_BUILD)/seed $(FUZZ_TARGETS)

# Each target runs FUZZ_SECONDS on its grown corpus plus the seeds, with
# its dictionary if there is one; the closing statistics line of each is
# printed (executions, coverage).  A crash stops `make fuzz` with status 1.
fuzz: fuzz-build fuzz-seeds
	@st=0; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/crash/$$t; \
		dict=""; [ -f tests/fuzz/$$t.dict ] && dict="-dict=tests/fuzz/$$t.dict"; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		BAOKAN_TOP=$(CURDIR) ASAN_OPTIONS=detect_leaks=1 \
		$(FUZZ_BUILD)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-max_len=65536 -timeout=20 -rss_limit_mb=4096 $$dict \
			-artifact_prefix=$(FUZZ_BUILD)/crash/$$t/ \
			$(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/seed/$$t \
			>$(FUZZ_BUILD)/$$t.log 2>&1 || st=1; \
		grep -E '^#[0-9]+.*(DONE|pulse|REDUCE|NEW)' $(FUZZ_BUILD)/$$t.log | tail -n 1; \
		grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $(FUZZ_BUILD)/$$t.log; \
		grep -E 'ERROR|SUMMARY|Test unit written' $(FUZZ_BUILD)/$$t.log | head -n 5; \
	done; exit $$st

fuzz-replay: asan-units
	@BUILD=build-asan sh tests/fuzz/replay.sh

-include $(FUZZ_OBJS:.o=.d)
