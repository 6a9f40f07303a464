# articles and mentions: entities found in the clean text, offsets in code points of the
# `xinwen text` output.

# every mention's offsets point at its surface in the text that `xinwen text` prints
$ xinwen text -f jsonl ../../seeds > "$TMPDIR_T/t.json"; xinwen mentions -f jsonl ../../seeds | jq -r --slurpfile T "$TMPDIR_T/t.json" '($T | map({(.path): .text}) | add) as $texts | if $texts[.path][.start:.end] == .text then "ok" else "bad \(.path) \(.start)" end' | sort | uniq -c | sed 's/^ *//'
~ ok

$ xinwen text -f jsonl ../../seeds > "$TMPDIR_T/t.json"; xinwen mentions -f jsonl ../../seeds | jq -r --slurpfile T "$TMPDIR_T/t.json" '($T | map({(.path): .text}) | add) as $texts | select($texts[.path][.start:.end] != .text) | .path' | wc -l
> 0

# TSV keeps seven fields on every line
$ xinwen mentions ../../seeds data/enc | awk -F'\t' '{print NF}' | sort -u
> 7

# countries come with their ISO code, traditional surfaces with simplified names
$ xinwen mentions --types country data/enc/big5.md ../../seeds/003_72e9bcb0292d5618.txt | cut -f2,3,7 | sort -u
> country	中国	CN
> country	伊朗	IR
> country	美国	US
> country	阿富汗	AF
> type	name	code

$ printf -- '---\ntitle: t\n---\n聯合國秘書長古特雷斯訪問美國。古特雷斯表示歡迎。\n' > "$TMPDIR_T/trad.md"; xinwen articles --types person,country "$TMPDIR_T/trad.md" | jq -c '.entities'
> {"person":[{"name":"古特雷斯","count":2,"first":6,"aliases":["古特雷斯"],"role":"秘书长"}],"country":[{"name":"美国","count":1,"first":12,"aliases":["美國"],"code":"US"}]}

# articles: grouped entities, most mentioned first; --mentions lists them all
$ xinwen articles ../../seeds/002_54293bdf30a925da.txt | jq -c '.entities.country[0] | [.name, .code, .count, .first]'
> ["阿富汗","AF",13,202]

$ xinwen articles --mentions --types country ../../seeds/002_54293bdf30a925da.txt | jq '[.mentions[] | select(.type == "country")] | length'
> 27

$ xinwen articles --types nobody ../../seeds
! xinwen: --types takes a list of person, country, place, org, date, not 'nobody'
! Try 'xinwen --help' for more information.
? 2

# -f json is one valid array even when some articles have no mentions
$ xinwen mentions -f json --types country data/plain.txt ../../seeds/003_72e9bcb0292d5618.txt data/nofm.md | jq 'length'
> 34

# titles attach to persons, with the country named before the title
$ xinwen articles --types person ../../seeds/001_984c75328487541a.txt | jq -c '[.entities.person[] | select(.role) | [.name, .role, .country]]'
> [["王毅","国务委员兼外长","CN"],["阿卜杜拉希扬","外长","IR"],["莱希","总统",null],["习近平","主席",null]]

# traditional input gives the same canonical entities as its simplified conversion (OpenCC t2s)
$ for f in data/trad/traditional.md data/trad/simplified.md; do xinwen articles "$f" | jq -c '[.entities | to_entries[] | .value[] | [.name, .count, .code, .role, .country]] | sort' | md5sum; done | uniq | wc -l
> 1

# a long name the tagger cut short once is the same person (阿卜杜拉希 → 阿卜杜拉希扬)
$ xinwen articles --types person ../../seeds/000_c5b530b7d0e73941.txt | jq -c '.entities.person[] | select(.name == "阿卜杜拉希扬") | [.count, .aliases, .role, .country]'
> [5,["阿卜杜拉希","阿卜杜拉希扬"],"外长","IR"]

$ xinwen articles --types person ../../seeds/000_c5b530b7d0e73941.txt | jq -r '.entities.person[].name' | grep -c '^阿卜杜拉希$' || true
> 0
