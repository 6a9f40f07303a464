#!/usr/bin/env bash
# accounting.sh — nothing lost: `xinwen articles -j2` over every file of the dev corpus plus the
# small hostile inputs of tests/cli/hostile.t (the folder it builds, kept) writes one record or one error line
# per input file, closes with "N articles, M errors" matching them, and every record parses as
# JSON; `meta -f tsv` keeps the header's field count on every line. With CORPUS_SAMPLE=N set
# (the sanitizer run), every Nth dev file only. Skips without the shared data.
set -u
cd "$(dirname "$0")/../.."
DEV=../shared/data/corpus/dev
[ -d "$DEV" ] || { echo "SKIP accounting: $DEV absent"; exit 0; }
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2> /dev/null; rm -rf "$tmp"' EXIT
find "$DEV" -type f \( -name '*.md' -o -name '*.html' -o -name '*.txt' \) | sort \
    | awk -v n="${CORPUS_SAMPLE:-1}" 'NR % n == 0' > "$tmp/files"
dev_files=$(wc -l < "$tmp/files")
HOSTILE_KEEP=$tmp/hostile tests/transcript.sh tests/cli/hostile.t > /dev/null
[ -d "$tmp/hostile" ] || { echo "tests/cli/hostile.t left no folder of hostile inputs"; exit 1; }
# every entry the walk of the hostile folder meets: files, symlinks (dangling or looping), FIFOs
hostile_files=$(find "$tmp/hostile" \( -type f -o -type l -o -type p \) -printf x | wc -c)
inputs=$((dev_files + hostile_files))
problems=0
problem() { echo "$*"; problems=$((problems + 1)); }

"$XINWEN" articles -j2 --files-from "$tmp/files" "$tmp/hostile" > "$tmp/out" 2> "$tmp/err"
status=$?
records=$(wc -l < "$tmp/out")
errors=$(grep -c '^xinwen: .*: ' "$tmp/err")
[ "$((records + errors))" -eq "$inputs" ] ||
    problem "inputs $inputs (dev $dev_files, hostile $hostile_files), records $records + errors $errors"
[ "$(tail -n 1 "$tmp/err")" = "$records articles, $errors errors" ] ||
    problem "closing line '$(tail -n 1 "$tmp/err")', want '$records articles, $errors errors'"
[ "$(grep -vc '^xinwen: .*: ' "$tmp/err")" -eq 1 ] || problem "stderr lines that are neither errors nor the count"
[ "$status" -eq $((errors > 0 ? 1 : 0)) ] || problem "exit status $status with $errors errors"
jq -c '.path' "$tmp/out" > /dev/null 2> "$tmp/jq" || problem "a record is not JSON: $(head -1 "$tmp/jq")"
[ "$(jq -s 'length' "$tmp/out" 2> /dev/null)" = "$records" ] || problem "records and JSON values differ"

"$XINWEN" meta -f tsv -j2 --files-from "$tmp/files" "$tmp/hostile" > "$tmp/tsv" 2> /dev/null
bad=$(awk -F '\t' 'NR == 1 { n = NF } NF != n { c++ } END { print c + 0 }' "$tmp/tsv")
[ "$bad" -eq 0 ] || problem "$bad TSV lines without the header's field count"
[ "$(($(wc -l < "$tmp/tsv") - 1))" -eq "$records" ] || problem "meta -f tsv rows differ from records"

echo "inputs $inputs (dev $dev_files, hostile $hostile_files): records $records, errors $errors"
[ "$problems" -eq 0 ]
