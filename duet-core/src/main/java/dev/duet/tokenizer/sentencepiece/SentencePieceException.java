/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import dev.duet.BadInputException;

import java.nio.file.Path;

/** A SentencePiece {@code .model} file that cannot be trusted, with the rule it broke. */
public final class SentencePieceException extends BadInputException {

    /** Every rule a model file is checked against; one test per reason. */
    public enum Reason {
        /** A varint longer than 10 bytes, or running past its message. */
        BAD_VARINT,
        /** A field whose length or fixed-size value runs past the end of its message (a truncated file). */
        TRUNCATED,
        /** A wire type the model's messages never use (groups, or the reserved types 6 and 7). */
        BAD_WIRE_TYPE,
        /** Field number 0, which protobuf forbids. */
        BAD_FIELD_NUMBER,
        /** A known field sent with another wire type than its declaration's. */
        WRONG_WIRE_TYPE,
        /** A string field that is not UTF-8. */
        BAD_UTF8,
        /** An enum value that the model's schema does not define. */
        UNKNOWN_ENUM_VALUE,
        /** A model type Duet does not segment (WORD, CHAR). */
        UNSUPPORTED_MODEL_TYPE,
        /** No pieces: not a SentencePiece model. */
        NO_PIECES,
        /** An empty piece, which SentencePiece refuses. */
        EMPTY_PIECE,
        /** Two pieces with the same text. */
        DUPLICATE_PIECE,
        /** No UNKNOWN piece, or more than one. */
        BAD_UNKNOWN_PIECE,
        /** A BYTE piece that is not {@code <0xNN>}, a BYTE piece without byte fallback, or byte fallback without all 256. */
        BAD_BYTE_PIECES,
        /** A precompiled character map whose trie or strings lie outside the blob. */
        BAD_CHARSMAP
    }

    private final Reason reason;

    public SentencePieceException(Path file, Reason reason, String problem) {
        this(file, reason, problem, null);
    }

    public SentencePieceException(Path file, Reason reason, String problem, Throwable cause) {
        super(file, "not a usable SentencePiece model: " + problem, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
