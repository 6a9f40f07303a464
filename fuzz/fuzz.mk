# fuzz.mk — libFuzzer targets, one per parser (fuzz/fuzz_NAME.c); included by the Makefile.
#   make fuzz [FUZZ_SECONDS=60]  build every target with clang and run each for FUZZ_SECONDS,
#                                one after another; fails when any of them finds a crash
#   make fuzz-NAME               the same for one target: frontmatter fm_dates html dates tag
#                                dict merge
#   make fuzz-build              build the targets only: build/fuzz/fuzz_NAME
#   make fuzz-replay             replay fuzz/regressions/NAME/ and fuzz/seeds/NAME/ through each
#                                target built with $(CC) into this build ($(BUILD)/replay-NAME)
# The working corpora (build/fuzz/corpus/NAME) grow from run to run; crashes are written to
# build/fuzz/crashes/NAME/. Add each crash, minimised, to fuzz/regressions/NAME/ (fuzz/README.md).

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := frontmatter fm_dates html dates tag dict merge
FUZZ_DIR     := build/fuzz
FUZZ_SAN     := address,undefined
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE $(WARNINGS) -O2 -g -fno-omit-frame-pointer \
                -fno-sanitize-recover=all -DXINWEN_GENERIC_KERNELS -Iinclude -Idata \
                $(PKG_CFLAGS) -MMD -MP
FUZZ_INSTR   := -fsanitize=fuzzer-no-link,$(FUZZ_SAN)
FUZZ_LIB_OBJ := $(LIB_SRC:src/%.c=$(FUZZ_DIR)/lib/%.o) $(FUZZ_DIR)/lib/lac_blob.o \
                $(FUZZ_DIR)/lib/ner_layer_blob.o
FUZZ_OBJ     := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/obj/fuzz_%.o)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_RUNS    := $(FUZZ_TARGETS:%=fuzz-%)

# replay: the same targets, built with this build's compiler and objects, driven by replay.c
REPLAY_OBJ   := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%.o) $(BUILD)/fuzz/replay.o
REPLAY_BINS  := $(FUZZ_TARGETS:%=$(BUILD)/replay-%)

.PHONY: fuzz fuzz-build fuzz-replay $(FUZZ_RUNS)

fuzz: check-pkgs $(FUZZ_BINS)
	@failed=0; \
	 for t in $(FUZZ_TARGETS); do fuzz/run-fuzzer.sh $$t $(FUZZ_SECONDS) || failed=$$((failed + 1)); done; \
	 echo "fuzz: $(words $(FUZZ_TARGETS)) targets, $(FUZZ_SECONDS) s each, $$failed found a crash"; \
	 [ $$failed -eq 0 ]

$(FUZZ_RUNS): fuzz-%: check-pkgs $(FUZZ_DIR)/fuzz_%
	@fuzz/run-fuzzer.sh $* $(FUZZ_SECONDS)

fuzz-build: check-pkgs $(FUZZ_BINS)

$(FUZZ_DIR)/lib/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_INSTR) -c -o $@ $<

# The tagger's float kernels take 85% of the tag target's time even uninstrumented; instrumented
# they made it some fifty times slower (seconds an input). They are fixed-shape loops with no
# input-dependent branches to cover, so they are built as in the release build: -O3, no
# sanitizers or coverage, and with the CPU's vector variants (three times the generic kernels'
# speed). make check's sanitizer build still checks the generic ones.
$(FUZZ_DIR)/lib/ner_kernels.o: FUZZ_INSTR :=
$(FUZZ_DIR)/lib/ner_kernels.o: FUZZ_CFLAGS := $(filter-out -DXINWEN_GENERIC_KERNELS,$(FUZZ_CFLAGS)) \
                                              -O3 -ffp-contract=fast

$(FUZZ_DIR)/lib/lac_blob.o: src/lac_blob.S data/lac_small.bin
	@mkdir -p $(@D)
	$(FUZZ_CC) -c -o $@ $<

$(FUZZ_DIR)/lib/ner_layer_blob.o: src/ner_layer_blob.S data/ner_layer.bin
	@mkdir -p $(@D)
	$(FUZZ_CC) -c -o $@ $<

$(FUZZ_OBJ): $(FUZZ_DIR)/obj/%.o: fuzz/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Ifuzz -fsanitize=fuzzer,$(FUZZ_SAN) -c -o $@ $<

$(FUZZ_BINS): $(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/fuzz_%.o $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $^ $(LDLIBS)

$(REPLAY_OBJ): $(BUILD)/fuzz/%.o: fuzz/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ifuzz -c -o $@ $<

$(REPLAY_BINS): $(BUILD)/replay-%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/replay.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

fuzz-replay: check-pkgs $(REPLAY_BINS)
	@fuzz/replay.sh $(BUILD)

# the test suite replays them too (tests/run-all.sh runs fuzz/replay.sh)
test-suite: $(REPLAY_BINS)

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d) $(REPLAY_OBJ:.o=.d)
