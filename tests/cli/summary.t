# summary and merge: the corpus view. Counts are checked against what `articles` reports for
# the same files, so the expected values come from another command, not from this one.

# the overview line: articles and their first and last day (in +08:00)
$ xinwen summary ../../seeds | head -1
> 5 articles, 2021-06-04 to 2022-01-15

# every entity's mentions and articles equal the sums over the articles' own entity lists
$ xinwen articles ../../seeds | jq -r '.entities | to_entries[] | .key as $t | .value[] | [$t, .name, .count] | @tsv' | awk -F'\t' '{m[$1 "\t" $2] += $3; a[$1 "\t" $2]++} END {for (k in m) print k "\t" m[k] "\t" a[k]}' | sort > "$TMPDIR_T/want"; xinwen summary --top 0 -f json ../../seeds | jq -r '.entities | to_entries[] | .key as $t | .value.top[] | [$t, .name, .mentions, .articles] | @tsv' | sort > "$TMPDIR_T/got"; cmp "$TMPDIR_T/want" "$TMPDIR_T/got" && wc -l < "$TMPDIR_T/got"
> 77

# person-country pairs: the number of articles naming both, from the articles' entity lists
$ xinwen articles --types person,country ../../seeds | jq -r '[.entities.person[].name] as $p | [.entities.country[].name] as $c | $p[] as $x | $c[] as $y | [$x, $y] | @tsv' | sort | uniq -c | awk '{print $2 "\t" $3 "\t" $1}' | sort > "$TMPDIR_T/want"; xinwen summary --top 0 -f json ../../seeds | jq -r '.pairs["person-country"].top[] | [.a, .b, .articles] | @tsv' | sort > "$TMPDIR_T/got"; cmp "$TMPDIR_T/want" "$TMPDIR_T/got" && wc -l < "$TMPDIR_T/got"
> 67

# same-type pairs are unordered: each pair once, its names in byte order
$ xinwen summary --top 0 -f json ../../seeds | jq -r '.pairs["person-person", "country-country"].top[] | if .a < .b then "ok" else "bad \(.a) \(.b)" end' | sort | uniq -c | sed 's/^ *//'
> 59 ok

# the most mentioned first; a person's most frequent title and country; first and last days
$ xinwen summary -f json ../../seeds | jq -c '.entities.person.top[0], .entities.country.top[0], .sources.top[0], .months[0]'
> {"name":"王毅","mentions":31,"articles":5,"country":"CN","role":"国务委员兼外长","first":"2021-06-04","last":"2022-01-15"}
> {"name":"伊朗","mentions":74,"articles":3,"code":"IR","first":"2021-09-04","last":"2022-01-15"}
> {"name":"联合早报","articles":3}
> {"month":"2021-06","articles":1}

# --top cuts every table but months; total still counts them all
$ xinwen summary --top 2 -f json ../../seeds | jq -c '[.entities[] | [(.top | length), .total]], (.months | length), [.pairs[] | .top | length]'
> [[2,13],[2,9],[2,12],[2,14],[2,29]]
> 5
> [2,2,2]

# --types: only those tables, and only the pairs of those types
$ xinwen summary --types country -f json ../../seeds | jq -c '[.entities | keys[]], [.pairs | keys[]]'
> ["country"]
> ["country-country"]

# --since and --until select articles by their day in --tz; whole months and years
$ xinwen summary --since 2021-09 --until 2021-10 -f json ../../seeds | jq -c '[.articles, .first, .last]'
> [2,"2021-09-04","2021-10-26"]

$ xinwen summary --since 2021-09-04 --until 2021-09-04 -f json ../../seeds | jq -c '[.articles, .first]'
> [1,"2021-09-04"]

$ xinwen summary --tz UTC --since 2021-09-04 --until 2021-09-04 -f json ../../seeds | jq -c '.articles'
> 0

# articles without a date are counted as undated, and left out by --since
$ xinwen summary -f json data/good.md data/plain.txt data/nofm.md | jq -c '[.articles, .undated, .first]'
> [3,2,"2021-10-01"]

$ xinwen summary --since 2000 -f json data/good.md data/plain.txt data/nofm.md | jq -c '[.articles, .undated]'
> [1,0]

$ xinwen summary --since 2021-13 ../../seeds
! xinwen: --since needs a date such as 2021, 2021-09 or 2021-09-03, not '2021-13'
! Try 'xinwen --help' for more information.
? 2

$ xinwen summary --since 2022 --until 2021 ../../seeds
! xinwen: --since 2022-01-01 is after --until 2021-12-31
! Try 'xinwen --help' for more information.
? 2

