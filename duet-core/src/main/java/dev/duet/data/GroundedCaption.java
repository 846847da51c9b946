/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.util.List;

/** A caption of an image with its grounded phrases and hard-negative contrasts; {@code id} is unique within the image. */
public record GroundedCaption(String id, String text, List<GroundedPhrase> phrases, List<PhraseContrast> contrasts) {

    public GroundedCaption {
        if (id == null || id.isEmpty() || text == null) {
            throw new IllegalArgumentException("a caption needs an id and a text");
        }
        phrases = List.copyOf(phrases);
        contrasts = List.copyOf(contrasts);
        for (GroundedPhrase phrase : phrases) {
            if (!phrase.span().fitsIn(text)) {
                throw new IllegalArgumentException("phrase span " + phrase.span() + " lies outside caption " + id);
            }
        }
        for (PhraseContrast contrast : contrasts) {
            if (!contrast.positiveSpan().fitsIn(text)) {
                throw new IllegalArgumentException("contrast span " + contrast.positiveSpan() + " lies outside caption " + id);
            }
        }
    }
}
