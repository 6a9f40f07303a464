#!/usr/bin/env bash
# train.sh — tools/train's trainer on the hand-written sentences in tests/train/: it reads both
# formats, splits by bucket, learns (loss falls, the file is written), is deterministic for a
# seed, and refuses bad input with a message naming the file. Usage: train.sh TRAIN_BINARY
# Prints one line per failure, then "train: N passed, M failed".
set -u
cd "$(dirname "$0")/.."
TRAIN=$1
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { # check NAME COMMAND…: passes when the command succeeds
    local name=$1
    shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL train: $name"; fi
}
bio=tests/train/sample.bio.txt
json=tests/train/sample.json
partial=tests/train/partial.json

# a linear layer, three epochs: reads both formats, prints loss and dev F1, writes the file.
# The BIO file's first 10 sentences are the CLUENER file's 10: as test sentences, they leave
# the training and dev parts.
"$TRAIN" --train "$bio@0-49" --dev "$bio@50-99" --test "$json" --epochs 3 \
    --patience 3 --seed 7 -o "$tmp/a.bin" > "$tmp/out" 2> "$tmp/err"
check "runs" test $? -eq 0
check "reads 10 CLUENER sentences" grep -q "sample.json: 10 sentences$" "$tmp/err"
check "reads BIO training sentences, less the test ones" \
    grep -q "sample.bio.txt@0-49: 5 sentences, 6 left out (also test sentences)$" "$tmp/err"
check "reads BIO dev sentences, less the test ones" \
    grep -q "sample.bio.txt@50-99: 5 sentences, 4 left out (also test or training sentences)$" "$tmp/err"
cp "$tmp/out" "$tmp/out.first"
check "prints loss and dev F1 per epoch" test "$(grep -c '^epoch [0-9]*  loss [0-9.]*  dev F1 [0-9.]*' "$tmp/out")" -eq 3
loss1=$(sed -n 's/^epoch 1  loss \([0-9.]*\).*/\1/p' "$tmp/out")
loss3=$(sed -n 's/^epoch 3  loss \([0-9.]*\).*/\1/p' "$tmp/out")
check "the loss falls" awk -v a="$loss1" -v b="$loss3" 'BEGIN { exit !(b < a) }'
check "scores the test set through the run-time tagger" \
    grep -q '^run-time tagger, test tests/train/sample.json: P' "$tmp/out"
check "writes an xinwen NER layer" test "$(head -c 7 "$tmp/a.bin")" = XWNER01

# xinwen tags with the file it wrote, without a rebuild (--model FILE; XINWEN: the binary
# run-all.sh tests, else the release one), and --version says what it was trained on
xinwen=${XINWEN:-./xinwen}
cut -f1 "$bio" | tr -d '\n' | sed 's/。/。\n/g' > "$tmp/text"
"$xinwen" tag --model "$tmp/a.bin" < "$tmp/text" > "$tmp/tagged" 2> "$tmp/err"
check "xinwen tag --model FILE runs" test $? -eq 0 -a ! -s "$tmp/err"
check "xinwen tag --model FILE: a record per line" test "$(wc -l < "$tmp/tagged")" -eq "$(wc -l < "$tmp/text")" -a -s "$tmp/text"
check "xinwen --model FILE --version: its training data" \
    grep -q '^ner layer: tools/train: train sample.bio.txt@0-49; dev sample.bio.txt@50-99; ' \
    <("$xinwen" --model "$tmp/a.bin" --version)

# the same seed gives the same file; another seed another
"$TRAIN" --train "$bio@0-49" --dev "$bio@50-99" --test "$json" --epochs 3 --patience 3 \
    --seed 7 -o "$tmp/b.bin" > /dev/null 2>&1
check "deterministic for a seed" cmp -s "$tmp/a.bin" "$tmp/b.bin"
"$TRAIN" --train "$bio@0-49" --dev "$bio@50-99" --test "$json" --epochs 3 --patience 3 \
    --seed 8 -o "$tmp/c.bin" > /dev/null 2>&1
check "another seed, another layer" test "$(cmp -s "$tmp/a.bin" "$tmp/c.bin"; echo $?)" -eq 1

