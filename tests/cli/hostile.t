# Hostile inputs: broken, huge, deep, binary, mis-encoded or oddly named articles. Every input is
# generated here, in $TMPDIR_T (nothing big is committed). Small inputs go to $TMPDIR_T/h, which
# the ACCOUNTING cases at the end read as one folder; big ones to $TMPDIR_T/big, deleted after
# use. Every case runs in $TMPDIR_T so that paths in messages are short and stable.
# In instrumented builds (XINWEN_TEST_SLOW set: 3 under the sanitizers, 10 under valgrind) the
# biggest inputs are smaller and the timeouts that catch hangs are that many times longer.
# Each failed input must be one line "xinwen: PATH: message" on stderr, the others processed.

# --- empty and degenerate files

# an empty file is an empty article, not an error
$ cd "$TMPDIR_T" && mkdir -p h big && : > h/empty.md && xinwen meta h/empty.md | jq -c '[.path, .title, .chars, .encoding, .replaced_bytes]' && xinwen text -f jsonl h/empty.md
> ["h/empty.md",null,0,"UTF-8",0]
> {"path":"h/empty.md","title":null,"text":""}

# a file of only '---' (with and without a newline) opens a front matter that never closes
$ cd "$TMPDIR_T" && printf -- '---\n' > h/dash.md && printf -- '---' > h/dash-nonl.md && xinwen meta h/dash.md h/dash-nonl.md
! xinwen: h/dash.md: front matter not terminated (no closing '---' line)
! xinwen: h/dash-nonl.md: front matter not terminated (no closing '---' line)
! 0 articles, 2 errors
? 1

# unterminated front matter, and a long one (100,000 lines, never closed): an error, quickly
$ cd "$TMPDIR_T" && printf -- '---\ntitle: 没有结束\n正文第一段。\n\n正文第二段。\n' > h/unterminated.md && { printf -- '---\n'; seq 100000 | sed 's/.*/k&: 值/'; } > h/unterminated-long.md && xinwen text h/unterminated.md h/unterminated-long.md
! xinwen: h/unterminated.md: front matter not terminated (no closing '---' line)
! xinwen: h/unterminated-long.md: front matter not terminated (no closing '---' line)
! 0 articles, 2 errors
? 1

# --- YAML

# syntax errors: one line each, with the file's line and column
$ cd "$TMPDIR_T" && printf -- '---\ntitle: [外交, 合作\n---\n正文。\n' > h/y-flow.md && printf -- '---\ntitle: "没有结束的引号\ndate: 2021-10-01\n---\n正文。\n' > h/y-quote.md && printf -- '---\ntitle: 标题\n  author: 缩进错误\n---\n正文。\n' > h/y-indent.md && printf -- '---\ntitle: *未定义\n---\n正文。\n' > h/y-alias.md && printf -- '---\ntitle: @保留字符\n---\n正文。\n' > h/y-reserved.md && printf -- '---\n%%YAML 9.9\n---\n正文。\n' > h/y-directive.md && xinwen meta h/y-flow.md h/y-quote.md h/y-indent.md h/y-alias.md h/y-reserved.md h/y-directive.md
! xinwen: h/y-flow.md: front matter: YAML error at line 3, column 1: did not find expected ',' or ']' while parsing a flow sequence
! xinwen: h/y-quote.md: front matter: YAML error at line 4, column 1: found unexpected end of stream while scanning a quoted scalar
! xinwen: h/y-indent.md: front matter: YAML error at line 3, column 9: mapping values are not allowed in this context
! xinwen: h/y-alias.md: front matter: YAML error at line 2, column 9: did not find expected alphabetic or numeric character while scanning an alias
! xinwen: h/y-reserved.md: front matter: YAML error at line 2, column 8: found character that cannot start any token while scanning for the next token
! xinwen: h/y-directive.md: front matter: YAML error at line 2, column 1: found incompatible YAML document
! 0 articles, 6 errors
? 1

# valid YAML that is not a mapping: said once ("front matter: not a YAML mapping ...")
$ cd "$TMPDIR_T" && printf -- '---\n- 列表\n- 不是映射\n---\n正文。\n' > h/y-list.md && printf -- '---\n只是一个标量\n---\n正文。\n' > h/y-scalar.md && xinwen meta h/y-list.md h/y-scalar.md
! xinwen: h/y-list.md: front matter: not a YAML mapping of keys to values
! xinwen: h/y-scalar.md: front matter: not a YAML mapping of keys to values
! 0 articles, 2 errors
? 1

# duplicate keys: the record keeps unique JSON member names (RFC 8259: readers differ on
# duplicates; jq and JavaScript keep the last, some the first, some refuse)
$ cd "$TMPDIR_T" && printf -- '---\ntitle: 标题\nk: 一\nk: 二\nk: 三\n---\n正文。\n' > h/y-dup.md && xinwen meta h/y-dup.md | grep -o '"k":' | wc -l
> 1

