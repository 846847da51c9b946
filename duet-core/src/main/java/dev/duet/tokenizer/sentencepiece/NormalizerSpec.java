/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

/**
 * {@code NormalizerSpec}: the rule set's name (informative only: the rules themselves are the
 * compiled {@code precompiledCharsmap}, empty for "identity") and the whitespace options.
 */
public record NormalizerSpec(String name, byte[] precompiledCharsmap, boolean addDummyPrefix,
                             boolean removeExtraWhitespaces, boolean escapeWhitespaces) {

    public NormalizerSpec {
        precompiledCharsmap = precompiledCharsmap.clone();
    }

    @Override
    public byte[] precompiledCharsmap() {
        return precompiledCharsmap.clone();
    }

    /** The same spec with {@code add_dummy_prefix} set, as a tokenizer that merges its own spec into the model's does. */
    public NormalizerSpec withAddDummyPrefix(boolean value) {
        return new NormalizerSpec(name, precompiledCharsmap, value, removeExtraWhitespaces, escapeWhitespaces);
    }
}
