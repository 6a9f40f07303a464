# Output formats: jsonl (default for meta), json, tsv and text; encodings are detected.

$ xinwen meta data/good.md
> {"path":"data/good.md","title":"外交部：中方愿同各方加强合作","date":"2021-10-01T16:31:03+08:00","date_utc":"2021-10-01T08:31:03Z","author":"测试通讯社","source":"测试通讯社","url":"https://www.example.com/news/20211001-1","tags":["外交","合作"],"categories":["国际","要闻"],"extra":{"layout":"post"},"encoding":"UTF-8","replaced_bytes":0,"chars":51}

$ xinwen meta -f json data/good.md data/plain.txt | jq -c 'map(.path)'
> ["data/good.md","data/plain.txt"]

$ xinwen meta -f json data/missing.md 2>/dev/null | jq -c .
> []

$ xinwen meta -f tsv data/good.md data/plain.txt
> path	date	date_utc	source	title	url	author	tags	categories	encoding	chars
> data/good.md	2021-10-01T16:31:03+08:00	2021-10-01T08:31:03Z	测试通讯社	外交部：中方愿同各方加强合作	https://www.example.com/news/20211001-1	测试通讯社	外交,合作	国际,要闻	UTF-8	51
> data/plain.txt									UTF-8	24

$ xinwen meta -f text data/good.md
> path:       data/good.md
> title:      外交部：中方愿同各方加强合作
> date:       2021-10-01T16:31:03+08:00
> date_utc:   2021-10-01T08:31:03Z
> author:     测试通讯社
> source:     测试通讯社
> url:        https://www.example.com/news/20211001-1
> tags:       外交, 合作
> categories: 国际, 要闻
> extra.layout: post
> encoding:   UTF-8
> chars:      51

$ xinwen text -f jsonl data/good.md
> {"path":"data/good.md","title":"外交部：中方愿同各方加强合作","text":"外交部发言人答记者问\n外交部发言人汪文斌10月1日在例行记者会上表示，中方愿同各方加强合作。\n原文链接"}

$ xinwen text -f tsv data/good.md
> path	title	text
> data/good.md	外交部：中方愿同各方加强合作	外交部发言人答记者问\n外交部发言人汪文斌10月1日在例行记者会上表示，中方愿同各方加强合作。\n原文链接

# a bare HTML page: its <title>, no script, navigation, ads or footer
$ xinwen meta data/page.html | jq -r .title
> 测试页面标题

$ xinwen text data/page.html
> 标题一
> 第一段文字，第二行接上。
> 第二段 & 实体。

# --tz applies to dates written without a zone
$ xinwen meta --tz -05:00 data/enc/bom.md | jq -r '.date + " " + .date_utc'
> 2021-10-05 2021-10-05T05:00:00Z

$ xinwen meta data/blank-before.md | jq -c '[.title, .date, .date_utc, .source]'
> ["前面有空行","2021-09-03T19:09:30+00:00","2021-09-03T19:09:30Z","zaobao.com"]

$ xinwen meta data/enc | jq -r '[.path, .encoding, .title, .chars] | @tsv'
> data/enc/big5.md	BIG5	編碼測試	50
> data/enc/bom.md	UTF-8	编码测试	56
> data/enc/gbk.md	GB18030	编码测试	56
> data/enc/utf16.md	UTF-16LE	编码测试	56

$ xinwen text data/enc/gbk.md
> 中国外交部发言人汪文斌在例行记者会上表示，中方愿同国际社会一道，帮助阿富汗缓解暂时困难，实现经济重建和自主发展。

# a path with a tab or a newline stays on one line in text output (as \t and \n), like in TSV
$ mkdir "$TMPDIR_T/p" && printf '王毅访问伊朗。\n' > "$TMPDIR_T/p/$(printf 'a\tb\nc.md')" && cd "$TMPDIR_T/p" && xinwen articles -f text . && xinwen meta -f text . | head -1 && xinwen mentions -f text . | head -1 | cut -d: -f1
> ./a\tb\nc.md
>   person   王毅 ×1
>   country  伊朗 (IR) ×1
> path:       ./a\tb\nc.md
> ./a\tb\nc.md
