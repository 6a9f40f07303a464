#!/usr/bin/env bash
# golden-dev.sh — compares `xinwen meta` and `xinwen text` on chosen dev-corpus files with the
# hashes recorded in tests/golden/dev.expected. With --record, prints each text for review
# and rewrites the expectations. Skips when ../shared/data is absent.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$root/../shared/data/corpus/dev/agora0+2110/_posts
[ -d "$corpus" ] || { echo "SKIP golden-dev: $corpus not found"; exit 0; }
xinwen=${XINWEN:-$root/xinwen}
list=$root/tests/golden/dev-files.txt
expected=$root/tests/golden/dev.expected
cd "$corpus" || exit 1
status=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
grep -v '^#' "$list" | while IFS= read -r name; do
    [ -n "$name" ] || continue
    meta=$("$xinwen" meta "$name" | sha256sum | cut -c1-64)
    text=$("$xinwen" text "$name" | sha256sum | cut -c1-64)
    chars=$("$xinwen" meta "$name" | sed -n 's/.*"chars":\([0-9]*\)}$/\1/p')
    printf '%s\t%s\t%s\t%s\n' "$name" "$chars" "$meta" "$text"
    if [ "${1:-}" = --record ]; then
        printf '==== %s\n' "$name" >&2
        "$xinwen" text "$name" >&2
    fi
done > "$out"
if [ "${1:-}" = --record ]; then
    cp "$out" "$expected"
    echo "recorded $(wc -l < "$expected") files"
    exit 0
fi
if ! diff "$expected" "$out" > /dev/null; then
    echo "golden-dev: output changed for:"
    diff "$expected" "$out" | sed -n 's/^> \([^\t]*\)\t.*/  \1/p'
    status=1
fi
exit $status
