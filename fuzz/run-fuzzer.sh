#!/usr/bin/env bash
# run-fuzzer.sh — runs one libFuzzer target for a while and prints one line of results.
# Usage: fuzz/run-fuzzer.sh NAME SECONDS (from the top folder, after make fuzz-build).
# The working corpus build/fuzz/corpus/NAME is seeded from fuzz/seeds/NAME and the project's
# own sample inputs; the full log is build/fuzz/fuzz_NAME.log. Exits 1 when the target crashed
# (or timed out, ran out of memory or leaked), printing the saved input's path.
set -u
cd "$(dirname "$0")/.."
name=$1
seconds=$2
bin=build/fuzz/fuzz_$name
corpus=build/fuzz/corpus/$name
crashes=build/fuzz/crashes/$name
log=build/fuzz/fuzz_$name.log
[ -x "$bin" ] || { echo "fuzz $name: $bin is not built (make fuzz-build)" >&2; exit 2; }
mkdir -p "$corpus" "$crashes"

# seeds: the committed ones, and inputs the tests already use
seed() { for f in "$@"; do [ -f "$f" ] && cp -f "$f" "$corpus/"; done; return 0; }
seed fuzz/seeds/"$name"/*
case $name in
frontmatter | html) seed seeds/*.txt tests/cli/data/*.md tests/cli/data/*.html \
    tests/cli/data/*.txt tests/cli/data/trad/*.md ;;
tag) seed seeds/*.txt tests/cli/data/tag-lines.txt ;;
dict) seed tests/cli/data/dict/*.tsv ;;
esac

options=(-max_total_time="$seconds" -print_final_stats=1 -timeout=20 -report_slow_units=20
    -rss_limit_mb=2048 -artifact_prefix="$crashes/")
case $name in
fm_dates) options+=(-max_len=128) ;;
dates) options+=(-max_len=1024) ;;
tag) options+=(-max_len=1024) ;; # fuzz_tag.c cuts inputs at 4096 bytes; 1024 runs 4 times as many
esac
[ -f fuzz/dicts/"$name".dict ] && options+=(-dict=fuzz/dicts/"$name".dict)

"$bin" "${options[@]}" "$corpus" > "$log" 2>&1
status=$?

stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
corp=$(printf '%s\n' "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
printf 'fuzz %-11s %10s execs  cov: %-5s ft: %-6s corpus: %-5s %6s exec/s\n' "$name" \
    "$(stat number_of_executed_units)" "${cov:-?}" "${ft:-?}" "${corp:-?}" \
    "$(stat average_exec_per_sec)"

# crash-, leak-, timeout- and oom- inputs are failures; slow-unit- ones are not
artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | grep -v '/slow-unit-' | tail -1)
if [ "$status" -ne 0 ] || [ -n "$artifact" ]; then
    echo "fuzz $name: FAILED (exit $status): ${artifact:-no input saved}; log: $log"
    grep -m1 -E '^SUMMARY: |fuzz check failed|ERROR: libFuzzer' "$log" | sed 's/^/  /'
    exit 1
fi
exit 0
