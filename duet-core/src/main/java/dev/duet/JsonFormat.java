/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON documents Duet writes, each with its own format version. Every document begins with
 * {@code format} (this constant's name in lower case), {@code format_version} (raised when a
 * field changes meaning or goes away; new fields keep it) and {@code duet_version}, so tools can
 * check what they read.
 */
public enum JsonFormat {
    /** {@code explain --json}: the interaction matrix with completeness and settings. */
    EXPLANATION(1),
    /** {@code explain-texts --json}: a sentence pair's token-by-token matrix with completeness and settings. */
    SENTENCE_EXPLANATION(1),
    /** {@code tokenize --json}: ids, pieces and character spans. */
    TOKENS(1),
    /** {@code preprocess --json}: crop geometry and the pixel tensor's checksum. */
    PREPROCESSING(1),
    /** {@code embed --json}: embeddings and the cosine matrix. */
    EMBEDDINGS(1),
    /** {@code evaluate --json}: held-out retrieval, hard-negative and grounding scores. */
    EVALUATION(1),
    /** {@code search --json}: ranked images of an index, with their explanations when asked. */
    SEARCH(1);

    private final int version;

    JsonFormat(int version) {
        this.version = version;
    }

    public int version() {
        return version;
    }

    /** A new document of this format, its three identifying fields already in place. */
    public ObjectNode newDocument() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", name().toLowerCase(java.util.Locale.ROOT));
        root.put("format_version", version);
        root.put("duet_version", Version.VALUE);
        return root;
    }
}
