/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

/**
 * What a reader does with one malformed record of a data set (a bad box, a span outside its
 * caption, a missing image, an unknown category): leave it out and count it, or stop with a
 * {@link dev.duet.BadInputException}. A file that cannot be parsed at all always stops.
 */
public enum BadRecordPolicy {
    SKIP, FAIL
}
