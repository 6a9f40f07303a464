#!/usr/bin/env bash
# transcript.sh — runs one CLI transcript file and prints "transcript: PASSED FAILED".
# Format: cases separated by blank lines; in each case
#   # comment            ignored
#   $ command            run with bash in tests/cli/, `xinwen` being the binary under test
#                        and $TMPDIR_T a scratch folder
#   > line               expected standard output, line by line (all of it)
#   ! line               expected standard error, line by line (all of it)
#   ~ text               standard output contains text (instead of exact > lines)
#   ? N                  expected exit status (default 0)
# A case passes when stdout, stderr and the exit status all match.
set -u
file=$1
cd "$(dirname "$file")"
file=$(basename "$file")
passed=0 failed=0
cmd='' want_out='' want_err='' want_status=0 contains=() line_no=0 case_line=0 has_out=0

run_case() {
    [ -z "$cmd" ] && return
    local got_out got_err got_status ok=1
    bash -c "$cmd" < /dev/null > "$TMPDIR_T/out" 2> "$TMPDIR_T/err"
    got_status=$?
    got_out=$(cat "$TMPDIR_T/out"; printf x); got_out=${got_out%x}
    got_err=$(cat "$TMPDIR_T/err"; printf x); got_err=${got_err%x}
    if [ "$has_out" = 1 ] && [ "$got_out" != "$want_out" ]; then ok=0; fi
    if [ "$got_err" != "$want_err" ]; then ok=0; fi
    if [ "$got_status" != "$want_status" ]; then ok=0; fi
    for c in "${contains[@]+"${contains[@]}"}"; do
        case "$got_out" in *"$c"*) ;; *) ok=0 ;; esac
    done
    if [ $ok = 1 ]; then passed=$((passed + 1)); else
        failed=$((failed + 1))
        printf 'FAIL %s:%d: %s\n' "$file" "$case_line" "$cmd"
        printf '  status: got %s, want %s\n' "$got_status" "$want_status"
        [ "$got_err" != "$want_err" ] && printf '  stderr got:\n%s\n  stderr want:\n%s\n' "$got_err" "$want_err"
        [ "$has_out" = 1 ] && [ "$got_out" != "$want_out" ] && printf '  stdout got:\n%s\n  stdout want:\n%s\n' "$(printf '%s' "$got_out" | head -20)" "$want_out"
    fi
    cmd='' want_out='' want_err='' want_status=0 contains=() has_out=0
}

TMPDIR_T=$(mktemp -d)
export TMPDIR_T
# `xinwen` is found on PATH (not a shell function), so that shells started by the commands
# themselves (script -c runs $SHELL, often /bin/sh) find it too.
bin_dir=$(mktemp -d)
ln -s "$XINWEN" "$bin_dir/xinwen"
PATH="$bin_dir:$PATH"
trap 'rm -rf "$TMPDIR_T" "$bin_dir"' EXIT
while IFS= read -r line || [ -n "$line" ]; do
    line_no=$((line_no + 1))
    case "$line" in
    '') run_case ;;
    '#'*) ;;
    '$ '*) run_case; cmd=${line#\$ }; case_line=$line_no ;;
    '> '*) has_out=1; want_out+="${line:2}"$'\n' ;;
    '>') has_out=1; want_out+=$'\n' ;;
    '! '*) want_err+="${line:2}"$'\n' ;;
    '!') want_err+=$'\n' ;;
    '~ '*) contains+=("${line#\~ }") ;;
    '? '*) want_status=${line#\? } ;;
    *) printf 'FAIL %s:%d: unrecognised line\n' "$file" "$line_no"; failed=$((failed + 1)) ;;
    esac
done < "$file"
run_case
printf 'transcript: %d %d\n' "$passed" "$failed"