# "billion laughs": aliases are not expanded without bound; the article is kept and its record
# stays small (here under 1 MB for 700 bytes of YAML)
$ cd "$TMPDIR_T" && { printf -- '---\ntitle: 十亿笑声\nlol1: &lol1 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'; for i in 2 3 4 5 6 7 8 9; do j=$((i-1)); printf 'lol%d: &lol%d [*lol%d,*lol%d,*lol%d,*lol%d,*lol%d,*lol%d,*lol%d,*lol%d,*lol%d,*lol%d]\n' $i $i $j $j $j $j $j $j $j $j $j $j; done; printf -- '---\n正文。\n'; } > h/bomb.md && xinwen meta h/bomb.md > bomb.out; echo "status $?"; jq -c '[.title, .chars]' bomb.out; wc -c < bomb.out | awk '{print ($1 < 1000000 ? "bounded" : "too big: " $1 " bytes")}'
> status 0
> ["十亿笑声",3]
> bounded

# the same bomb used many times in one list (8 KB of YAML): the record must stay bounded too
$ cd "$TMPDIR_T" && { head -n -2 h/bomb.md; printf 'tags: ['; for i in $(seq 2000); do printf '*lol9, '; done; printf '*lol9]\n---\n正文。\n'; } > big/bomb-list.md && timeout $((60 * ${XINWEN_TEST_SLOW:-1})) xinwen meta big/bomb-list.md | wc -c | awk '{print ($1 < 1000000 ? "bounded" : "too big: " $1 " bytes")}'; rm -f big/bomb-list.md
> bounded

# flow collections nested 100,000 deep: refused at once (libyaml alone is quadratic in the depth)
$ cd "$TMPDIR_T" && { printf -- '---\ntitle: 深\nx: '; head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; printf '\n---\n正文。\n'; } > h/y-deep.md && timeout $((20 * ${XINWEN_TEST_SLOW:-1})) xinwen meta h/y-deep.md
! xinwen: h/y-deep.md: front matter: YAML nested more than 64 levels deep in [ ] or { }
! 0 articles, 1 errors
? 1

# block collections nested 20,000 deep on one line ("- - - … y") are read
$ cd "$TMPDIR_T" && { printf -- '---\ntitle: 块嵌套\nx:\n  '; for i in $(seq 20000); do printf -- '- '; done; printf 'y\n---\n正文。\n'; } > h/y-block-deep.md && timeout $((20 * ${XINWEN_TEST_SLOW:-1})) xinwen meta h/y-block-deep.md | jq -c '[.title, .chars]'
> ["块嵌套",3]

# front matter indented with tabs is read as if indented with spaces
$ cd "$TMPDIR_T" && printf -- '---\ntitle:\t制表符\ntags:\n\t- 甲\n\t- 乙\nsource:\n\tname: 新华社\n---\n正文。\n' > h/tabs.md && xinwen meta h/tabs.md | jq -c '[.title, .tags, .source]'
> ["制表符",["甲","乙"],"{name: 新华社}"]

# a 10 MB single-line front matter value is not silently lost: the title is kept (perhaps cut)
$ cd "$TMPDIR_T" && { printf -- '---\ntitle: '; head -c 10000000 /dev/zero | tr '\0' 'a'; printf '\ndate: 2021-10-01\n---\n正文。\n'; } > big/fm-10m.md && timeout $((20 * ${XINWEN_TEST_SLOW:-1})) xinwen meta big/fm-10m.md | jq -c '[(.title // "(null)")[0:3], .date, .chars]'; rm -f big/fm-10m.md
> ["aaa","2021-10-01",3]

# a 10 MB quoted value that never closes: a YAML error, quickly
$ cd "$TMPDIR_T" && { printf -- '---\ntitle: "'; head -c 10000000 /dev/zero | tr '\0' 'a'; printf '\n---\n正文。\n'; } > big/fm-quote.md && timeout $((20 * ${XINWEN_TEST_SLOW:-1})) xinwen meta big/fm-quote.md; s=$?; rm -f big/fm-quote.md; exit $s
! xinwen: big/fm-quote.md: front matter: YAML error at line 3, column 1: found unexpected end of stream while scanning a quoted scalar
! 0 articles, 1 errors
? 1

# a 2 MB one-line flow list of a million tags (memory: about 90× the front matter; a tenth of
# it in instrumented builds)
$ cd "$TMPDIR_T" && n=1000000 && [ -z "${XINWEN_TEST_SLOW:-}" ] || n=100000; { printf -- '---\ntitle: 百万标签\ntags: ['; yes 'x,' | head -$n | tr -d '\n'; printf 'y]\n---\n正文。\n'; } > big/fm-flow.md && timeout $((30 * ${XINWEN_TEST_SLOW:-1})) xinwen meta big/fm-flow.md | jq -c --argjson n $n '[.title, (.tags | length) == $n + 1, .tags[-1]]'; rm -f big/fm-flow.md
> ["百万标签",true,"y"]

