/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

/** How a sentence encoder turns its last hidden states into one vector (sentence-transformers' {@code Pooling}). */
public enum SentencePooling {
    /** the mean of the attended rows ({@code pooling_mode_mean_tokens}) */
    MEAN,
    /** the [CLS] row ({@code pooling_mode_cls_token}) */
    CLS
}
