# Makefile for xinwen — hand-written; dependencies through pkg-config.
#   make            build ./xinwen
#   make check      unit, golden and CLI tests, then the same under ASan+UBSan
#   make demo       install dependencies if needed, build, and run `xinwen summary` on seeds/
#   make deps       apt-get install the Debian packages the build needs
#   make bench      throughput figures (no verdicts)
#   GENERIC=1       builds build/generic/xinwen with only the plain C tagger kernels
#   make valgrind   the seeds and the hostile-input transcript under valgrind (build/valgrind/)
#   make lint       clang-tidy and cppcheck;  make format: clang-format in place
#   make fuzz       libFuzzer targets (clang), FUZZ_SECONDS=60 each; fuzz-NAME: one (fuzz/fuzz.mk)
#   make install / uninstall   honour PREFIX and DESTDIR
# SANITIZER=address,undefined builds an instrumented binary in build/<name>/.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DESTDIR    ?=
PKG_CONFIG ?= pkg-config
CC         ?= cc
SANITIZER  ?=
comma      := ,

PKGS       := yaml-0.1 libxml-2.0 libpcre2-32 libutf8proc
DEB_PKGS   := pkg-config libyaml-dev libxml2-dev libpcre2-dev libutf8proc-dev
TEST_PKGS  := jq

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

WARNINGS   := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wformat=2
CFLAGS     ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARNINGS) $(CFLAGS) -Iinclude -Idata $(PKG_CFLAGS) -MMD -MP
LDLIBS     := $(PKG_LIBS) -lpthread -lm

ifneq ($(GENERIC),)
# the plain C tagger kernels only, for measuring them (make bench)
BUILD := build/generic
BIN   := $(BUILD)/xinwen
ALL_CFLAGS += -DXINWEN_GENERIC_KERNELS
else ifneq ($(VALGRIND),)
# for make valgrind: no pcre2 JIT (valgrind cannot see into JIT code), plain C kernels
BUILD := build/valgrind
BIN   := $(BUILD)/xinwen
ALL_CFLAGS += -DXINWEN_NO_PCRE2_JIT -DXINWEN_GENERIC_KERNELS
else ifeq ($(SANITIZER),)
BUILD := build/release
BIN   := xinwen
else
BUILD := build/$(subst $(comma),-,$(SANITIZER))
BIN   := $(BUILD)/xinwen
ALL_CFLAGS += -fsanitize=$(SANITIZER) -fno-omit-frame-pointer -fno-sanitize-recover=all \
              -DXINWEN_GENERIC_KERNELS
LDFLAGS    += -fsanitize=$(SANITIZER)
endif
LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/lac_blob.o $(BUILD)/ner_layer_blob.o
MAIN_OBJ := $(BUILD)/main.o
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_OBJ := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%.o)
UNIT_BIN := $(BUILD)/unit-tests
TRAIN_BIN := $(BUILD)/train

.PHONY: all check test-suite valgrind demo deps bench lint format install uninstall clean check-pkgs fuzz

all: check-pkgs $(BIN)

check-pkgs:
	@$(PKG_CONFIG) --exists $(PKGS) || { \
	  echo "xinwen: missing build dependencies ($(PKGS)); run 'make deps' first" >&2; exit 1; }

$(BIN): $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The tagger's kernels are the hot loops: vectorised at -O3 whatever CFLAGS say.
$(BUILD)/ner_kernels.o: ALL_CFLAGS += -O3 -ffp-contract=fast # fused multiply-adds where the variant has them

# The model files are linked in by the assembler's .incbin (paths relative to this directory).
$(BUILD)/lac_blob.o: src/lac_blob.S data/lac_small.bin
	@mkdir -p $(@D)
	$(CC) -c -o $@ $<

$(BUILD)/ner_layer_blob.o: src/ner_layer_blob.S data/ner_layer.bin
	@mkdir -p $(@D)
	$(CC) -c -o $@ $<

$(BUILD)/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -c -o $@ $<

$(UNIT_BIN): $(LIB_OBJ) $(UNIT_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The NER layer's trainer (tools/train runs it).
$(BUILD)/tools/train.o: tools/train.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O3 -ffp-contract=off -c -o $@ $<

$(TRAIN_BIN): $(LIB_OBJ) $(BUILD)/tools/train.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The suite for one build; TEST_SUMMARY collects "passed failed" lines for check's total.
test-suite: all $(UNIT_BIN) $(TRAIN_BIN)
	@tests/run-all.sh "$(BIN)" "$(UNIT_BIN)" "$(TEST_SUMMARY)"

check:
	@rm -f build/check-summary
	@$(MAKE) --no-print-directory test-suite TEST_SUMMARY=$(CURDIR)/build/check-summary; \
	 $(MAKE) --no-print-directory test-suite SANITIZER=address,undefined \
	   TEST_SUMMARY=$(CURDIR)/build/check-summary; \
	 awk '{p += $$1; f += $$2} END {printf "%d passed, %d failed\n", p, f; exit (f > 0 || NR < 2)}' \
	   build/check-summary

valgrind:
	@$(MAKE) --no-print-directory VALGRIND=1 build/valgrind/xinwen
	@tests/valgrind.sh build/valgrind/xinwen

demo: deps all
	./xinwen summary seeds/

deps:
	@if $(PKG_CONFIG) --exists $(PKGS) 2>/dev/null && command -v jq >/dev/null; then \
	  echo "deps: all build and test dependencies present"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update && apt-get install -y --no-install-recommends gcc make $(DEB_PKGS) $(TEST_PKGS); \
	else \
	  echo "deps: run as root: apt-get install -y gcc make $(DEB_PKGS) $(TEST_PKGS)"; exit 1; \
	fi

bench: all
	@$(MAKE) --no-print-directory -s GENERIC=1 build/generic/xinwen
	@bench/bench-corpus
	@bench/bench-text
	@bench/bench-tag
	@bench/eval-ner
	@bench/eval-dates

lint:
	clang-tidy --quiet $(wildcard src/*.c) -- -std=c11 -D_GNU_SOURCE -Iinclude -Idata \
	  $(patsubst -I%,-isystem %,$(PKG_CFLAGS))
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --suppress=missingIncludeSystem --inline-suppr -Iinclude -D_GNU_SOURCE src

format:
	clang-format -i src/*.c include/*.h tests/unit/*.c tests/unit/*.h tools/*.c

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 xinwen $(DESTDIR)$(BINDIR)/xinwen
	install -m 644 man/xinwen.1 $(DESTDIR)$(MANDIR)/man1/xinwen.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/xinwen $(DESTDIR)$(MANDIR)/man1/xinwen.1

clean:
	rm -rf build xinwen

include fuzz/fuzz.mk

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(BUILD)/tools/train.d
