package dev.duet.tokenizer.sentencepiece;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** A trie of the given keys (UTF-8 bytes) and ids; the keys are distinct. */
    static PieceTrie of(List<byte[]> keys, List<Integer> ids) {
        List<TreeMap<Integer, Integer>> children = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        children.add(new TreeMap<>());
        values.add(-1);
        for (int k = 0; k < keys.size(); k++) {
            int node = ROOT;
            for (byte b : keys.get(k)) {
                Integer next = children.get(node).get(b & 0xFF);
                if (next == null) {
                    next = children.size();
                    children.add(new TreeMap<>());
                    values.add(-1);
                    children.get(node).put(b & 0xFF, next);
                }
                node = next;
            }
            values.set(node, ids.get(k));
        }
        int nodes = children.size();
        int[] childStart = new int[nodes + 1];
        for (int n = 0; n < nodes; n++) {
            childStart[n + 1] = childStart[n] + children.get(n).size();
        }
        int[] labels = new int[childStart[nodes]];
        int[] targets = new int[childStart[nodes]];
        int[] valueArray = new int[nodes];
        for (int n = 0; n < nodes; n++) {
            int e = childStart[n];
            for (Map.Entry<Integer, Integer> edge : children.get(n).entrySet()) {
                labels[e] = edge.getKey();
                targets[e] = edge.getValue();
                e++;
            }
            valueArray[n] = values.get(n);
        }
        return new PieceTrie(childStart, labels, targets, valueArray);
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
