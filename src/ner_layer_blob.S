/* ner_layer_blob.S — links data/ner_layer.bin (tools/train) into the binary, 64-byte aligned,
 * between the symbols xinwen_ner_layer_blob and xinwen_ner_layer_blob_end. */
    .section .rodata
    .balign 64
    .globl xinwen_ner_layer_blob
xinwen_ner_layer_blob:
    .incbin "data/ner_layer.bin"
    .globl xinwen_ner_layer_blob_end
xinwen_ner_layer_blob_end:
    .section .note.GNU-stack,"",@progbits
