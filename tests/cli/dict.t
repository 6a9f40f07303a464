# --dict FILE: a user dictionary adds or overrides names; errors name the file and line.

$ echo '伊朗外长阿卜杜拉希扬访问无锡，东伊运发表声明' | xinwen tag --dict data/dict/good.tsv | jq -c '[.entities[] | [.type, .text, .country // .code]]'
> [["country","伊朗","IR"],["person","阿卜杜拉希扬","IR"],["place","无锡","CN"],["org","东伊运",null]]

$ xinwen articles --dict data/dict/good.tsv --types person,place ../../seeds/001_984c75328487541a.txt | jq -c '[.entities.person[1].name, (.entities.place[] | select(.name == "无锡") | .country)]'
> ["侯赛因·阿米尔-阿卜杜拉希扬","CN"]

$ xinwen mentions --dict data/dict/good.tsv --types org ../../seeds/002_54293bdf30a925da.txt | cut -f3 | grep -c '东伊运（组织）'
> 2

$ xinwen tag --dict data/dict/bad-type.tsv < /dev/null
! xinwen: data/dict/bad-type.tsv:1: type must be person, country, place or org, not 'leader'
? 2

$ xinwen tag --dict data/dict/no-code.tsv < /dev/null
! xinwen: data/dict/no-code.tsv:3: country '某国' needs an ISO code (4th column)
? 2

$ xinwen meta --dict data/dict/bad-code.tsv data/good.md
! xinwen: data/dict/bad-code.tsv:1: 'ZZ' is not an ISO 3166-1 alpha-2 code
? 2

$ xinwen tag --dict data/dict/missing.tsv < /dev/null
! xinwen: data/dict/missing.tsv: cannot read dictionary: No such file or directory
? 2
