#!/usr/bin/env bash
# dev-meta.sh — `xinwen meta` over the whole dev corpus: one record per file, exit 0, and a
# parsed date for every file whose front matter has a non-empty date line. Skips without data.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$root/../shared/data/corpus/dev
[ -d "$corpus" ] || { echo "SKIP dev-meta: $corpus not found"; exit 0; }
xinwen=${XINWEN:-$root/xinwen}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$xinwen" meta "$corpus" > "$out" || { echo "exit status $?"; exit 1; }
files=$(find "$corpus" -type f \( -name '*.md' -o -name '*.html' \) | wc -l)
records=$(wc -l < "$out")
with_date_line=$(find "$corpus" -type f \( -name '*.md' -o -name '*.html' \) -print0 |
    xargs -0 awk 'FNR == 1 { fm = 0; n = 0 } /^---/ { n++; next } n == 1 && /^date: *[^ ]/ { c++ } END { print c + 0 }' | awk '{ s += $1 } END { print s + 0 }')
with_date=$(grep -c '"date":"' "$out")
echo "files $files, records $records, front-matter dates $with_date_line, parsed dates $with_date"
[ "$records" -eq "$files" ] && [ "$with_date" -eq "$with_date_line" ] && [ "$files" -gt 0 ]
