# --model: the LAC model's own tags decide persons, places and orgs (raw, the default), or
# xinwen's trained output layer (trained), with the resolution rules on top of either.

# the default is raw
$ s='外交部长王毅昨天在北京会见了美国国务卿布林肯。'; diff <(echo "$s" | xinwen tag) <(echo "$s" | xinwen tag --model raw) && echo same
> same

# raw: LAC's tags; the trained layer also finds 外交部 (a retrained layer that changes what
# either finds shows here)
$ echo '外交部长王毅昨天在北京会见了美国国务卿布林肯。' | xinwen tag --model raw | jq -c '[.entities[] | [.type, .text]]'
> [["person","王毅"],["date","昨天"],["place","北京"],["country","美国"],["person","布林肯"]]

$ echo '外交部长王毅昨天在北京会见了美国国务卿布林肯。' | xinwen tag --model trained | jq -c '[.entities[] | [.type, .text]]'
> [["org","外交部"],["person","王毅"],["date","昨天"],["place","北京"],["country","美国"],["person","布林肯"]]

# every command that recognises entities takes it; dates and countries do not depend on it
$ for m in raw trained; do xinwen articles --model $m --types country,date ../../seeds/002_54293bdf30a925da.txt | jq -c '[.entities.country[].name, (.entities.date | length)]'; done | uniq | wc -l
> 1

$ xinwen summary --model trained -f json --top 3 ../../seeds | jq -r '.articles'
> 5

$ xinwen mentions --model trained --types person ../../seeds/003_72e9bcb0292d5618.txt | grep -c 王毅
> 5

# a model that does not exist is a usage error
$ echo x | xinwen tag --model best
! xinwen: --model takes raw or trained, not 'best'
! Try 'xinwen --help' for more information.
? 2
