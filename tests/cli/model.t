# --model: the LAC model's own tags decide persons, places and orgs (raw, the default), or
# xinwen's trained output layer (trained), with the resolution rules on top of either.

# the default is raw
$ s='外交部长王毅昨天在北京会见了美国国务卿布林肯。'; diff <(echo "$s" | xinwen tag) <(echo "$s" | xinwen tag --model raw) && echo same
> same

# raw: LAC's tags take 曼利 for an org; the trained layer finds the person, and 京 (Beijing)
# as MSRA's annotation has them (a retrained layer that changes what either finds shows here)
$ echo '曼利是应国家经贸委邀请于16日抵京的。' | xinwen tag --model raw | jq -c '[.entities[] | [.type, .text]]'
> [["org","曼利"],["org","国家经贸委"],["date","16日"]]

$ echo '曼利是应国家经贸委邀请于16日抵京的。' | xinwen tag --model trained | jq -c '[.entities[] | [.type, .text]]'
> [["person","曼利"],["org","国家经贸委"],["date","16日"],["place","京"]]

# every command that recognises entities takes it; dates and countries do not depend on it
$ for m in raw trained; do xinwen articles --model $m --types country,date ../../seeds/002_54293bdf30a925da.txt | jq -c '[.entities.country[].name, (.entities.date | length)]'; done | uniq | wc -l
> 1

$ xinwen summary --model trained -f json --top 3 ../../seeds | jq -r '.articles'
> 5

$ xinwen mentions --model trained --types person ../../seeds/003_72e9bcb0292d5618.txt | grep -c 王毅
> 5

# a model that is neither a name nor a file is a usage error
$ echo x | xinwen tag --model best
! xinwen: --model takes raw, trained or a layer file, not 'best' (No such file or directory)
! Try 'xinwen --help' for more information.
? 2

# any other value is a layer file tools/train wrote: the embedded layer's own file tags the same
$ s='外交部长王毅昨天在北京会见了美国国务卿布林肯。'; diff <(echo "$s" | xinwen tag --model trained) <(echo "$s" | xinwen tag --model ../../data/ner_layer.bin) && echo same
> same

$ xinwen articles --model ../../data/ner_layer.bin --types person ../../seeds/003_72e9bcb0292d5618.txt | jq -r '.entities.person[0].name'
> 王毅

# --version says what the layer of a --model FILE before it was trained on
$ diff <(xinwen --version) <(xinwen --model ../../data/ner_layer.bin --version) && echo same
> same

$ xinwen --model ../../README.md --version | sed -n 2p
> ner layer: unusable (../../README.md: not an xinwen NER layer file)

# a file that is not a layer, a damaged one, one of other shapes, a directory: status 2, naming it
$ echo x | xinwen tag --model ../../README.md
! xinwen: ../../README.md: not an xinwen NER layer file
? 2

$ t=$(mktemp); head -c 5000 ../../data/ner_layer.bin > $t; echo x | xinwen tag --model $t 2>&1 | sed "s|$t|LAYER|"; rm $t
> xinwen: LAYER: NER layer: checksum mismatch

$ t=$(mktemp); cp ../../data/ner_layer.bin $t; printf '\001' | dd of=$t bs=1 seek=20 conv=notrunc 2>/dev/null; echo x | xinwen tag --model $t 2>&1 | sed "s|$t|LAYER|"; rm $t
> xinwen: LAYER: NER layer: its shapes are not this build's (retrain it with this version's tools/train)

$ echo x | xinwen tag --model ..
! xinwen: ..: cannot read NER layer: Is a directory
? 2

$ echo x | xinwen tag --model ''
! xinwen: --model takes raw, trained or a layer file, not '' (No such file or directory)
! Try 'xinwen --help' for more information.
? 2
