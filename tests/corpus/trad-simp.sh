#!/usr/bin/env bash
# trad-simp.sh — RTHK and CNA articles of the dev corpus (traditional script) give the same
# canonical entities as their simplified conversion by OpenCC. Skips without the data or opencc.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
posts=$root/../shared/data/corpus/dev/agora0+2110/_posts
[ -d "$posts" ] || { echo "SKIP trad-simp: $posts not found"; exit 0; }
command -v opencc > /dev/null || { echo "SKIP trad-simp: opencc not installed"; exit 0; }
xinwen=${XINWEN:-$root/xinwen}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
checked=0
for f in $(cd "$posts" && ls | grep -E -- '-(RTHK|CNA)-' | sed -n '1~40p'); do
    opencc -c t2s < "$posts/$f" > "$tmp/simplified.${f##*.}"
    a=$("$xinwen" articles "$posts/$f" | jq -c '[.entities | to_entries[] | .value[] | [.name, .count]] | sort')
    b=$("$xinwen" articles "$tmp/simplified.${f##*.}" | jq -c '[.entities | to_entries[] | .value[] | [.name, .count]] | sort')
    checked=$((checked + 1))
    if [ "$a" != "$b" ]; then
        echo "differs: $f"
        status=1
    fi
done
echo "trad-simp: $checked files compared"
[ "$checked" -gt 0 ] && exit $status
