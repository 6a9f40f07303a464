#!/usr/bin/env bash
# dev-text.sh — `xinwen text` over the whole dev corpus exits 0 and its output holds no HTML
# tags, no script code, no paywall or subscription links and no entity references.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$root/../shared/data/corpus/dev
[ -d "$corpus" ] || { echo "SKIP dev-text: $corpus not found"; exit 0; }
xinwen=${XINWEN:-$root/xinwen}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$xinwen" text -j2 "$corpus" > "$out" || { echo "exit status $?"; exit 1; }
bad=0
check() { # label, extended regex that must not match
    local n
    n=$(grep -Ec "$2" "$out")
    if [ "$n" -gt 0 ]; then echo "$1: $n lines, e.g.:"; grep -E -m3 "$2" "$out" | cut -c1-120; bad=1; fi
}
check "HTML tags" '<(/?(p|div|span|a|img|br|script|style|iframe|section|picture|source|figure|strong|em|b|i|ul|li|h[1-6])\b[^>]*>|!--)'
check "script code" 'function *\(|window\.|document\.|getElementsBy|\bvar [a-z]+ *='
check "paywall links" 'subscribe\.|paywall|zbpe-3-months|utm_campaign'
check "entities" '&(amp|lt|gt|quot|nbsp|#[0-9]+);'
exit $bad
