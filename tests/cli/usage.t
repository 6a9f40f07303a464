# Usage errors exit 2 with one message and a hint; help and version exit 0 on stdout.

$ xinwen --version | head -1
> xinwen 0.1.0

# and how the embedded NER layer was trained: its training and dev data, so no one reports a
# score on them as a test (bench/eval-ner reads this line)
$ xinwen --version | sed -n 2p | grep -o '^ner layer: tools/train: train [^;]*; dev [^;]*;'
~ ner layer: tools/train: train

$ xinwen
! xinwen: no command given (commands: meta, text, articles, mentions, summary, merge, tag)
! Try 'xinwen --help' for more information.
? 2

$ xinwen fetch data/good.md
! xinwen: 'fetch' is not a command (commands: meta, text, articles, mentions, summary, merge, tag)
! Try 'xinwen --help' for more information.
? 2

$ xinwen meta
! xinwen: no input paths (give files or folders, or - for standard input)
! Try 'xinwen --help' for more information.
? 2

$ xinwen meta --format xml data/good.md
! xinwen: unknown format 'xml' (use jsonl, json, tsv or text)
! Try 'xinwen --help' for more information.
? 2

$ xinwen meta -j 0 data/good.md
! xinwen: --jobs needs a number from 1 to 256, not '0'
! Try 'xinwen --help' for more information.
? 2

$ xinwen meta --jobs=2x data/good.md
! xinwen: --jobs needs a number from 1 to 256, not '2x'
! Try 'xinwen --help' for more information.
? 2

$ xinwen meta --tz Asia/Shanghai data/good.md
! xinwen: unknown time zone 'Asia/Shanghai' (use an offset such as +08:00, or UTC)
! Try 'xinwen --help' for more information.
? 2

$ xinwen meta --max-size 10Q data/good.md
! xinwen: --max-size needs a size such as 64M, not '10Q'
! Try 'xinwen --help' for more information.
? 2

$ xinwen meta --bogus data/good.md
! xinwen: unknown option '--bogus'
! Try 'xinwen --help' for more information.
? 2

$ xinwen meta -x data/good.md
! xinwen: unknown option '-x'
! Try 'xinwen --help' for more information.
? 2

$ xinwen meta --quiet=yes data/good.md
! xinwen: option '--quiet' takes no argument
! Try 'xinwen --help' for more information.
? 2

$ xinwen meta data/good.md --format
! xinwen: option '--format' needs an argument
! Try 'xinwen --help' for more information.
? 2

$ xinwen meta - - < data/good.md
! xinwen: standard input can be read only once (- given twice, or with --files-from -)
! Try 'xinwen --help' for more information.
? 2

# --help goes to stdout and names every command
$ xinwen --help
~ Usage: xinwen COMMAND
~   meta
~   text
~ Exit status

$ xinwen help text
~ Usage: xinwen text [OPTION]... PATH...
~ Default format: text.

$ xinwen meta --help
~ Usage: xinwen meta [OPTION]... PATH...
~ Default format: jsonl.

# every option of the option table is in --help and in the man page
$ for o in $(xinwen --list-options); do xinwen --help | grep -q -- " $o" || echo "not in --help: $o"; grep -q -- "${o//-/\\\\-}" ../../man/xinwen.1 || echo "not in man page: $o"; done; echo checked
> checked

# a full stdout is reported, with exit status 2
$ xinwen meta data/good.md > /dev/full
! xinwen: writing output failed: No space left on device
? 2
