/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import java.util.Arrays;
import java.util.List;

/**
 * A byte-level trie from UTF-8 keys to ids, built once from a model's pieces. Walked one byte
 * at a time ({@link #child}), as SentencePiece walks its Darts trie, so that segmentation sees
 * every piece that starts at a position in order of length.
 */
final class PieceTrie {

    static final int ROOT = 0;

    private final int[] childStart; // [nodes + 1] node n's children are [childStart[n], childStart[n+1])
    private final int[] labels;     // [edges] byte label of each edge, ascending within a node
    private final int[] targets;    // [edges] child node of each edge
    private final int[] values;     // [nodes] id of the key ending at the node, or -1

    private PieceTrie(int[] childStart, int[] labels, int[] targets, int[] values) {
        this.childStart = childStart;
        this.labels = labels;
        this.targets = targets;
        this.values = values;
    }

    /**
     * A trie of the given keys (UTF-8 bytes) and ids; the keys are distinct. Built from the keys
     * in unsigned byte order, nodes numbered breadth first, so that each node's edges are
     * contiguous and sorted and nothing but int arrays is allocated (a node per distinct prefix
     * of the keys, which a large vocabulary has many of).
     */
    static PieceTrie of(List<byte[]> keys, List<Integer> ids) {
        Integer[] order = new Integer[keys.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys.get(a), keys.get(b)));
        byte[][] sorted = new byte[order.length][];
        int[] sortedIds = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            sorted[k] = keys.get(order[k]);
            sortedIds[k] = ids.get(order[k]);
        }
        // node n covers the sorted keys [from[n], to[n]) that share its first depth[n] bytes
        IntArray from = new IntArray();
        IntArray to = new IntArray();
        IntArray depth = new IntArray();
        IntArray childStart = new IntArray();
        IntArray labels = new IntArray();
        IntArray targets = new IntArray();
        IntArray values = new IntArray();
        from.add(0);
        to.add(sorted.length);
        depth.add(0);
        for (int node = 0; node < from.size(); node++) {
            childStart.add(labels.size());
            int k = from.get(node);
            int end = to.get(node);
            int d = depth.get(node);
            int value = -1;
            if (k < end && sorted[k].length == d) { // the shortest key sorts first
                value = sortedIds[k];
                k++;
            }
            values.add(value);
            while (k < end) {
                int label = sorted[k][d] & 0xFF;
                int groupEnd = k + 1;
                while (groupEnd < end && (sorted[groupEnd][d] & 0xFF) == label) {
                    groupEnd++;
                }
                labels.add(label);
                targets.add(from.size());
                from.add(k);
                to.add(groupEnd);
                depth.add(d + 1);
                k = groupEnd;
            }
        }
        childStart.add(labels.size());
        return new PieceTrie(childStart.toArray(), labels.toArray(), targets.toArray(), values.toArray());
    }

    /** A growing int array. */
    private static final class IntArray {
        private int[] items = new int[16];
        private int size;

        void add(int value) {
            if (size == items.length) {
                items = Arrays.copyOf(items, Math.multiplyExact(items.length, 2));
            }
            items[size++] = value;
        }

        int get(int index) {
            return items[index];
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return Arrays.copyOf(items, size);
        }
    }

    /** The node reached from {@code node} by byte {@code b}, or -1. */
    int child(int node, byte b) {
        int label = b & 0xFF;
        int lo = childStart[node];
        int hi = childStart[node + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int l = labels[mid];
            if (l < label) {
                lo = mid + 1;
            } else if (l > label) {
                hi = mid - 1;
            } else {
                return targets[mid];
            }
        }
        return -1;
    }

    /** The id of the key that ends at {@code node}, or -1. */
    int value(int node) {
        return values[node];
    }

    /** The id of key {@code bytes[from, to)}, or -1. */
    int get(byte[] bytes, int from, int to) {
        int node = ROOT;
        for (int i = from; i < to && node >= 0; i++) {
            node = child(node, bytes[i]);
        }
        return node < 0 ? -1 : values[node];
    }

    /** Length of the longest key that is a prefix of {@code bytes[from, to)}, 0 when none is. */
    int longestPrefix(byte[] bytes, int from, int to) {
        int node = ROOT;
        int longest = 0;
        for (int i = from; i < to; i++) {
            node = child(node, bytes[i]);
            if (node < 0) {
                break;
            }
            if (values[node] >= 0) {
                longest = i + 1 - from;
            }
        }
        return longest;
    }
}
