/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.util.Locale;
import java.util.Optional;

/** Which kind of word a hard negative replaced; the JSON name is the lower-case constant name. */
public enum SwapKind {
    COLOUR, SHAPE, SIZE, RELATION, COUNT;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SwapKind> fromJsonName(String name) {
        for (SwapKind kind : values()) {
            if (kind.jsonName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
