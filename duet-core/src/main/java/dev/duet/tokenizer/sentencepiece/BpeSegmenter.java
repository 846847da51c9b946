/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * BPE segmentation as {@code bpe::Model::Encode} (SampleEncode without dropout): the text
 * starts as chars (a user-defined piece as one frozen symbol), and the adjacent pair whose
 * concatenation is a piece with the highest score is merged first (ties: the leftmost), until
 * no pair is a piece. A result that is an UNUSED piece is split back into the two symbols it
 * was last merged from.
 */
final class BpeSegmenter implements Segmenter {

    private final PieceTrie pieces;      // NORMAL, USER_DEFINED and UNUSED pieces
    private final PieceTrie userDefined; // null when there are none
    private final float[] scores;        // [vocabulary]
    private final PieceType[] types;     // [vocabulary]
    private final PieceIds pieceIds;

    /** {@code ModelInterface::PieceToId} on bytes: reserved pieces first, then the others, else unknown. */
    interface PieceIds {
        int id(byte[] bytes, int from, int to);
    }

    BpeSegmenter(PieceTrie pieces, PieceTrie userDefined, float[] scores, PieceType[] types, PieceIds pieceIds) {
        this.pieces = pieces;
        this.userDefined = userDefined;
        this.scores = scores;
        this.types = types;
        this.pieceIds = pieceIds;
    }

    /** A candidate merge of symbols left and right, whose concatenation had {@code size} bytes when proposed. */
    private record Pair(int left, int right, float score, int size) {
    }

    @Override
    public Segments segment(byte[] text) {
        int n = text.length;
        // symbols as a linked list over byte ranges [start[i], start[i] + length[i])
        List<int[]> initial = new ArrayList<>();
        for (int pos = 0; pos < n; ) {
            int length = userDefined == null ? 0 : userDefined.longestPrefix(text, pos, n);
            boolean freeze = length > 0;
            if (!freeze) {
                length = Math.min(Utf8.oneCharLength(text[pos]), n - pos);
            }
            initial.add(new int[] {pos, length, freeze ? 1 : 0});
            pos += length;
        }
        int count = initial.size();
        if (count == 0) {
            return new Segments(new int[] {0}, new int[0]);
        }
        int[] start = new int[count];
        int[] length = new int[count];
        boolean[] frozen = new boolean[count];
        int[] prev = new int[count];
        int[] next = new int[count];
        for (int i = 0; i < count; i++) {
            start[i] = initial.get(i)[0];
            length[i] = initial.get(i)[1];
            frozen[i] = initial.get(i)[2] == 1;
            prev[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
        }
        PriorityQueue<Pair> agenda = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        // text of a merged UNUSED piece -> length of the left symbol it was (last) proposed from
        Map<String, Integer> unusedSplits = new HashMap<>();
        for (int i = 1; i < count; i++) {
            propose(text, i - 1, i, start, length, frozen, agenda, unusedSplits);
        }
        while (!agenda.isEmpty()) {
            Pair top = agenda.poll();
            // stale: one side was merged away, or the pair grew since it was proposed
            if (length[top.left] == 0 || length[top.right] == 0 || length[top.left] + length[top.right] != top.size) {
                continue;
            }
            length[top.left] += length[top.right];
            next[top.left] = next[top.right];
            if (next[top.right] >= 0) {
                prev[next[top.right]] = top.left;
            }
            length[top.right] = 0;
            propose(text, prev[top.left], top.left, start, length, frozen, agenda, unusedSplits);
            propose(text, top.left, next[top.left], start, length, frozen, agenda, unusedSplits);
        }
        List<int[]> out = new ArrayList<>(); // {start, end, id}
        for (int i = 0; i != -1; i = next[i]) {
            resegment(text, start[i], start[i] + length[i], unusedSplits, out);
        }
        int[] bounds = new int[out.size() + 1];
        int[] ids = new int[out.size()];
        for (int k = 0; k < out.size(); k++) {
            bounds[k] = out.get(k)[0];
            bounds[k + 1] = out.get(k)[1];
            ids[k] = out.get(k)[2];
        }
        return new Segments(bounds, ids);
    }

    private void propose(byte[] text, int left, int right, int[] start, int[] length, boolean[] frozen,
                         PriorityQueue<Pair> agenda, Map<String, Integer> unusedSplits) {
        if (left == -1 || right == -1 || frozen[left] || frozen[right]) {
            return;
        }
        int size = length[left] + length[right];
        int id = pieces.get(text, start[left], start[left] + size);
        if (id < 0) {
            return;
        }
        agenda.add(new Pair(left, right, scores[id], size));
        if (types[id] == PieceType.UNUSED) {
            unusedSplits.put(key(text, start[left], start[left] + size), length[left]);
        }
    }

    private void resegment(byte[] text, int from, int to, Map<String, Integer> unusedSplits, List<int[]> out) {
        int id = pieceIds.id(text, from, to);
        Integer leftLength = types[id] == PieceType.UNUSED ? unusedSplits.get(key(text, from, to)) : null;
        if (leftLength == null) {
            out.add(new int[] {from, to, id});
            return;
        }
        resegment(text, from, from + leftLength, unusedSplits, out);
        resegment(text, from + leftLength, to, unusedSplits, out);
    }

    /** The bytes as a string key, one char per byte. */
    private static String key(byte[] text, int from, int to) {
        return new String(text, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
