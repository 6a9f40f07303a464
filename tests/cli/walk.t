# Folders are read recursively in sorted order, with the extension filter; named files are read
# whatever their extension; hidden entries are skipped; a folder named x.md is a folder.

$ xinwen meta data/folder | jq -r .path
> data/folder/b.md
> data/folder/sub/a.txt
> data/folder/sub/c.html
> data/folder/x.md/inside.md

$ xinwen meta --ext md data/folder | jq -r .path
> data/folder/b.md
> data/folder/x.md/inside.md

$ xinwen meta --ext '*' data/folder | jq -r .path
> data/folder/b.md
> data/folder/notes.doc
> data/folder/sub/a.txt
> data/folder/sub/c.html
> data/folder/x.md/inside.md

$ xinwen meta data/folder/notes.doc | jq -r .path
> data/folder/notes.doc

# output order is input order whatever the number of workers
$ for j in 1 2 3 8; do xinwen meta -j $j data/folder data/good.md data/folder ../../seeds | md5sum; done | uniq | wc -l
> 1

# standard input, and lists of paths (newline or NUL separated)
$ xinwen meta - < data/good.md | jq -r '.path + " " + .title'
> - 外交部：中方愿同各方加强合作

$ printf 'data/good.md\ndata/plain.txt\n\n' | xinwen meta --files-from - | jq -r .path
> data/good.md
> data/plain.txt

$ printf 'data/good.md\0data/folder/sub\0' | xinwen meta -0 --files-from - | jq -r .path
> data/good.md
> data/folder/sub/a.txt
> data/folder/sub/c.html

$ xinwen meta --files-from data/no-such-list
! xinwen: data/no-such-list: cannot open list of files: No such file or directory
? 2

# a named pipe inside a folder is reported, not opened (reading it could block forever); named
# on the command line it is read, like a file
$ mkdir "$TMPDIR_T/f" && mkfifo "$TMPDIR_T/f/pipe.md" && printf '王毅\n' > "$TMPDIR_T/f/a.md" && cd "$TMPDIR_T" && xinwen meta f | jq -r .path; xinwen meta <(printf '王毅\n') | jq -r .chars
> f/a.md
> 2
! xinwen: f/pipe.md: a named pipe (FIFO), not read inside a folder
! 1 articles, 1 errors
