/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.safetensors;

import dev.duet.BadInputException;

import java.nio.file.Path;

/** A safetensors file that cannot be trusted, with the rule it broke. */
public final class SafetensorsException extends BadInputException {

    /** Every rule a safetensors file is checked against; one test per reason. */
    public enum Reason {
        TOO_SMALL,
        HEADER_TOO_LARGE,
        HEADER_OUTSIDE_FILE,
        HEADER_NOT_JSON,
        DUPLICATE_NAME,
        BAD_ENTRY,
        UNKNOWN_DTYPE,
        SIZE_MISMATCH,
        OFFSETS_OUTSIDE_DATA,
        OFFSETS_NOT_CONTIGUOUS,
        MISSING_TENSOR,
        UNSUPPORTED_DTYPE,
        NON_FINITE,
        UNREADABLE,
        /** A shard index ({@code *.safetensors.index.json}) that is not the JSON object the hub writes. */
        BAD_INDEX,
        /** A shard that the index names is not beside it. */
        MISSING_SHARD,
        /** A tensor held by two shards. */
        OVERLAPPING_TENSOR
    }

    private final Reason reason;

    public SafetensorsException(Path file, Reason reason, String problem) {
        this(file, reason, problem, null);
    }

    public SafetensorsException(Path file, Reason reason, String problem, Throwable cause) {
        super(file, problem, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