# control characters in values: those YAML forbids become U+FFFD before parsing; escapes that
# make ESC or NUL (\e, \0) are escaped in JSON, dropped in text and TSV, and do not cut the value
$ cd "$TMPDIR_T" && printf -- '---\ntitle: 标\x1b[31m红\x1b[0m题\x07\x7f\xc2\x9b末\nauthor: a\x01b\x08c\nsource: "s\\e[2Jx\\0y"\n---\n正文\x1b[1m粗\x1b]0;标题\x07体。\n' > h/control.md && xinwen meta h/control.md | jq -c '[.title, .author, .source]'
> ["标�[31m红�[0m题���末","a�b�c","s\u001b[2Jx�y"]

$ cd "$TMPDIR_T" && for f in text tsv; do xinwen meta -f $f h/control.md; xinwen text -f $f h/control.md; done | tr -cd '\033\007' | wc -c; xinwen text h/control.md
> 0
> 正文[1m粗]0;标题体。

# --- encodings

# invalid UTF-8 in a long article: overlong forms, UTF-16 surrogates encoded in UTF-8, bytes out
# of range and truncated sequences are replaced by U+FFFD (one per byte) and counted
$ cd "$TMPDIR_T" && body=$(for i in $(seq 20); do printf '外交部发言人表示。'; done) && printf -- '---\ntitle: 过长\xc0\xaf编码\n---\n%s过长\xc0\xaf|\xe0\x80\xaf|\xf0\x80\x80\xaf结束。\n' "$body" > h/utf8-overlong.md && printf -- '---\ntitle: 代理\xed\xa0\x80对\n---\n%s代理\xed\xa0\xbd\xed\xb8\x80结束。\n' "$body" > h/utf8-surrogate.md && printf -- '---\ntitle: 范围\xf4\x90\x80\x80外\n---\n%s范围\xf8\x88\x80\x80\x80|\xfe\xff|\xf5。\n' "$body" > h/utf8-range.md && printf -- '---\ntitle: 截断\xe4\xb8\n---\n%s截断\xe4结束\xf0\x9f\x98。\xe4\xb8' "$body" > h/utf8-truncated.md && xinwen meta h/utf8-overlong.md h/utf8-surrogate.md h/utf8-range.md h/utf8-truncated.md | jq -c '[.title, .encoding, .replaced_bytes, .chars]' && xinwen text -f jsonl h/utf8-overlong.md h/utf8-surrogate.md h/utf8-range.md h/utf8-truncated.md | jq -r '.text[-14:]'
> ["过长��编码","UTF-8",11,196]
> ["代理���对","UTF-8",9,191]
> ["范围����外","UTF-8",12,193]
> ["截断��","UTF-8",8,191]
> ��|���|����结束。
> 表示。代理������结束。
> 。范围�����|��|�。
> 表示。截断�结束���。��

# a short UTF-8 article cut in the middle of its last character (a truncated download) is kept,
# the broken bytes replaced, as for a long one
$ cd "$TMPDIR_T" && printf -- '---\ntitle: 标题\n---\n正文内容。\n\xe4\xb8' > h/utf8-short-cut.md && xinwen meta h/utf8-short-cut.md | jq -c '[.title, .encoding, .replaced_bytes]'
> ["标题","UTF-8",2]

# bytes that are neither UTF-8 nor legacy Chinese: an error naming the encodings tried
$ cd "$TMPDIR_T" && printf -- '---\ntitle: x\n---\n\xc0\xaf\xe0\x80\xaf\xf0\x80\x80\xaf\xed\xa0\x80\xf8\x88\x80\x80\x80\xfe\xff\xf5\xc0\xaf\xe0\x80\xaf\n' > h/not-text.md && xinwen meta h/not-text.md
! xinwen: h/not-text.md: not UTF-8, GB18030 or Big5 text
! 0 articles, 1 errors
? 1

