/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one external spelling of an enum constant that names a concept (a quadrature rule, an
 * image mode, a normalisation): its name in lower case with {@code -} for {@code _}, so
 * {@code GAUSS_LEGENDRE} is {@code gauss-legendre}. The command line, the server's parameters,
 * the JSON Duet writes and factor files' metadata all use it; inside Duet the enum is the concept.
 */
public final class Spelling {

    private Spelling() {
    }

    /** {@code GAUSS_LEGENDRE} -> {@code gauss-legendre}. */
    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant spelled {@code text} (exactly, as {@link #of} spells it), if there is one. */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
        for (E value : type.getEnumConstants()) {
            if (of(value).equals(text)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Every spelling of {@code type}, in declaration order: {@code riemann | gauss-legendre | adaptive}. */
    public static String choices(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Spelling::of).collect(Collectors.joining(" | "));
    }
}
