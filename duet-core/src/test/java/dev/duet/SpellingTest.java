/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet;

import dev.duet.explain.ImageMode;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each concept has one external spelling, read back to the same constant. */
class SpellingTest {

    @Test
    void theQuadratureRulesAreSpelledInLowerCaseWithHyphens() {
        assertEquals(List.of("riemann", "gauss-legendre", "adaptive"),
                List.of(Quadrature.values()).stream().map(Spelling::of).toList());
        assertEquals("riemann | gauss-legendre | adaptive", Spelling.choices(Quadrature.class));
    }

    @Test
    void everySpellingReadsBackToItsConstant() {
        for (Class<? extends Enum<?>> type : List.of(Quadrature.class, Normalization.class, ImageMode.class)) {
            for (Enum<?> value : type.getEnumConstants()) {
                assertEquals(Optional.of(value), parse(type, Spelling.of(value)));
            }
        }
    }

    @Test
    void otherSpellingsAreNotRead() {
        for (String other : List.of("gauss", "GAUSS_LEGENDRE", "gauss_legendre", "Riemann", " adaptive", "")) {
            assertEquals(Optional.empty(), Spelling.parse(Quadrature.class, other), other);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Optional<?> parse(Class<? extends Enum<?>> type, String text) {
        return Spelling.parse((Class) type, text);
    }
}