# a moving average of the weights is scored and kept instead of the weights themselves
"$TRAIN" --train "$bio@0-49" --dev "$bio@50-99" --test "$json" --epochs 3 --patience 3 \
    --seed 7 --average 0.9 -o "$tmp/avg.bin" > "$tmp/avg.out" 2>&1
check "--average: the same training (losses)" cmp -s <(grep -o 'loss [0-9.]*' "$tmp/out.first") <(grep -o 'loss [0-9.]*' "$tmp/avg.out")
check "--average: another layer" test "$(cmp -s "$tmp/a.bin" "$tmp/avg.bin"; echo $?)" -eq 1
check "--average: the layer says so" grep -q ', average 0.9, seed 7; ' <("$xinwen" --model "$tmp/avg.bin" --version)
check "no --average: the layer says 0" grep -q ', average 0, seed 7; ' <("$xinwen" --model "$tmp/a.bin" --version)

# buckets split a file into parts that together hold every sentence once
"$TRAIN" --train "$bio@0-49" --train "$bio@50-99" --dev "$json" --epochs 1 > /dev/null 2> "$tmp/err"
lo=$(sed -n 's/.*sample.bio.txt@0-49: \([0-9]*\) sentences$/\1/p' "$tmp/err")
hi=$(sed -n 's/.*sample.bio.txt@50-99: \([0-9]*\) sentences$/\1/p' "$tmp/err")
check "buckets partition the sentences" test "$((${lo:-0} + ${hi:-0}))" -eq 20 -a "${lo:-0}" -gt 0 -a "${hi:-0}" -gt 0

# no sentence in two roles: test sentences leave training, test and training ones leave dev
"$TRAIN" --train "$bio" --dev "$bio@0-49" --test "$bio@0-49" --epochs 1 > /dev/null 2> "$tmp/err"
check "test sentences are left out of dev" grep -q "no dev sentences left" "$tmp/err"
"$TRAIN" --train "$bio" --dev "$json" --test "$bio@0-49" --epochs 1 > /dev/null 2> "$tmp/err"
check "test sentences are left out of training" \
    grep -q "sample.bio.txt: ${hi:-0} sentences, ${lo:-0} left out (also test sentences)$" "$tmp/err"
"$TRAIN" --train "$bio@0-49" --dev "$bio" --epochs 1 > /dev/null 2> "$tmp/err"
check "training sentences are left out of dev" \
    grep -q "sample.bio.txt: ${hi:-0} sentences, ${lo:-0} left out (also test or training sentences)$" "$tmp/err"

# retuning GRU layer 2 and a hidden layer, one epoch
"$TRAIN" --train "$bio@0-49" --dev "$bio@50-99" --epochs 1 --tune --hidden 64 -o "$tmp/d.bin" > "$tmp/out" 2>&1
check "--tune --hidden 64 runs" grep -q '^run-time tagger, dev: P' "$tmp/out"
check "--tune writes a tuned layer" test "$(od -An -tu4 -j40 -N4 "$tmp/d.bin" | tr -d ' ')" = 1
check "a layer reads LAC's tags by default" test "$(od -An -tu4 -j44 -N4 "$tmp/d.bin" | tr -d ' ')" = 0

# --no-lac-tags: a layer that reads none of LAC's own tags (the tagger then skips them)
"$TRAIN" --train "$bio@0-49" --dev "$bio@50-99" --epochs 1 --tune --hidden 64 --no-lac-tags \
    -o "$tmp/e.bin" > "$tmp/out" 2>&1
check "--no-lac-tags runs" grep -q '^run-time tagger, dev: P' "$tmp/out"
check "--no-lac-tags: the file says so" test "$(od -An -tu4 -j44 -N4 "$tmp/e.bin" | tr -d ' ')" = 1
check "--no-lac-tags: another layer" test "$(cmp -s "$tmp/d.bin" "$tmp/e.bin"; echo $?)" -eq 1
check "--no-lac-tags: --version says so" \
    grep -q 'GRU layer 2 retuned, no LAC tags, hidden 64' <("$xinwen" --model "$tmp/e.bin" --version)
"$xinwen" tag --model "$tmp/e.bin" < "$tmp/text" > "$tmp/tagged" 2> "$tmp/err"
check "--no-lac-tags: xinwen tag --model FILE runs" test $? -eq 0 -a ! -s "$tmp/err"
check "--no-lac-tags: a record per line" test "$(wc -l < "$tmp/tagged")" -eq "$(wc -l < "$tmp/text")"

