#!/usr/bin/env bash
# valgrind.sh — runs the seeds and the hostile-input transcript under valgrind (memcheck, full
# leak check) and passes when no run reports an error or a definite or indirect leak.
# Usage: valgrind.sh XINWEN (a build without pcre2 JIT: make valgrind builds one).
# Valgrind writes its reports to one log per process, so the transcripts' expected stderr is
# untouched; a report also turns the exit status into 99, which fails the transcript case.
set -u
cd "$(dirname "$0")/.."
real=$(realpath "$1")
command -v valgrind > /dev/null || { echo "valgrind: not installed (apt-get install valgrind)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/logs"
cat > "$tmp/xinwen" << EOF
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \\
    --errors-for-leak-kinds=definite,indirect --log-file="$tmp/logs/%p" "$real" "\$@"
EOF
chmod +x "$tmp/xinwen"
export XINWEN="$tmp/xinwen" XINWEN_TEST_SLOW=10 # smaller big inputs, ten times the hang timeouts
passed=0 failed=0

for cmd in meta text articles "articles --model trained" mentions summary "summary --partial" \
    "tag --ref 2021-10-01" "tag --model trained"; do
    if [ "${cmd%% *}" = tag ]; then
        cat seeds/*.txt | "$XINWEN" $cmd > /dev/null 2> "$tmp/err"
    else
        "$XINWEN" $cmd -j2 seeds/ > /dev/null 2> "$tmp/err"
    fi
    status=$?
    if [ $status -eq 0 ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); printf 'FAIL valgrind %s seeds/ (exit %d)\n' "$cmd" $status
        head -5 "$tmp/err"
    fi
done

for t in tests/cli/hostile.t; do
    out=$(tests/transcript.sh "$t")
    printf '%s\n' "$out" | grep -v '^transcript:' | sed 's/^/  /'
    read -r tp tf < <(printf '%s\n' "$out" | sed -n 's/^transcript: \([0-9]*\) \([0-9]*\)$/\1 \2/p')
    if [ -z "${tp:-}" ]; then failed=$((failed + 1)); printf 'FAIL %s did not finish\n' "$t"; continue; fi
    passed=$((passed + tp)); failed=$((failed + tf))
done

# every report, whatever process wrote it
for log in "$tmp"/logs/*; do
    [ -s "$log" ] || continue
    failed=$((failed + 1))
    printf 'FAIL valgrind report:\n'; head -30 "$log" | sed 's/^/  /'
done
printf 'valgrind: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
