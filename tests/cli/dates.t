# dates: values against --ref (tag) or the article's own date in --tz (articles, mentions)

# tag: the news appositive is one entity; fuzzy words have no value
$ echo '王毅昨天（25日）在卡塔尔说，本月底将重返谈判，近日' | xinwen tag --ref 2021-10-26 | jq -c '.entities[] | select(.type == "date") | [.text, .value, .grain, .relative]'
> ["昨天（25日）","2021-10-25","day",true]
> ["本月底","2021-10-21/2021-10-31","day",true]
> ["近日",null,"fuzzy",null]

# without --ref, what cannot be known stays X; the written day is kept
$ echo '昨天（25日）与去年' | xinwen tag | jq -c '[.entities[] | .value]'
> ["XXXX-XX-25","XXXX"]

# absolute dates need no reference
$ echo '2021 年 9 月 3 日和二〇二一年九月三日' | xinwen tag | jq -c '[.entities[] | .value]'
> ["2021-09-03","2021-09-03"]

# articles: the reference is the front-matter date in --tz (2021-10-26T02:46:19Z is the 26th
# in Beijing, the 25th in New York), and a date's name is its value
$ xinwen articles --types date ../../seeds/002_54293bdf30a925da.txt | jq -c '[.entities.date[] | select(.aliases | index("昨天")) | .name]'
> ["2021-10-25"]

$ xinwen articles --tz -05:00 --types date ../../seeds/002_54293bdf30a925da.txt | jq -c '[.entities.date[] | select(.aliases | index("昨天")) | .name]'
> ["2021-10-24"]

# mentions: the last TSV column holds a date's value
$ xinwen mentions --types date ../../seeds/003_72e9bcb0292d5618.txt | awk -F'\t' '$4 == "本月底" {print $7}'
> 2021-11-21/2021-11-30

# an article without a date keeps relative dates open
$ printf -- '---\ntitle: x\n---\n昨天发生的事\n' > "$TMPDIR_T/nodate.md"; xinwen mentions -f jsonl --types date "$TMPDIR_T/nodate.md" | jq -c '[.value, .relative]'
> ["XXXX-XX-XX",true]
