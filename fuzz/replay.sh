#!/usr/bin/env bash
# replay.sh — runs every saved input of every fuzz target through it, one process per input:
# fuzz/regressions/NAME/* (crashes the fuzzers found, kept as tests) and fuzz/seeds/NAME/*.
# Usage: fuzz/replay.sh BUILD_DIR (holding replay-NAME, made by make fuzz-replay).
# Prints "FAIL ..." per failing input, then "replay: N passed, M failed"; exit 1 on failures.
set -u
cd "$(dirname "$0")/.."
build=$1
passed=0 failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for dir in fuzz/regressions/* fuzz/seeds/*; do
    name=$(basename "$dir")
    bin=$build/replay-$name
    for input in "$dir"/*; do
        [ -f "$input" ] || continue
        if [ ! -x "$bin" ]; then
            failed=$((failed + 1))
            printf 'FAIL %s: %s is not built\n' "$input" "$bin"
        elif { "$bin" "$input" > "$out" 2>&1; } 2> /dev/null; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            printf 'FAIL replay %s\n' "$input"
            grep -m3 -E 'ERROR|SUMMARY|runtime error|fuzz check failed' "$out" | sed 's/^/  /'
        fi
    done
done
printf 'replay: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
