# Input variants: line ends, NUL bytes, control characters, tabs in YAML, empty front matter,
# deep nesting, an empty file.

$ xinwen text data/cr.md data/crlf.md
> 第一段
> 第二段
>
> 第一段
> 第二段

$ xinwen meta data/cr.md data/crlf.md | jq -r .title
> 旧式换行
> CRLF

$ xinwen meta data/nul.md | jq -c '[.replaced_bytes, .chars]'
> [1,3]

$ xinwen meta data/control.md | jq -r '.title + " " + .date'
> 控制�字符 2021-10-01

$ xinwen meta data/tabs.md | jq -r .title
> 制表符

$ xinwen meta data/emptyfm.md | jq -c '[.title, .chars]'
> [null,4]

$ : > "$TMPDIR_T/empty.md"; xinwen meta "$TMPDIR_T/empty.md" | jq -c '[.title, .chars, .encoding]'
> [null,0,"UTF-8"]

# nesting 100,000 deep keeps its text
$ { printf '<div>%.0s' $(seq 100000); printf '深处'; } > "$TMPDIR_T/deep.html"; xinwen text "$TMPDIR_T/deep.html"
> 深处