# the gradient the trainer descends against central differences of its loss: linear, hidden
# layer, retuned GRU; and on partially annotated sentences (tests/train/partial.json first)
for layer in "" "--hidden 64" "--tune" "--tune --no-lac-tags"; do
    for first in "--train $json" "--train-partial $partial"; do
        # shellcheck disable=SC2086 # $layer and $first are words
        "$TRAIN" $first --train "$bio@0-49" --dev "$bio@50-99" $layer --check-gradient \
            > "$tmp/out" 2> "$tmp/err"
        check "gradient check ${layer:-linear}, ${first% *}: within 1%" test $? -eq 0
        check "gradient check ${layer:-linear}, ${first% *}: says so" \
            grep -q '^gradient check: [0-9]* parameters over 16 chunks' "$tmp/out"
    done
done

# --train-partial: O is not taken at its word where LAC finds a name the annotation leaves
# out (新华社, 俄罗斯 …) or inside an unscored CLUENER type (position 美国总统, book 《…》)
"$TRAIN" --train-partial "$partial" --dev "$bio@50-99" --epochs 2 --seed 7 -o "$tmp/p.bin" \
    > "$tmp/out" 2> "$tmp/err"
check "--train-partial runs" test $? -eq 0
unsure=$(sed -n 's/^train: \([0-9]*\) characters of partially annotated sentences may take any tag$/\1/p' "$tmp/err")
check "--train-partial: says how many characters may take any tag" test "${unsure:-0}" -gt 23
"$TRAIN" --train "$partial" --dev "$bio@50-99" --epochs 2 --seed 7 -o "$tmp/q.bin" \
    > "$tmp/out" 2> "$tmp/err"
check "--train: every O counts" test "$(grep -c 'may take any tag' "$tmp/err")" -eq 0
check "--train-partial: another layer than --train" test "$(cmp -s "$tmp/p.bin" "$tmp/q.bin"; echo $?)" -eq 1
check "--train-partial: the layer says so" \
    grep -q 'train partial.json (partial); dev' <("$xinwen" --model "$tmp/p.bin" --version)

# bad input: a message naming the file, exit status 2
expect_error() { # expect_error NAME MESSAGE ARGS…
    local name=$1 message=$2
    shift 2
    "$TRAIN" "$@" > /dev/null 2> "$tmp/err"
    local status=$?
    check "$name: status 2" test $status -eq 2
    check "$name: message" grep -qF -- "$message" "$tmp/err"
}
printf '王\tB-PER\n毅\n' > "$tmp/bad.bio"
expect_error "missing file" "train: $tmp/none.txt: No such file or directory" --train "$tmp/none.txt" --dev "$bio"
expect_error "line without a tag" "train: $tmp/bad.bio:2: expected a character and a tag" --train "$tmp/bad.bio" --dev "$bio"
printf '王\tX-PER\n' > "$tmp/bad.bio"
expect_error "unknown tag" "train: $tmp/bad.bio:1: unknown tag 'X-PER'" --train "$tmp/bad.bio" --dev "$bio"
printf '{"text": 1}\n' > "$tmp/bad.json"
expect_error "CLUENER line of another shape" "train: $tmp/bad.json:1: expected" --train "$tmp/bad.json" --dev "$bio"
printf '{"text": \n' > "$tmp/bad.json"
expect_error "CLUENER line not JSON" "train: $tmp/bad.json:1:" --train "$tmp/bad.json" --dev "$bio"
expect_error "bad bucket range" "bad bucket range in '$bio@50-20'" --train "$bio@50-20" --dev "$bio"
expect_error "no dev set" "give training and dev sentences" --train "$bio"
expect_error "dev set all training sentences" "no dev sentences left: all are test or training sentences" --train "$bio" --dev "$bio"
expect_error "training set all test sentences" "no training sentences left: all are test sentences" --train "$bio@0-49" --dev "$json" --test "$bio"
expect_error "bad hidden width" "--hidden must be a multiple of 64" --train "$bio" --dev "$bio" --hidden 100
expect_error "bad average" "bad value for --average" --train "$bio" --dev "$bio" --average 1
expect_error "unknown option" "unknown argument '--fast'" --fast

printf 'train: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
