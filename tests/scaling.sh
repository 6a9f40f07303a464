#!/usr/bin/env bash
# scaling.sh — no quadratic behaviour on pathological inputs: for each shape, an input ten times
# larger may cost at most twenty times the CPU time (linear work costs about ten; quadratic a
# hundred). CPU time (user + system) is the least of three runs, so a busy machine does not
# decide the verdict; sizes are chosen so the small input takes tens of milliseconds at least.
# Skipped under the sanitizers and valgrind (XINWEN_TEST_SLOW), whose costs are not the
# program's. Prints one line per shape and "scaling: N passed, M failed".
set -u
XINWEN=${XINWEN:?XINWEN must name the binary under test}
if [ -n "${XINWEN_TEST_SLOW:-}" ]; then
    echo "SKIP scaling: timing is not meaningful in an instrumented build"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# repeat TEXT N: TEXT written N times, no newline
repeat() { yes -- "$1" | head -n "$2" | tr -d '\n'; }

# make SHAPE N: writes the input of that shape and size N to stdout
make_input() {
    case $1 in
    tagger-line) printf -- '---\ntitle: t\n---\n'; repeat 中国和美国的关系 "$2"; echo ;;
    country-dense) repeat 中国美国王毅日本李强法国张三 "$2"; echo ;;
    digits-line) printf -- '---\ntitle: t\n---\n'; repeat '2021年10月1日 ' "$2"; echo ;;
    ascii-line) printf -- '---\ntitle: t\n---\n'; repeat abcdefgh "$2"; echo ;;
    html-depth) printf '<html><body>'; repeat '<div>' "$2"; echo 王毅访问伊朗 ;;
    html-paragraphs) printf '<html><body>'; repeat '<p>中国' "$2" ;;
    html-unclosed) printf '<html><body>'; repeat '<b><i x="1 <span>中' "$2" ;;
    fm-line) printf -- '---\ntitle: '; repeat 中国 "$2"; printf '\n---\n正文\n' ;;
    fm-flow) printf -- '---\ntitle: t\n'; local open close
        open=$(repeat '[' 60) close=$(repeat ']' 60)
        seq "$2" | sed "s/.*/k&: $open$close/"; printf -- '---\nb\n' ;;
    fm-depth) printf -- '---\ntitle: '; repeat '[' "$2"; printf '\n---\n正文\n' ;;
    md-marks) printf -- '---\ntitle: t\n---\n'; repeat '*[`_<a' "$2"; echo ;;
    esac
}

# run FILE COMMAND [OPTION]...: xinwen on FILE (tag reads it on standard input)
run() {
    local file=$1
    shift
    if [ "$1" = tag ]; then "$XINWEN" "$@" < "$file"; else "$XINWEN" "$@" "$file"; fi
}

# cpu_time FILE ARGS...: the least user+system seconds of three runs of xinwen ARGS FILE
cpu_time() {
    local file=$1 best='' t
    shift
    for _ in 1 2 3; do
        t=$( { TIMEFORMAT='%U %S'; time run "$file" "$@" > /dev/null 2>&1; } 2>&1 |
            awk '{printf "%.3f", $1 + $2}')
        best=$(awk -v a="$best" -v b="$t" 'BEGIN {print (a == "" || b < a) ? b : a}')
    done
    printf '%s' "$best"
}

# shape, base size, command
while read -r shape n cmd; do
    make_input "$shape" "$n" > "$tmp/small"
    make_input "$shape" $((n * 10)) > "$tmp/big"
    small=$(cpu_time "$tmp/small" $cmd)
    big=$(cpu_time "$tmp/big" $cmd)
    ratio=$(awk -v s="$small" -v b="$big" 'BEGIN {printf "%.1f", b / (s > 0.001 ? s : 0.001)}')
    line=$(printf '%-16s %-9s %9d → %9d bytes  %6.3f → %7.3f s  ×%s' "$shape" "$cmd" \
        "$(stat -c %s "$tmp/small")" "$(stat -c %s "$tmp/big")" "$small" "$big" "$ratio")
    if awk -v r="$ratio" 'BEGIN {exit !(r <= 20)}'; then
        passed=$((passed + 1)); printf '  %s\n' "$line"
    else
        failed=$((failed + 1)); printf 'FAIL scaling %s (more than ×20)\n' "$line"
    fi
done << 'EOF'
tagger-line 400 articles
country-dense 2000 tag -j1
digits-line 300 articles
ascii-line 400 articles
html-depth 50000 text
html-paragraphs 100000 text
html-unclosed 30000 text
fm-line 200000 meta
fm-flow 1000 meta
fm-depth 100000 meta
md-marks 500000 text
EOF
printf 'scaling: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