# UTF-16 with and without a byte-order mark, both byte orders: the same article as UTF-8
$ cd "$TMPDIR_T" && printf -- '---\ntitle: 编码测试文章\ndate: 2021-10-01\n---\n外交部发言人汪文斌在例行记者会上表示，中方愿同各方加强合作，共同维护地区和平稳定。\n\n第二段：王毅会见美国国务卿。\n' > h/utf8.md && iconv -f UTF-8 -t UTF-16LE h/utf8.md > h/utf16le.md && iconv -f UTF-8 -t UTF-16BE h/utf8.md > h/utf16be.md && { printf '\xff\xfe'; cat h/utf16le.md; } > h/utf16le-bom.md && { printf '\xfe\xff'; cat h/utf16be.md; } > h/utf16be-bom.md && xinwen meta h/utf8.md h/utf16le.md h/utf16be.md h/utf16le-bom.md h/utf16be-bom.md | jq -r '[.path, .encoding, .title, .date, .chars, .replaced_bytes] | @tsv' && for f in h/utf16*.md; do xinwen text "$f" | cmp - <(xinwen text h/utf8.md) && echo same; done
> h/utf8.md	UTF-8	编码测试文章	2021-10-01	56	0
> h/utf16le.md	UTF-16LE	编码测试文章	2021-10-01	56	0
> h/utf16be.md	UTF-16BE	编码测试文章	2021-10-01	56	0
> h/utf16le-bom.md	UTF-16LE	编码测试文章	2021-10-01	56	0
> h/utf16be-bom.md	UTF-16BE	编码测试文章	2021-10-01	56	0
> same
> same
> same
> same

# UTF-16 cut after an odd number of bytes, or with a lone surrogate: kept, the damage replaced
# (as UTF-8 damage is), not the whole article refused
$ cd "$TMPDIR_T" && { cat h/utf16le-bom.md; printf 'x'; } > h/utf16-odd.md && { cat h/utf16le.md; printf '\x00\xd8\x41\x00'; } > h/utf16-lone.md && xinwen meta h/utf16-odd.md h/utf16-lone.md | jq -c '[.encoding, .title, (.replaced_bytes > 0)]'
> ["UTF-16LE","编码测试文章",true]
> ["UTF-16LE","编码测试文章",true]

# GBK, GB18030 (with four-byte characters) and Big5 articles made by iconv from UTF-8
$ cd "$TMPDIR_T" && iconv -f UTF-8 -t GBK h/utf8.md > h/gbk.md && printf -- '---\ntitle: 编码测试文章😀\n---\n外交部发言人汪文斌表示，中方愿同各方加强合作€，共同维护地区和平稳定😀。\n' | iconv -f UTF-8 -t GB18030 > h/gb18030.md && printf -- '---\ntitle: 編碼測試文章\ndate: 2021-10-01\n---\n外交部發言人汪文斌在例行記者會上表示，中方願同各方加強合作，共同維護地區和平穩定。\n\n第二段：王毅會見美國國務卿。\n' | iconv -f UTF-8 -t BIG5 > h/big5.md && xinwen meta h/gbk.md h/gb18030.md h/big5.md | jq -r '[.path, .encoding, .title, .chars, .replaced_bytes] | @tsv' && xinwen text h/gbk.md h/gb18030.md h/big5.md
> h/gbk.md	GB18030	编码测试文章	56	0
> h/gb18030.md	GB18030	编码测试文章😀	36	0
> h/big5.md	BIG5	編碼測試文章	56	0
> 外交部发言人汪文斌在例行记者会上表示，中方愿同各方加强合作，共同维护地区和平稳定。
> 第二段：王毅会见美国国务卿。
>
> 外交部发言人汪文斌表示，中方愿同各方加强合作€，共同维护地区和平稳定😀。
>
> 外交部發言人汪文斌在例行記者會上表示，中方願同各方加強合作，共同維護地區和平穩定。
> 第二段：王毅會見美國國務卿。

# a GBK or Big5 article (1.8 KB) cut in its last character, or with one stray byte inside: kept in
# its encoding, the damage replaced and counted (as in UTF-8), not refused as a whole
$ cd "$TMPDIR_T" && { printf -- '---\ntitle: 长文章\n---\n'; for i in $(seq 30); do printf '外交部发言人汪文斌在例行记者会上表示，中方愿同各方加强合作。\n'; done; } | iconv -f UTF-8 -t GBK > h/gbk-long.md && { printf -- '---\ntitle: 長文章\n---\n'; for i in $(seq 30); do printf '外交部發言人汪文斌在例行記者會上表示，中方願同各方加強合作。\n'; done; } | iconv -f UTF-8 -t BIG5 > h/big5-long.md && { cat h/gbk-long.md; printf '\xd6'; } > h/gbk-cut.md && { head -c 1000 h/gbk-long.md; printf '\xff'; tail -c +1001 h/gbk-long.md; } > h/gbk-stray.md && { cat h/big5-long.md; printf '\xa4'; } > h/big5-cut.md && xinwen meta h/gbk-long.md h/gbk-cut.md h/gbk-stray.md h/big5-long.md h/big5-cut.md | jq -c '[.path, .encoding, .title, .replaced_bytes > 0]'
> ["h/gbk-long.md","GB18030","长文章",false]
> ["h/gbk-cut.md","GB18030","长文章",true]
> ["h/gbk-stray.md","GB18030","长文章",true]
> ["h/big5-long.md","BIG5","長文章",false]
> ["h/big5-cut.md","BIG5","長文章",true]