# --since also selects the records of the per-article commands
$ xinwen meta --since 2021-10-26 --until 2021-11 -f tsv ../../seeds | cut -f2 | tail -n +2
> 2021-10-26T02:46:19.525+00:00
> 2021-11-07T08:40:12.433+00:00

# --by month: one group per month in time order; undated articles form the last group
$ xinwen summary --by month -f json ../../seeds data/plain.txt | jq -c '[.groups[] | [.key, .articles]], .articles'
> [["2021-06",1],["2021-09",1],["2021-10",1],["2021-11",1],["2022-01",1],[null,1]]
> 6

# --by source: the groups' tables add up to the whole corpus's
$ xinwen summary --top 0 --by source -f json ../../seeds | jq '[.groups[].entities.country.top[].mentions] | add'; xinwen summary --top 0 -f json ../../seeds | jq '[.entities.country.top[].mentions] | add'
> 243
> 243

$ xinwen summary --by week ../../seeds
! xinwen: --by takes source, month or year, not 'week'
! Try 'xinwen --help' for more information.
? 2

# TSV: a header, then one row of ten fields per table and key
$ xinwen summary -f tsv --by year ../../seeds | awk -F'\t' '{print NF}' | sort -u; xinwen summary -f tsv --by year ../../seeds | cut -f1,2 | sort -u | head -4
> 10
> 	corpus
> 2021	corpus
> 2021	country
> 2021	country-country

# failed inputs are reported, counted in the summary, and set the exit status
$ xinwen summary -q -f json data/good.md data/badyaml.md data/binary.md 2>/dev/null | jq -c '[.articles, .errors]'
> [1,2]

$ xinwen summary -q data/good.md data/binary.md > /dev/null
! xinwen: data/binary.md: binary file (PNG image)
? 1

# text tables: every row of a table has the same display width (CJK characters two columns),
# and no line is wider than COLUMNS
$ COLUMNS=200 xinwen summary ../../seeds | awk '/^Persons/ {on = 1; next} /^$/ {on = 0} on && NR > 1' | tail -n +2 | while IFS= read -r l; do printf '%s\n' "$l" | LC_ALL=C.UTF-8 wc -L; done | sort -u
> 86

# a narrow terminal: the least needed columns dropped before names are cut
$ COLUMNS=50 xinwen summary ../../seeds | LC_ALL=C.UTF-8 wc -L | awk '{print ($1 <= 50 ? "fits" : "too wide: " $1)}'; COLUMNS=50 xinwen summary ../../seeds | grep -A2 '^Persons'
> fits
> Persons (13)
>   name           mentions  articles  country
>   王毅                 31         5  CN

# colour only when asked or on a terminal, and never with NO_COLOR
$ xinwen summary ../../seeds | grep -c $'\e' ; xinwen summary --color always ../../seeds | grep -c $'\e\\[1m'
> 0
> 11

$ script -qec 'xinwen summary ../../seeds 2>/dev/null' /dev/null | grep -c $'\e\\[1m'; NO_COLOR=1 script -qec 'xinwen summary ../../seeds 2>/dev/null' /dev/null | grep -c $'\e'
> 11
> 0
? 1

# escape sequences from the articles never reach the terminal
$ printf -- '---\nsource: "\\e[31mred"\ndate: 2021-10-01\n---\n王毅访问伊朗。\n' > "$TMPDIR_T/esc.md"; xinwen summary --color never "$TMPDIR_T/esc.md" | grep -c $'\e'; xinwen summary --color never "$TMPDIR_T/esc.md" | grep -c '\[31mred'
> 0
> 1

# the progress line: on a terminal's stderr only (the delay set to 0 for the test), erased
$ XINWEN_PROGRESS_DELAY_MS=0 script -qec 'xinwen summary ../../seeds > /dev/null' /dev/null | grep -c 'xinwen: [0-9]* \(of 5 \)\?files, .* articles/s'
> 1

$ XINWEN_PROGRESS_DELAY_MS=0 xinwen summary ../../seeds 2>&1 >/dev/null | wc -c
> 0

$ XINWEN_PROGRESS_DELAY_MS=0 script -qec 'xinwen summary -q ../../seeds > /dev/null' /dev/null | wc -c
> 0

# ---- merge: exact map/reduce over shards

