/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import dev.duet.report.Selections;
import dev.duet.tokenizer.Encoding;

/**
 * A computed explanation held for the page's selections.
 *
 * @param id         what the page calls it in selection requests
 * @param seconds    time to compute it (0 when both factors came from the cache)
 */
record Explained(String id, ExplainRequest request, StoredImage image, Encoding caption, Selections selections,
                 double seconds) {
}