# the tagger reads Big5 (traditional) text as it reads UTF-8
$ cd "$TMPDIR_T" && xinwen articles --types person,country h/big5.md | jq -c '[.entities.person[].name, .entities.country[].name]'
> ["汪文斌","王毅","中国","美国"]

# --- NUL bytes and binary files

# one NUL in a long text article: the article is kept, the NUL replaced by U+FFFD and counted
$ cd "$TMPDIR_T" && { printf -- '---\ntitle: 含空字节\n---\n'; for i in $(seq 50); do printf '外交部发言人表示中方愿同各方加强合作。\n'; done; printf '空\0字节。\n\n'; for i in $(seq 50); do printf '第二部分的内容。\n'; done; } > h/nul.md && xinwen meta h/nul.md | jq -c '[.title, .encoding, .replaced_bytes, .chars]' && xinwen text -f jsonl h/nul.md | jq -r '.text | split("\n") | map(select(contains("字节"))) | .[0][-6:]'
> ["含空字节","UTF-8",1,1356]
> 。空�字节。

# binary files named .md: control bytes, a PNG image, gzip data, an ELF header
$ cd "$TMPDIR_T" && for r in 1 2 3 4 5 6 7 8; do for i in $(seq 0 255); do printf "\\$(printf %o $i)"; done; done > h/binary-bytes.md && printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' > h/binary-png.md && printf '外交部发言人表示。\n' | gzip -n > h/binary-gzip.md && { printf '\x7fELF\x02\x01\x01'; head -c 100 /dev/zero; } > h/binary-elf.md && xinwen meta h/binary-bytes.md h/binary-png.md h/binary-gzip.md h/binary-elf.md
! xinwen: h/binary-bytes.md: binary file (control bytes), not an article
! xinwen: h/binary-png.md: binary file (PNG image)
! xinwen: h/binary-gzip.md: binary file (gzip data)
! xinwen: h/binary-elf.md: binary file (ELF executable)
! 0 articles, 4 errors
? 1

# --- size limits

# a 100 MB article is refused by the default 64 MB --max-size, at once, with its size
$ cd "$TMPDIR_T" && { printf -- '---\ntitle: 大文件\n---\n'; yes '外交部发言人表示中方愿同各方加强合作。' | head -c 100000000; } > big/100m.md && timeout $((10 * ${XINWEN_TEST_SLOW:-1})) xinwen meta big/100m.md
! xinwen: big/100m.md: file too large (100000025 bytes; the limit is 64M, see --max-size)
! 0 articles, 1 errors
? 1

# --max-size 200M reads it (meta: no tagger), every character but the line ends counted;
# instrumented builds read its first 10 MB with --max-size 20M (valgrind: minutes over 100 MB)
$ cd "$TMPDIR_T" && if [ -n "${XINWEN_TEST_SLOW:-}" ]; then head -n 172414 big/100m.md > big/10m.md && mv big/10m.md big/100m.md && max=20M; else max=200M; fi && tail -n +4 big/100m.md > big/body && c=$(($(wc -m < big/body) - $(wc -l < big/body))) && timeout $((60 * ${XINWEN_TEST_SLOW:-1})) xinwen meta --max-size $max big/100m.md | jq -c --argjson c $c '[.title, .chars == $c]'; rm -f big/100m.md big/body
> ["大文件",true]

# an endless file (a link to /dev/zero named on the command line) stops at the limit
$ cd "$TMPDIR_T" && mkdir -p special && ln -s /dev/zero special/zero.md && timeout $((10 * ${XINWEN_TEST_SLOW:-1})) xinwen meta special/zero.md
! xinwen: special/zero.md: file too large (more than 64M, see --max-size)
! 0 articles, 1 errors
? 1

# --- HTML and Markdown structure

# HTML nested 100,000 deep, in a Markdown body (several kinds of element) and in a bare page
$ cd "$TMPDIR_T" && { printf -- '---\ntitle: 深层嵌套\n---\n'; for t in div span b blockquote; do printf "<$t>%.0s" $(seq 25000); done; printf '深处的文字。'; } > h/deep.md && { printf '<!DOCTYPE html><html><head><title>深层页面</title></head><body>'; printf '<div><table><tr><td>%.0s' $(seq 25000); printf '页面深处。'; } > h/deep.html && timeout $((20 * ${XINWEN_TEST_SLOW:-1})) xinwen text h/deep.md h/deep.html && xinwen meta h/deep.html | jq -c '[.title, .chars]'
> 深处的文字。
>
> 页面深处。
> ["深层页面",5]

# tags left open everywhere: every piece of text is kept, in order
$ cd "$TMPDIR_T" && { printf -- '---\ntitle: 未闭合\n---\n'; for i in $(seq 100); do printf '<div><p>段%d<b>粗<i>斜<a href="x">链<span>文<table><tr><td>格<ul><li>项<h2>题<blockquote>引<font>字<center>中' $i; done; printf '\n'; } > h/unclosed.md && cp h/unclosed.md h/unclosed.html && sed -i '1,3d' h/unclosed.html && for f in h/unclosed.md h/unclosed.html; do timeout $((20 * ${XINWEN_TEST_SLOW:-1})) xinwen text $f | tr -d '\n' | grep -o '段[0-9]*粗斜链文格项题引字中' | wc -l; done
> 100
> 100