# random splits into k shards (several seeds and k): the merged partial states give the same
# bytes as one run, in every format and as a partial state again
$ ls -d ../../seeds/*.txt data/good.md data/plain.txt data/folder/b.md data/folder/sub/c.html data/enc/big5.md data/trad/traditional.md data/binary.md > "$TMPDIR_T/files"; for seed in 1 2 3; do for k in 2 3 5; do rm -f "$TMPDIR_T"/shard.* "$TMPDIR_T"/state.*; awk -v s=$seed -v k=$k 'BEGIN {srand(s)} {print > (ENVIRON["TMPDIR_T"] "/shard." int(rand() * k))}' "$TMPDIR_T/files"; for f in "$TMPDIR_T"/shard.*; do xinwen summary -q --partial --files-from "$f" > "${f/shard/state}" 2>/dev/null; done; for fmt in text json tsv; do xinwen summary -q -f $fmt --files-from "$TMPDIR_T/files" > "$TMPDIR_T/whole" 2>/dev/null; xinwen merge -f $fmt "$TMPDIR_T"/state.* > "$TMPDIR_T/merged"; cmp -s "$TMPDIR_T/whole" "$TMPDIR_T/merged" && echo same || echo "differs: seed $seed, k $k, $fmt"; done; xinwen summary -q --partial --files-from "$TMPDIR_T/files" > "$TMPDIR_T/whole" 2>/dev/null; xinwen merge --partial "$TMPDIR_T"/state.* > "$TMPDIR_T/merged"; cmp -s "$TMPDIR_T/whole" "$TMPDIR_T/merged" && echo same || echo "differs: seed $seed, k $k, partial"; done; done | sort | uniq -c | sed 's/^ *//'
> 36 same

# with --by, and the states' lines shuffled together into one stream (as Hadoop sorts them)
$ xinwen summary --by source --partial ../../seeds/00[0-2]* > "$TMPDIR_T/a"; xinwen summary --by source --partial ../../seeds/00[3-4]* > "$TMPDIR_T/b"; cat "$TMPDIR_T/a" "$TMPDIR_T/b" | sort | xinwen merge -f json - > "$TMPDIR_T/merged"; xinwen summary --by source -f json ../../seeds | cmp - "$TMPDIR_T/merged" && echo same
> same

# merging merged states again changes nothing
$ xinwen summary --partial ../../seeds/00[0-2]* > "$TMPDIR_T/a"; xinwen summary --partial ../../seeds/00[3-4]* > "$TMPDIR_T/b"; xinwen merge --partial "$TMPDIR_T/a" "$TMPDIR_T/b" > "$TMPDIR_T/ab"; xinwen merge --partial "$TMPDIR_T/ab" | cmp - "$TMPDIR_T/ab" && echo same
> same

# a file that is not a state is reported and left out; the rest is merged
$ xinwen summary --partial ../../seeds > "$TMPDIR_T/a"; xinwen merge -f json "$TMPDIR_T/a" data/good.md > "$TMPDIR_T/m"; s=$?; jq .articles "$TMPDIR_T/m"; exit $s
> 5
! xinwen: data/good.md: line 1: not JSON (invalid number at byte 2)
! 1 states merged, 1 errors
? 1

$ printf '{"xinwen":"summary-partial","version":1,"by":"none","types":"person","since":null,"until":null,"tz":480}\n{"type":"person","name":"x","mentions":-1,"articles":1}\n' > "$TMPDIR_T/bad"; cd "$TMPDIR_T"; xinwen merge -q bad nowhere.state
! xinwen: bad: line 2: needs a count (an integer of 0 or more) "mentions"
! xinwen: nowhere.state: cannot open: No such file or directory
? 1

# states made with other settings do not merge
$ xinwen summary --partial ../../seeds/000* > "$TMPDIR_T/a"; xinwen summary --by month --partial ../../seeds/001* > "$TMPDIR_T/b"; xinwen merge -q "$TMPDIR_T/a" "$TMPDIR_T/b" > /dev/null 2> "$TMPDIR_T/merge-err"; echo $?; sed "s|$TMPDIR_T/||g" "$TMPDIR_T/merge-err"
> 1
> xinwen: b: made with another --by than the states before it

$ xinwen merge --since 2021 x.state
! xinwen: merge cannot filter by date: give --since and --until to summary --partial instead
! Try 'xinwen --help' for more information.
? 2

$ xinwen merge
! xinwen: no input paths (give files or folders, or - for standard input)
! Try 'xinwen --help' for more information.
? 2

$ xinwen articles --partial ../../seeds
! xinwen: --partial is for summary and merge
! Try 'xinwen --help' for more information.
? 2

# merge takes the split from its states
$ xinwen summary --partial ../../seeds/000* > "$TMPDIR_T/a"; xinwen merge --by month "$TMPDIR_T/a"
! xinwen: the states were made with --by none; merge cannot split them by month
? 2
