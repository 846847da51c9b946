/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text that remembers where each of its UTF-16 chars came from in the caller's original
 * string: char {@code i} stems from the original range {@code [start(i), end(i))}. Every
 * cleaning step (ftfy, HTML unescaping, whitespace collapse, lower-casing) maps one
 * MappedText to another, so token spans can be reported in the caller's coordinates.
 *
 * <p>Byte-level steps of the mojibake repair reuse this class with one char per byte
 * (each char below 256).
 */
final class MappedText {

    private final String text;
    private final int[] starts; // [length] original start of each char
    private final int[] ends;   // [length] original end (exclusive) of each char
    private final int originalEnd; // where an insertion at the end of the text points

    private MappedText(String text, int[] starts, int[] ends, int originalEnd) {
        this.text = text;
        this.starts = starts;
        this.ends = ends;
        this.originalEnd = originalEnd;
    }

    /** The caller's string itself: char i comes from [i, i+1). */
    static MappedText of(String original) {
        int n = original.length();
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = i;
            ends[i] = i + 1;
        }
        return new MappedText(original, starts, ends, n);
    }

    String text() {
        return text;
    }

    int length() {
        return text.length();
    }

    char charAt(int index) {
        return text.charAt(index);
    }

    int start(int index) {
        return starts[index];
    }

    int end(int index) {
        return ends[index];
    }

    /** Smallest original start of chars [from, to); for an empty range, the position there. */
    int unionStart(int from, int to) {
        if (from >= to) {
            return from < starts.length ? starts[from] : originalEnd;
        }
        int min = Integer.MAX_VALUE;
        for (int i = from; i < to; i++) {
            min = Math.min(min, starts[i]);
        }
        return min;
    }

    /** Largest original end of chars [from, to); for an empty range, the position there. */
    int unionEnd(int from, int to) {
        if (from >= to) {
            return unionStart(from, to);
        }
        int max = Integer.MIN_VALUE;
        for (int i = from; i < to; i++) {
            max = Math.max(max, ends[i]);
        }
        return max;
    }

    MappedText slice(int from, int to) {
        int end = to < starts.length ? starts[to] : originalEnd;
        return new MappedText(text.substring(from, to), Arrays.copyOfRange(starts, from, to),
                Arrays.copyOfRange(ends, from, to), end);
    }

    Builder builder() {
        return new Builder(originalEnd, text.length());
    }

    /**
     * Replaces each code point by {@code replacement.apply(codePoint)}; null keeps it as it
     * is, "" deletes it. Every char of a replacement inherits the replaced code point's span.
     */
    MappedText mapCodePoints(IntFunction<String> replacement) {
        Builder out = null;
        int copiedUpTo = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            String r = replacement.apply(cp);
            if (r != null) {
                if (out == null) {
                    out = builder();
                }
                out.copy(this, copiedUpTo, i).replace(this, i, next, r);
                copiedUpTo = next;
            }
            i = next;
        }
        return out == null ? this : out.copy(this, copiedUpTo, text.length()).build();
    }

    /**
     * Python's {@code pattern.sub(function, text)}: each match is replaced by the function's
     * result (null keeps the match), whose chars inherit the union span of the match.
     */
    MappedText replaceAll(Pattern pattern, Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(text);
        Builder out = null;
        int copiedUpTo = 0;
        while (m.find()) {
            String r = replacement.apply(m);
            if (r != null && !r.contentEquals(text.subSequence(m.start(), m.end()))) {
                if (out == null) {
                    out = builder();
                }
                out.copy(this, copiedUpTo, m.start()).replace(this, m.start(), m.end(), r);
                copiedUpTo = m.end();
            }
        }
        return out == null ? this : out.copy(this, copiedUpTo, text.length()).build();
    }

    /** Assembles a new MappedText from pieces of others that share one original string. */
    static final class Builder {
        private final StringBuilder chars;
        private int[] starts;
        private int[] ends;
        private int size;
        private final int originalEnd;

        Builder(int originalEnd, int capacity) {
            this.originalEnd = originalEnd;
            int c = Math.max(16, capacity);
            this.chars = new StringBuilder(c);
            this.starts = new int[c];
            this.ends = new int[c];
        }

        private void grow(int extra) {
            int need = Math.addExact(size, extra);
            if (need > starts.length) {
                int c = Math.max(need, Math.multiplyExact(starts.length, 2));
                starts = Arrays.copyOf(starts, c);
                ends = Arrays.copyOf(ends, c);
            }
        }

        /** Appends chars [from, to) of src with their own spans. */
        Builder copy(MappedText src, int from, int to) {
            grow(to - from);
            chars.append(src.text, from, to);
            System.arraycopy(src.starts, from, starts, size, to - from);
            System.arraycopy(src.ends, from, ends, size, to - from);
            size += to - from;
            return this;
        }

        /** Appends {@code replacement} in place of src's chars [from, to): all get their union span. */
        Builder replace(MappedText src, int from, int to, CharSequence replacement) {
            return put(replacement, src.unionStart(from, to), src.unionEnd(from, to));
        }

        /** Appends chars that all come from the original range [start, end). */
        Builder put(CharSequence s, int start, int end) {
            grow(s.length());
            chars.append(s);
            for (int i = 0; i < s.length(); i++) {
                starts[size] = start;
                ends[size] = end;
                size++;
            }
            return this;
        }

        Builder put(char c, int start, int end) {
            grow(1);
            chars.append(c);
            starts[size] = start;
            ends[size] = end;
            size++;
            return this;
        }

        MappedText build() {
            return new MappedText(chars.toString(), Arrays.copyOf(starts, size),
                    Arrays.copyOf(ends, size), originalEnd);
        }
    }
}