# an unclosed <script> or comment runs to the end of the article, as in a browser
$ cd "$TMPDIR_T" && printf -- '---\ntitle: 未闭合脚本\n---\n<p>第一段</p>\n<script>var a = "<p>脚本</p>";\n<p>不显示</p>\n' > h/unclosed-script.md && printf -- '<p>第一段</p>\n<!-- 注释\n<p>不显示</p>\n' > h/unclosed-comment.html && xinwen text h/unclosed-script.md h/unclosed-comment.html
> 第一段
>
> 第一段

# a million <p> (each with one character): a million lines, in linear time
$ cd "$TMPDIR_T" && { printf -- '---\ntitle: 百万段落\n---\n'; yes '<p>字' | head -1000000 | tr -d '\n'; } > big/p1m.md && timeout $((60 * ${XINWEN_TEST_SLOW:-1})) xinwen text big/p1m.md | uniq -c | sed 's/^ *//'; yes '<p>' | head -1000000 | tr -d '\n' > big/p1m-empty.md && timeout $((60 * ${XINWEN_TEST_SLOW:-1})) xinwen meta big/p1m-empty.md | jq -c '[.title, .chars]'; rm -f big/p1m.md big/p1m-empty.md
> 1000000 字
> [null,0]

# --- long lines

# a 10 MB line of Chinese without punctuation: one paragraph, read in linear time
$ cd "$TMPDIR_T" && { printf -- '---\ntitle: 长行\n---\n'; yes '外交部发言人汪文斌表示中方愿同各方加强合作王毅会见美国国务卿布林肯' | tr -d '\n' | head -c 9999999; printf '\n'; } > big/line10m.md && timeout $((30 * ${XINWEN_TEST_SLOW:-1})) xinwen meta big/line10m.md | jq .chars && timeout $((30 * ${XINWEN_TEST_SLOW:-1})) xinwen text -f jsonl big/line10m.md | jq -c '[(.text | length), (.text | split("\n") | length)]'; rm -f big/line10m.md
> 3333333
> [3333333,1]

# the tagger cuts a line with no sentence end into chunks: the whole line is tagged, the last
# entity lies near its end (1 MB in the release build, 15 KB under the sanitizers: the tagger is
# ~150 times slower there)
$ cd "$TMPDIR_T" && if [ -n "${XINWEN_TEST_SLOW:-}" ]; then n=15000; else n=1000002; fi && yes '外交部发言人汪文斌表示中方愿同各方加强合作王毅会见美国国务卿布林肯' | tr -d '\n' | head -c $n > big/line.txt && printf '\n' >> big/line.txt && timeout $((60 * ${XINWEN_TEST_SLOW:-1})) xinwen tag < big/line.txt | jq -r --argjson n $((n / 3)) '[(.entities | length) > ($n / 10), (.entities[-1].end > $n - 40), ([.entities[] | select(.text == "汪文斌")] | length) > ($n / 40)] | @text'; rm -f big/line.txt
> [true,true,true]

# --- line ends

# CRLF and lone CR (old Mac) line ends, in front matter and body, and mixed
$ cd "$TMPDIR_T" && printf -- '---\r\ntitle: 回车换行\r\ntags:\r\n  - 甲\r\n  - 乙\r\n---\r\n第一段。\r\n\r\n第二段\r\n接续。\r\n' > h/crlf.md && printf -- '---\rtitle: 旧式回车\rtags:\r  - 甲\r  - 乙\r---\r第一段。\r\r第二段\r接续。\r' > h/cr.md && printf -- '---\r\ntitle: 混合\rdate: 2021-10-01\n---\r第一段。\r\n\r\n第二段\n\r第三段\r' > h/mixed-eol.md && printf '第一行\r第二行\r\n第三行\r\r第四行' > h/cr.txt && xinwen meta h/crlf.md h/cr.md h/mixed-eol.md h/cr.txt | jq -c '[.title, .tags, .date, .chars]' && xinwen text h/crlf.md h/cr.md h/mixed-eol.md h/cr.txt | tr -cd '\r' | wc -c
> ["回车换行",["甲","乙"],null,11]
> ["旧式回车",["甲","乙"],null,11]
> ["混合",[],"2021-10-01",12]
> [null,[],null,15]
> 0

$ cd "$TMPDIR_T" && xinwen text h/crlf.md h/cr.md h/mixed-eol.md h/cr.txt
> 第一段。
> 第二段接续。
>
> 第一段。
> 第二段接续。
>
> 第一段。
> 第二段
> 第三段
>
> 第一行
> 第二行
> 第三行
> 第四行

