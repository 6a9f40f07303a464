#!/usr/bin/env bash
# summary-merge.sh — map/reduce is exact on the dev corpus: its files split at random into k
# shards, each summarised with `summary --partial`, merged with `merge`, give byte for byte the
# summary of one run (text, JSON, TSV, and the partial state itself; with and without --by).
# --by month runs on every 5th file (each pass tags its files again); with CORPUS_SAMPLE=N set
# (the sanitizer run), every Nth file only. Skips without the data.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
dev=$root/../shared/data/corpus/dev
[ -d "$dev" ] || { echo "SKIP summary-merge: $dev not found"; exit 0; }
xinwen=${XINWEN:-$root/xinwen}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$dev" -type f \( -name '*.md' -o -name '*.html' -o -name '*.txt' \) | sort \
    | awk -v n="${CORPUS_SAMPLE:-1}" 'NR % n == 0' > "$tmp/files"
seed=${SUMMARY_MERGE_SEED:-$(date +%s)}
status=0
for by in none month; do
    opts=()
    files=$tmp/files
    if [ "$by" != none ]; then
        opts=(--by "$by")
        awk 'NR % 5 == 0' "$tmp/files" > "$tmp/files.by"
        files=$tmp/files.by
    fi
    k=$((2 + seed % 5))
    rm -f "$tmp"/shard.* "$tmp"/state.*
    awk -v s="$seed" -v k="$k" -v dir="$tmp" 'BEGIN {srand(s)} {print > (dir "/shard." int(rand() * k))}' \
        "$files"
    for f in "$tmp"/shard.*; do
        "$xinwen" summary -q "${opts[@]}" --partial --files-from "$f" > "${f/shard/state}" || status=1
    done
    "$xinwen" summary -q "${opts[@]}" --partial --files-from "$files" > "$tmp/whole.partial" || status=1
    "$xinwen" merge --partial "$tmp"/state.* > "$tmp/merged.partial" || status=1
    cmp -s "$tmp/whole.partial" "$tmp/merged.partial" || { echo "partial differs (--by $by, seed $seed, k $k)"; status=1; }
    for fmt in text json tsv; do
        # the report of the one-run state, and of the merged shards
        "$xinwen" merge -f "$fmt" --top 50 "$tmp/whole.partial" > "$tmp/whole.$fmt"
        "$xinwen" merge -f "$fmt" --top 50 "$tmp"/state.* > "$tmp/merged.$fmt"
        cmp -s "$tmp/whole.$fmt" "$tmp/merged.$fmt" || { echo "$fmt differs (--by $by, seed $seed, k $k)"; status=1; }
    done
    # and the report of a state is the summary's own output (on the smaller run)
    [ "$by" = none ] || "$xinwen" summary -q "${opts[@]}" -f json --files-from "$files" \
        | cmp -s - <("$xinwen" merge -f json "$tmp/whole.partial") \
        || { echo "summary -f json differs from merge of its state (--by $by)"; status=1; }
    seed=$((seed + 1))
done
echo "summary-merge: $(wc -l < "$tmp/files") files, seed $seed"
exit $status
