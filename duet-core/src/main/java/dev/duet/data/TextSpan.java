/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

/** The characters [start, end) of a caption (Java string indices, UTF-16 units). */
public record TextSpan(int start, int end) {

    public TextSpan {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("span must satisfy 0 <= start < end, got [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    public boolean fitsIn(String text) {
        return end <= text.length();
    }

    public String of(String text) {
        return text.substring(start, end);
    }
}