# --- files that cannot be read

# an unreadable file (mode 000) and folder. Root reads them anyway, so as root the case runs
# without the capabilities that let root ignore permissions (setpriv from util-linux)
$ cd "$TMPDIR_T" && mkdir -p perm/locked && printf '正文。\n' > perm/a.md && printf '不可读。\n' > perm/z.md && printf '锁住。\n' > perm/locked/c.md && chmod 000 perm/z.md perm/locked && if [ "$(id -u)" = 0 ]; then run() { setpriv --bounding-set -dac_override,-dac_read_search "$@"; }; else run() { "$@"; }; fi && run xinwen meta perm | jq -r .path; s=${PIPESTATUS[0]}; chmod 755 perm/locked; chmod 644 perm/z.md; exit $s
> perm/a.md
! xinwen: perm/locked: cannot read folder: Permission denied
! xinwen: perm/z.md: cannot open: Permission denied
! 1 articles, 2 errors
? 1

# symbolic links: dangling, to itself, a pair pointing at each other, a folder link to its folder
$ set -o pipefail; cd "$TMPDIR_T" && mkdir -p h/links && ln -s nowhere.md h/links/dangling.md && ln -s self.md h/links/self.md && ln -s loop-b.md h/links/loop-a.md && ln -s loop-a.md h/links/loop-b.md && ln -s . h/links/here && printf '正文。\n' > h/links/ok.md && xinwen meta h/links | jq -r .path
> h/links/ok.md
! xinwen: h/links/dangling.md: dangling symbolic link (its target does not exist)
! xinwen: h/links/here: symbolic link loop (leads back to h/links), not followed
! xinwen: h/links/loop-a.md: symbolic link loop, not followed
! xinwen: h/links/loop-b.md: symbolic link loop, not followed
! xinwen: h/links/self.md: symbolic link loop, not followed
! 1 articles, 5 errors
? 1

# the same links named on the command line
$ cd "$TMPDIR_T" && xinwen meta h/links/dangling.md h/links/self.md h/links/loop-a.md
! xinwen: h/links/dangling.md: dangling symbolic link (its target does not exist)
! xinwen: h/links/self.md: symbolic link loop, not followed
! xinwen: h/links/loop-a.md: symbolic link loop, not followed
! 0 articles, 3 errors
? 1

# a folder named x.md is a folder: walked, never read as a file
$ cd "$TMPDIR_T" && mkdir -p h/x.md big/empty.md && printf '里面。\n' > h/x.md/inside.md && xinwen meta h/x.md big/empty.md | jq -r .path && xinwen meta h 2> /dev/null | jq -r .path | grep 'x\.md'
> h/x.md/inside.md
> h/x.md/inside.md

# special files inside a folder (a FIFO, a link to /dev/zero) are reported, never read: no hang
$ set -o pipefail; cd "$TMPDIR_T" && mkfifo special/fifo.md && printf '正文。\n' > special/ok.md && timeout $((10 * ${XINWEN_TEST_SLOW:-1})) xinwen meta special | jq -r .path
> special/ok.md
! xinwen: special/fifo.md: a named pipe (FIFO), not read inside a folder
! xinwen: special/zero.md: a device, not read inside a folder
! 1 articles, 2 errors
? 1

# a file deleted between the walk and the read. Made deterministic with two FIFOs and -j1: the
# only worker blocks opening gate.md (a FIFO) until we write it; the walk reads its --files-from
# list from another FIFO, and our 2 MB write to it (empty lines, ignored) can only finish once
# the walk has gone past victim.md — which it stats and queues first. Then victim.md is deleted,
# and only then is the gate opened.
$ cd "$TMPDIR_T" && mkdir gone && cd gone && mkfifo gate.md list && printf '正文。\n' > victim.md && { timeout $((30 * ${XINWEN_TEST_SLOW:-1})) xinwen meta -j1 --files-from list > out 2> err & pid=$!; timeout $((30 * ${XINWEN_TEST_SLOW:-1})) bash -c '{ printf "gate.md\nvictim.md\n"; head -c 2000000 /dev/zero | tr "\0" "\n"; } > list; rm victim.md; printf -- "---\ntitle: 闸门\n---\n正文。\n" > gate.md'; wait $pid; echo "status $?"; jq -r .title out; cat err; }
> status 1
> 闸门
> xinwen: victim.md: cannot open: No such file or directory
> 1 articles, 1 errors

# a path listed in --files-from that does not exist (deleted before the walk reached it)
$ set -o pipefail; cd "$TMPDIR_T" && printf 'h/empty.md\nh/deleted.md\nh/utf8.md\n' | xinwen meta --files-from - | jq -r .path
> h/empty.md
> h/utf8.md
! xinwen: h/deleted.md: No such file or directory
! 2 articles, 1 errors
? 1

