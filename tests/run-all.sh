#!/usr/bin/env bash
# run-all.sh — runs every test group against one build: unit tests, golden files, CLI
# transcripts and corpus checks. Usage: run-all.sh XINWEN UNIT_TESTS [SUMMARY_FILE]
# Prints one line per failure, then "LABEL: N passed, M failed"; appends "N M" to SUMMARY_FILE.
set -u
cd "$(dirname "$0")/.."
XINWEN=$(realpath "$1")
UNIT=$(realpath "$2")
SUMMARY=${3:-}
LABEL=$(dirname "${1}")
[ "$LABEL" = . ] && LABEL=release
export XINWEN
# corpus checks that tag the whole dev corpus take a sample under the sanitizers (slow)
[ "$LABEL" = release ] || export CORPUS_SAMPLE=40
# and transcripts with big generated inputs make them smaller there (valgrind.sh sets it too)
[ "$LABEL" = release ] || export XINWEN_TEST_SLOW=3 # also multiplies their hang timeouts
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }

# --- unit tests: the binary prints "unit: N passed, M failed"
unit_out=$("$UNIT" 2>&1)
printf '%s\n' "$unit_out" | grep -v '^unit:' | sed 's/^/  /'
read -r up uf < <(printf '%s\n' "$unit_out" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
if [ -z "${up:-}" ]; then fail "unit tests did not finish"; else
    passed=$((passed + up)); failed=$((failed + uf)); fi

# --- golden files, seeds: exact expected meta and text, checked by hand once
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for seed in seeds/*.txt; do
    name=$(basename "$seed" .txt)
    for cmd in meta text; do
        want=tests/golden/seeds/$name.$cmd
        "$XINWEN" "$cmd" "$seed" > "$tmp/got" 2> "$tmp/err"
        if cmp -s "$tmp/got" "$want"; then pass; else
            fail "golden $cmd $seed"; diff "$want" "$tmp/got" | head -10 | sed 's/^/  /'; fi
    done
done

# --- golden entity lists, seeds: every person, country, place and organisation, written by
# hand (tests/golden/entities/README.md); rows (type, name, country, role) must match exactly
for golden in tests/golden/entities/*.tsv; do
    seed=$(ls seeds/"$(basename "$golden" .tsv)"_*.txt)
    grep -v '^#' "$golden" | cut -f1-4 | sort > "$tmp/want"
    "$XINWEN" articles "$seed" 2> "$tmp/err" | jq -r '.entities | to_entries[]
        | select(.key != "date") | .key as $t | .value[]
        | [$t, .name, (.code // .country // "-"), (.role // "-")] | @tsv' | sort > "$tmp/got"
    if [ -s "$tmp/want" ] && cmp -s "$tmp/got" "$tmp/want"; then pass; else
        fail "golden entities $seed"; diff "$tmp/want" "$tmp/got" | head -10 | sed 's/^/  /'; fi
done

# --- golden files in tests/golden/*/: input.* with expected .meta and .text beside it
for input in tests/golden/cases/*.in.*; do
    [ -e "$input" ] || continue
    base=${input%.in.*}
    for cmd in meta text; do
        want=$base.$cmd
        [ -e "$want" ] || continue
        (cd "$(dirname "$input")" && "$XINWEN" "$cmd" "$(basename "$input")") > "$tmp/got" 2> "$tmp/err"
        if cmp -s "$tmp/got" "$want"; then pass; else
            fail "golden $cmd $input"; diff "$want" "$tmp/got" | head -10 | sed 's/^/  /'; fi
    done
done

# --- CLI transcripts
for t in tests/cli/*.t; do
    out=$(tests/transcript.sh "$t")
    status=$?
    printf '%s\n' "$out" | grep -v '^transcript:' | sed 's/^/  /'
    read -r tp tf < <(printf '%s\n' "$out" | sed -n 's/^transcript: \([0-9]*\) \([0-9]*\)$/\1 \2/p')
    if [ -z "${tp:-}" ] || { [ "$status" -ne 0 ] && [ "${tf:-0}" -eq 0 ]; }; then fail "transcript $t did not finish"; continue; fi
    passed=$((passed + tp)); failed=$((failed + tf))
done

# --- fuzz regressions: every saved input of each fuzz target through it (fuzz/replay.sh)
replay_out=$(fuzz/replay.sh "$(dirname "$UNIT")" 2>&1)
printf '%s\n' "$replay_out" | grep -v '^replay:' | sed 's/^/  /'
read -r rp rf < <(printf '%s\n' "$replay_out" | sed -n 's/^replay: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
if [ -z "${rp:-}" ]; then fail "fuzz replay did not finish"; else
    passed=$((passed + rp)); failed=$((failed + rf)); fi

# --- the NER layer's trainer (tools/train) on hand-written sentences, built beside the unit tests
out=$(tests/train.sh "$(dirname "$UNIT")/train" 2>&1)
printf '%s\n' "$out" | grep -v '^train:' | sed 's/^/  /'
read -r trp trf < <(printf '%s\n' "$out" | sed -n 's/^train: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
if [ -z "${trp:-}" ]; then fail "trainer tests did not finish"; else
    passed=$((passed + trp)); failed=$((failed + trf)); fi

# --- bench/eval-ner's own logic (data set names, buckets, which sentences a layer saw), which
# decides what a trained score may be reported on; it needs python3 (release only)
if [ "$LABEL" = release ]; then
    if ! command -v python3 > /dev/null; then echo "SKIP: bench/eval-ner --self-test (no python3)"
    elif out=$(bench/eval-ner --self-test 2>&1); then pass; else
        fail "bench/eval-ner --self-test"; printf '%s\n' "$out" | tail -10 | sed 's/^/  /'; fi
fi

# --- no quadratic behaviour on pathological inputs (CPU time of ×10 inputs; release only)
out=$(tests/scaling.sh)
printf '%s\n' "$out" | grep -v '^scaling:' | sed 's/^/  /'
read -r sp sf < <(printf '%s\n' "$out" | sed -n 's/^scaling: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
case "$out" in SKIP*) ;; *) if [ -z "${sp:-}" ]; then fail "scaling did not finish"; else
    passed=$((passed + sp)); failed=$((failed + sf)); fi ;; esac

# --- checks over the shared dev corpus (skipped when ../shared/data is absent)
for c in tests/corpus/*.sh; do
    out=$("$c" 2>&1)
    status=$?
    case "$out" in
    SKIP*) printf '  %s\n' "$out" ;;
    *) if [ $status -eq 0 ]; then pass; else fail "corpus check $c"; printf '%s\n' "$out" | head -20 | sed 's/^/  /'; fi ;;
    esac
done

printf '%s: %d passed, %d failed\n' "$LABEL" "$passed" "$failed"
[ -n "$SUMMARY" ] && printf '%d %d\n' "$passed" "$failed" >> "$SUMMARY"
[ "$failed" -eq 0 ]
