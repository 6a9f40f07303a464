# textnorm.py — the normalisation the resolver applies before matching names (traditional →
# simplified by data/t2s.inc, then the folds of data/fold.inc), for the generators that write
# name tables: gen-orgs, gen-places, gen-not-names.
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _table(name):
    pairs = {}
    text = open(os.path.join(ROOT, "data", name), encoding="utf-8").read()
    for m in re.finditer(r"\{0x([0-9A-Fa-f]+), 0x([0-9A-Fa-f]+)\}", text):
        pairs[int(m.group(1), 16)] = int(m.group(2), 16)
    return pairs


_T2S, _FOLD = _table("t2s.inc"), _table("fold.inc")


def normalise(s):
    out = []
    for c in s:
        cp = _T2S.get(ord(c), ord(c))
        out.append(chr(_FOLD.get(cp, cp)))
    return "".join(out)