# --- file names

# spaces, a newline, a tab, ESC, quotes and backslashes, bytes that are not UTF-8: JSON escapes
# them (invalid bytes as U+FFFD), TSV keeps one line and its field count per record
$ cd "$TMPDIR_T" && mkdir -p h/names && cd h/names && for n in 'a b.md' "$(printf 'new\nline.md')" "$(printf 'tab\there.md')" "$(printf 'esc\033[31m.md')" 'q"uote\back.md' "$(printf 'bad\xff\xfe.md')" '中文 名.md'; do printf -- '---\ntitle: 名字\n---\n王毅会见美国国务卿。\n' > "$n"; done && cd ../.. && xinwen meta h/names | jq -c .path
> "h/names/a b.md"
> "h/names/bad��.md"
> "h/names/esc\u001b[31m.md"
> "h/names/new\nline.md"
> "h/names/q\"uote\\back.md"
> "h/names/tab\there.md"
> "h/names/中文 名.md"

$ cd "$TMPDIR_T" && for c in meta text articles mentions; do xinwen $c -f tsv h/names | awk -F'\t' -v c=$c 'NR == 1 {n = NF} NF != n {bad++} END {print c, NR, (bad ? bad " bad lines" : "ok")}'; done
> meta 8 ok
> text 8 ok
> articles 15 ok
> mentions 15 ok

# error lines escape control characters in paths: one error, one line
$ cd "$TMPDIR_T" && mkdir -p names2 && printf '\x89PNG' > "names2/$(printf 'new\nline.md')" && printf '\x89PNG' > "names2/$(printf 'esc\033[2J.md')" && xinwen meta names2
! xinwen: names2/esc\x1b[2J.md: binary file (PNG image)
! xinwen: names2/new\nline.md: binary file (PNG image)
! 0 articles, 2 errors
? 1

# text output keeps one line per field: a newline in a path is written as \n (as on stderr)
$ cd "$TMPDIR_T" && xinwen meta -f text "h/names/$(printf 'new\nline.md')" | head -2
> path:       h/names/new\nline.md
> title:      名字

# --- ACCOUNTING: the whole folder h of small hostile inputs at once

# every input (file or link) ends as one record or one error line, the closing count says
# exactly that, and every stdout line is one JSON object
$ cd "$TMPDIR_T" && n=$(find h \( -type f -o -type l \) -printf x | wc -c) && xinwen articles -j2 h > all.out 2> all.err; echo "status $?"; r=$(wc -l < all.out); e=$(grep -c '^xinwen: .*: ' all.err); echo "inputs $n: records + errors $([ $((r + e)) = "$n" ] && echo match || echo "do not match: $r + $e")"; [ "$(tail -1 all.err)" = "$r articles, $e errors" ] && echo "count line right" || { echo "count line wrong, records $r, errors $e:"; tail -1 all.err; }; [ "$(grep -vc '^xinwen: .*: ' all.err)" = 1 ] && echo "no other stderr line"; jq -R 'fromjson | .path | type' all.out | sort | uniq -c | awk -v r=$r '{print ($1 == r && $2 == "\"string\"" ? "every line a JSON record" : "bad: " $0)}'
> status 1
> inputs 69: records + errors match
> count line right
> no other stderr line
> every line a JSON record

# which inputs are articles and which errors (once damaged UTF-8, UTF-16, GBK and Big5 are kept)
$ cd "$TMPDIR_T" && tail -1 all.err
> 46 articles, 23 errors

# the same in TSV: one line per record, every line with the header's field count
$ cd "$TMPDIR_T" && xinwen meta -j2 -f tsv h 2> /dev/null | awk -F'\t' -v r=$(wc -l < all.out) 'NR == 1 {n = NF} NF != n {bad++} END {print (NR - 1 == r ? "one line per record" : NR - 1 " lines for " r " records") ", " (bad ? bad " bad lines" : "all with " n " fields")}'; for c in articles mentions text; do xinwen $c -j2 -f tsv h 2> /dev/null | awk -F'\t' -v c=$c 'NR == 1 {n = NF} NF != n {bad++} END {print c ": " (bad ? bad " bad lines" : "all with " n " fields")}'; done
> one line per record, all with 11 fields
> articles: all with 7 fields
> mentions: all with 7 fields
> text: all with 3 fields

# no ESC (or other control byte but tab and newline) from an article reaches text output
$ cd "$TMPDIR_T" && for c in meta text articles; do xinwen $c -j2 -f text --color never h 2> /dev/null; done | tr -cd '\000-\010\013-\037\177' | wc -c
> 0

# (for tests/corpus/accounting.sh, which runs the dev corpus and these inputs together)
$ [ -z "${HOSTILE_KEEP:-}" ] || cp -a "$TMPDIR_T/h" "$HOSTILE_KEEP"
