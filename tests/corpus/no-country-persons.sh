#!/usr/bin/env bash
# no-country-persons.sh — over the dev corpus, no person xinwen finds is named as a country:
# every person name is fed back to `xinwen tag` one per line, and none may come back as a
# country spanning the whole name (阿富汗 tagged as a person is what jieba does). With
# CORPUS_SAMPLE=N set (the sanitizer run), every Nth file only.
set -u
cd "$(dirname "$0")/../.."
DEV=../shared/data/corpus/dev
[ -d "$DEV" ] || { echo "SKIP no-country-persons: $DEV absent"; exit 0; }
names=$(mktemp)
files=$(mktemp)
trap 'rm -f "$names" "$files"' EXIT
find "$DEV" -type f \( -name '*.md' -o -name '*.html' -o -name '*.txt' \) | sort \
    | awk -v n="${CORPUS_SAMPLE:-1}" 'NR % n == 0' > "$files"
"$XINWEN" mentions -q -j2 --types person --files-from "$files" | cut -f3 | sort -u > "$names"
[ -s "$names" ] || { echo "no persons found in $DEV"; exit 1; }
bad=$("$XINWEN" tag < "$names" | jq -r 'select(.entities | length == 1)
    | .entities[0] | select(.type == "country" and .start == 0) | .text' | while read -r t; do
        grep -qxF "$t" "$names" && printf '%s\n' "$t"; done)
if [ -n "$bad" ]; then echo "persons named as countries: $bad"; exit 1; fi
echo "$(wc -l < "$names") person names, none a country"
