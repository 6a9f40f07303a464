# Each failed input is one line on stderr, "xinwen: PATH: message", in input order; the run
# goes on, a closing count follows, and the exit status is 1.

$ xinwen meta data/missing.md
! xinwen: data/missing.md: No such file or directory
! 0 articles, 1 errors
? 1

$ xinwen text data/nofm.md data/missing.md data/plain.txt
> 没有前置元数据的文章。
> 第二段。
>
> 第一行是一段。
> 第二行是另一段。
> 第三段有缩进。
! xinwen: data/missing.md: No such file or directory
! 2 articles, 1 errors
? 1

$ xinwen -q meta data/missing.md
! xinwen: data/missing.md: No such file or directory
? 1

$ xinwen meta data/unterminated.md
! xinwen: data/unterminated.md: front matter not terminated (no closing '---' line)
! 0 articles, 1 errors
? 1

$ xinwen meta data/badyaml.md
! xinwen: data/badyaml.md: front matter: YAML error at line 3, column 5: did not find expected ',' or ']' while parsing a flow sequence
! 0 articles, 1 errors
? 1

$ xinwen meta data/binary.md
! xinwen: data/binary.md: binary file (PNG image)
! 0 articles, 1 errors
? 1

$ xinwen meta --max-size 100 data/good.md
! xinwen: data/good.md: file too large (437 bytes; the limit is 100 bytes, see --max-size)
! 0 articles, 1 errors
? 1

# an unparseable date is not an error: date is null and date_raw keeps what was written
$ xinwen meta data/baddate.md | jq -c '[.date, .date_utc, .date_raw]'
> [null,null,"昨天下午"]

# dangling symbolic links and loops inside folders are reported, the rest is read
$ xinwen meta data/dangling data/loop | jq -r .path
> data/dangling/ok.md
> data/loop/inner/a.md
! xinwen: data/dangling/gone.md: dangling symbolic link (its target does not exist)
! xinwen: data/loop/inner/back: symbolic link loop (leads back to data/loop), not followed
! 2 articles, 2 errors

# a closed pipe ends the run quietly with status 0
$ yes data/good.md | head -3000 | xinwen text -j2 --files-from - | head -1; echo "status ${PIPESTATUS[2]}"
> 外交部发言人答记者问
> status 0

$ head -c 2000 /dev/zero > "$TMPDIR_T/zeros.md"; xinwen meta "$TMPDIR_T/zeros.md" 2>&1 | sed "s|$TMPDIR_T|TMP|"
> xinwen: TMP/zeros.md: binary file (control bytes), not an article
> 0 articles, 1 errors
