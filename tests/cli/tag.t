# xinwen tag: one JSON object per input line, entities with type, text as written, and
# code-point offsets into the line (DESIGN.md 2.1).

$ xinwen tag < data/tag-lines.txt | jq -c '[.entities[] | [.type, .text, .start, .end]]'
> [["country","中国",0,2],["person","王毅",4,6],["date","昨天",6,8],["country","卡塔尔",9,12],["org","阿富汗塔利班临时政府",13,23],["person","巴拉达尔",28,32]]
> []
> [["country","伊朗",0,2],["person","阿卜杜拉希揚",4,10],["place","北京",12,14]]
> [["person","譚德塞",6,9]]

# countries carry their ISO code and CLDR name
$ echo '美國總統拜登與英國首相約翰遜通電話' | xinwen tag | jq -c '[.entities[] | select(.type == "country") | [.text, .code, .canonical]]'
> [["美國","US","美国"],["英國","GB","英国"]]

# the same output whatever the number of workers, one line out per line in
$ for j in 1 2 4; do yes "$(head -1 data/tag-lines.txt)" | head -500 | xinwen tag -j $j | md5sum; done | uniq | wc -l
> 1

$ yes '王毅' | head -1000 | xinwen tag | wc -l
> 1000

# invalid UTF-8: each bad byte is one code point; output stays valid JSON
$ printf '\xff\xfe王毅說\n' | xinwen tag | jq -c '[.entities[] | [.text, .start, .end]]'
> [["王毅",2,4]]

# no final newline, and an empty input
$ printf '王毅' | xinwen tag
> {"entities":[{"type":"person","text":"王毅","start":0,"end":2}]}

$ printf '' | xinwen tag | wc -c
> 0

$ xinwen tag data/good.md
! xinwen: tag reads standard input, one document per line; it takes no paths
! Try 'xinwen --help' for more information.
? 2

$ echo 王毅 | xinwen tag --ref 2021-10-26 | jq -c '.entities | length'
> 1

$ echo 王毅 | xinwen tag --ref yesterday
! xinwen: --ref needs a date-time such as 2021-10-26 or 2021-10-26T10:00+08:00, not 'yesterday'
! Try 'xinwen --help' for more information.
? 2
