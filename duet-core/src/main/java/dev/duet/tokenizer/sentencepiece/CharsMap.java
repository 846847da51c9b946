/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import dev.duet.tokenizer.sentencepiece.SentencePieceException.Reason;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A normaliser's {@code precompiled_charsmap}: {@code <trie size: uint32 LE><double-array
 * trie><NUL-terminated replacement strings>}. The trie (Darts-clone: one uint32 unit per node,
 * holding its label, a has-leaf bit and the XOR offset to its children) maps UTF-8 keys to the
 * offset of their replacement. Every node reachable from the root is visited once when the map
 * is read, so that no later lookup can index outside the units or the strings.
 */
final class CharsMap {

    private final int[] units;       // [trie size / 4] double-array units
    private final byte[] strings;    // replacement strings, each ending with NUL

    private CharsMap(int[] units, byte[] strings) {
        this.units = units;
        this.strings = strings;
    }

    static CharsMap parse(Path file, byte[] blob) {
        if (blob.length <= 4) {
            throw bad(file, "a character map of " + blob.length + " bytes");
        }
        long trieSize = (blob[0] & 0xFFL) | (blob[1] & 0xFFL) << 8 | (blob[2] & 0xFFL) << 16 | (blob[3] & 0xFFL) << 24;
        if (trieSize == 0 || trieSize % 4 != 0 || trieSize > blob.length - 4) {
            throw bad(file, "a trie of " + trieSize + " bytes in a character map of " + blob.length);
        }
        int[] units = new int[(int) (trieSize / 4)];
        for (int i = 0; i < units.length; i++) {
            int o = 4 + 4 * i;
            units[i] = (blob[o] & 0xFF) | (blob[o + 1] & 0xFF) << 8 | (blob[o + 2] & 0xFF) << 16 | (blob[o + 3] & 0xFF) << 24;
        }
        CharsMap map = new CharsMap(units, Arrays.copyOfRange(blob, 4 + (int) trieSize, blob.length));
        map.validate(file);
        return map;
    }

    private static boolean hasLeaf(int unit) {
        return ((unit >>> 8) & 1) == 1;
    }

    private static int value(int unit) {
        return unit & 0x7FFF_FFFF;
    }

    /** A leaf unit has its top bit set, so it never equals a byte label. */
    private static int label(int unit) {
        return unit & (0x8000_0000 | 0xFF);
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    /** Walks every transition from the root: each child index, leaf and replacement string must lie inside. */
    private void validate(Path file) {
        int n = units.length;
        int root = offset(units[0]);
        if (root >= n) {
            throw bad(file, "the trie's root points outside it");
        }
        boolean[] visited = new boolean[n];
        ArrayDeque<Integer> pending = new ArrayDeque<>();
        visited[root] = true;
        pending.push(root);
        while (!pending.isEmpty()) {
            int node = pending.pop();
            for (int c = 0; c < 256; c++) {
                int child = node ^ c;
                if (child >= n) {
                    throw bad(file, "a trie transition outside it");
                }
                int unit = units[child];
                if (label(unit) != c) {
                    continue;
                }
                int next = child ^ offset(unit);
                if (next >= n) {
                    throw bad(file, "a trie node whose children lie outside it");
                }
                if (hasLeaf(unit)) {
                    replacementEnd(file, value(units[next]));
                }
                if (!visited[next]) {
                    visited[next] = true;
                    pending.push(next);
                }
            }
        }
    }

    /** Index of the NUL that ends the replacement starting at {@code start}. */
    private int replacementEnd(Path file, int start) {
        if (start >= strings.length) {
            throw bad(file, "a replacement at " + start + " past the " + strings.length + " bytes of strings");
        }
        for (int i = start; i < strings.length; i++) {
            if (strings[i] == 0) {
                return i;
            }
        }
        throw bad(file, "a replacement string without its NUL");
    }

    /**
     * The longest key that is a prefix of {@code input[from, to)}, as Darts-clone's
     * commonPrefixSearch finds them: returns its length in bytes (0 when none) and sets
     * {@code replacement[0]} to the offset of its replacement.
     */
    int longestMatch(byte[] input, int from, int to, int[] replacement) {
        int node = offset(units[0]);
        int longest = 0;
        for (int i = from; i < to; i++) {
            int c = input[i] & 0xFF;
            node ^= c;
            int unit = units[node];
            if (label(unit) != c) {
                break;
            }
            node ^= offset(unit);
            if (hasLeaf(unit)) {
                longest = i + 1 - from;
                replacement[0] = value(units[node]);
            }
        }
        return longest;
    }

    /** The replacement strings; the one a match returned starts at its offset and ends before a NUL. */
    byte[] strings() {
        return strings;
    }

    /** Length of the replacement at {@code start}, whose NUL was found when the map was read. */
    int replacementLength(int start) {
        int i = start;
        while (strings[i] != 0) {
            i++;
        }
        return i - start;
    }

    private static SentencePieceException bad(Path file, String problem) {
        return new SentencePieceException(file, Reason.BAD_CHARSMAP, "precompiled_charsmap holds " + problem);
    }
}
