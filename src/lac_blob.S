/* lac_blob.S — links data/lac_small.bin (tools/lac-convert) into the binary, 64-byte aligned,
 * between the symbols xinwen_lac_blob and xinwen_lac_blob_end. */
    .section .rodata
    .balign 64
    .globl xinwen_lac_blob
xinwen_lac_blob:
    .incbin "data/lac_small.bin"
    .globl xinwen_lac_blob_end
xinwen_lac_blob_end:
    .section .note.GNU-stack,"",@progbits
