/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLIP's {@code bpe(token)}: a word's UTF-8 bytes become byte symbols, the last one marked
 * end-of-word; then, while some adjacent pair has a merge, the lowest-ranked pair is merged
 * everywhere in the word (left to right, non-overlapping). Results are cached per word.
 */
final class BytePairEncoder {

    /** A cached word holds far fewer entries than this; the cache is simply emptied when full. */
    private static final int MAX_CACHED_WORDS = 200_000;

    /** One word's pieces: their ids and how many UTF-8 bytes of the word each covers. */
    record Pieces(int[] ids, int[] byteCounts) {
    }

    private final Vocabulary vocabulary;
    private final MergeTable merges;
    private final int unknownId;
    private final Map<String, Pieces> cache = new ConcurrentHashMap<>();

    BytePairEncoder(Vocabulary vocabulary, MergeTable merges, int unknownId) {
        this.vocabulary = vocabulary;
        this.merges = merges;
        this.unknownId = unknownId;
    }

    /** The pieces of one pre-tokenized word, given as its byte symbols (one char per UTF-8 byte). */
    Pieces encode(String word) {
        Pieces cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        Pieces pieces = merge(word);
        if (cache.size() >= MAX_CACHED_WORDS) {
            cache.clear();
        }
        cache.put(word, pieces);
        return pieces;
    }

    private Pieces merge(String symbols) {
        int n = symbols.length();
        int[] ids = new int[n];
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            String symbol = String.valueOf(symbols.charAt(i));
            ids[i] = vocabulary.id(i == n - 1 ? symbol + ByteSymbols.END_OF_WORD : symbol);
            counts[i] = 1;
        }
        while (n > 1) {
            int bestRank = Integer.MAX_VALUE;
            int left = -1;
            int right = -1;
            int merged = -1;
            for (int i = 0; i + 1 < n; i++) {
                long packed = ids[i] < 0 || ids[i + 1] < 0 ? -1 : merges.lookup(ids[i], ids[i + 1]);
                if (packed >= 0 && MergeTable.rank(packed) < bestRank) {
                    bestRank = MergeTable.rank(packed);
                    left = ids[i];
                    right = ids[i + 1];
                    merged = MergeTable.mergedId(packed);
                }
            }
            if (merged < 0) {
                break;
            }
            int out = 0;
            for (int i = 0; i < n; i++) {
                if (i + 1 < n && ids[i] == left && ids[i + 1] == right) {
                    ids[out] = merged;
                    counts[out] = counts[i] + counts[i + 1];
                    i++;
                } else {
                    ids[out] = ids[i];
                    counts[out] = counts[i];
                }
                out++;
            }
            n = out;
        }
        int[] finalIds = Arrays.copyOf(ids, n);
        for (int i = 0; i < n; i++) {
            if (finalIds[i] < 0) {
                finalIds[i] = unknownId;
            }
        }
        return new Pieces(finalIds, Arrays.copyOf(counts, n));
    }
}
