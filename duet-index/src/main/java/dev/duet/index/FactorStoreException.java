/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import dev.duet.BadInputException;

import java.nio.file.Path;

/** A factor store file that cannot be used, with the rule it breaks; the message is one line naming the file. */
public final class FactorStoreException extends BadInputException {

    /** Every rule of the store format, each with its own test. */
    public enum Reason {
        /** shorter than its fixed prefix, or the magic bytes are not Duet's */
        NOT_A_STORE,
        /** a format version this Duet does not read */
        UNSUPPORTED_VERSION,
        /** the header length is out of range or runs past the end of the file */
        HEADER_SIZE,
        /** the header is not a JSON object, or a field is missing or invalid */
        HEADER,
        /** the data section is not exactly count x item size after the aligned header */
        SIZE_MISMATCH,
        /** the alignment bytes between header and data are not zero */
        PADDING,
        /** two items share a key */
        DUPLICATE_KEY,
        /** an embedding or factor value is NaN or infinite */
        NON_FINITE,
        /** written for another model or with other settings than the reader expects */
        OTHER_SETTINGS
    }

    private final Reason reason;

    public FactorStoreException(Path file, Reason reason, String problem) {
        super(file, problem);
        this.reason = reason;
    }

    public FactorStoreException(Path file, Reason reason, String problem, Throwable cause) {
        super(file, problem, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
