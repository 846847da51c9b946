/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

/** {@code ModelProto.SentencePiece.Type}: what a vocabulary entry is, with its protobuf number. */
public enum PieceType {
    /** A piece segmentation may produce. */
    NORMAL(1),
    /** The one piece for text no other piece covers ({@code <unk>}). */
    UNKNOWN(2),
    /** A symbol such as {@code <s>}, {@code </s>}: never produced from text. */
    CONTROL(3),
    /** A piece always kept whole: passed through the normaliser unchanged and preferred by segmentation. */
    USER_DEFINED(4),
    /** A piece segmentation never produces (BPE splits it back into the pieces it was merged from). */
    UNUSED(5),
    /** One of the 256 byte pieces {@code <0x00>} .. {@code <0xFF>} of byte fallback. */
    BYTE(6);

    private final int number;

    PieceType(int number) {
        this.number = number;
    }

    /** The protobuf number. */
    int number() {
        return number;
    }

    /** The type with this protobuf number, or null. */
    static PieceType of(long number) {
        for (PieceType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }
}
