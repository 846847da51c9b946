/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import dev.duet.image.PreprocessedImage;

/**
 * An image the page can explain: an example shipped with Duet or an upload.
 *
 * @param id           what the page calls it: {@code ex-NAME} or {@code up-HASH}
 * @param name         shown to the person
 * @param width        the original's width in pixels
 * @param height       the original's height in pixels
 * @param png          the decoded pixels re-encoded, the only form ever sent back to a browser
 * @param preprocessed the model's crop of it
 */
record StoredImage(String id, String name, int width, int height, byte[] png, PreprocessedImage preprocessed) {
}
