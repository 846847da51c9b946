/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

/** How the factor rows of a store are kept on disk; embeddings are always float32. */
public enum Precision {
    /** IEEE binary32: the factor exactly as computed */
    FLOAT32(4),
    /** IEEE binary16 (round to nearest even): half the size; magnitudes above 65504 do not fit */
    FLOAT16(2);

    /** The largest finite binary16 value. */
    static final float FLOAT16_MAX = 65504f;

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per stored value. */
    public int bytes() {
        return bytes;
    }

    /** The name in store headers and JSON: {@code float32} or {@code float16}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Precision ofLabel(String label) {
        for (Precision precision : values()) {
            if (precision.label().equals(label)) {
                return precision;
            }
        }
        throw new IllegalArgumentException("precision '" + label + "' is neither float32 nor float16");
    }
}
