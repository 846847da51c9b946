/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

/**
 * Limits for reading untrusted data sets. {@code maxJsonBytes} caps each JSON file (COCO's
 * largest, instances_train2017.json, is 448 MB); {@code requireImageFiles} makes every image
 * entry point at an existing regular file.
 */
public record CocoReadOptions(long maxJsonBytes, boolean requireImageFiles) {

    public static final long DEFAULT_MAX_JSON_BYTES = 1L << 30;

    public CocoReadOptions {
        if (maxJsonBytes <= 0) {
            throw new IllegalArgumentException("maxJsonBytes must be positive, got " + maxJsonBytes);
        }
    }

    public static CocoReadOptions defaults() {
        return new CocoReadOptions(DEFAULT_MAX_JSON_BYTES, true);
    }

    public CocoReadOptions withMaxJsonBytes(long bytes) {
        return new CocoReadOptions(bytes, requireImageFiles);
    }

    public CocoReadOptions withRequireImageFiles(boolean require) {
        return new CocoReadOptions(maxJsonBytes, require);
    }
}
