/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import java.util.Arrays;

/**
 * Unigram segmentation: the path of pieces with the highest total score, by Viterbi over byte
 * positions as {@code unigram::Model::EncodeOptimized} does it, with its arithmetic kept: path
 * scores are stored as float, a user-defined piece scores {@code length * maxScore - 0.1}
 * (evaluated in double), and a char no piece starts with becomes an unknown piece scoring
 * {@code minScore - 10}.
 */
final class UnigramSegmenter implements Segmenter {

    private static final float UNKNOWN_PENALTY = 10.0f;

    private final PieceTrie pieces;  // NORMAL, USER_DEFINED and UNUSED pieces
    private final float[] scores;    // [vocabulary]
    private final PieceType[] types; // [vocabulary]
    private final int unknownId;
    private final float maxScore;    // over NORMAL pieces, starting from FLT_MIN as SentencePiece does
    private final float unknownScore;

    UnigramSegmenter(PieceTrie pieces, float[] scores, PieceType[] types, int unknownId) {
        this.pieces = pieces;
        this.scores = scores;
        this.types = types;
        this.unknownId = unknownId;
        float min = Float.MAX_VALUE;
        float max = Float.MIN_NORMAL; // C++ FLT_MIN: the smallest positive normal float
        for (int id = 0; id < scores.length; id++) {
            if (types[id] == PieceType.NORMAL) {
                min = Math.min(min, scores[id]);
                max = Math.max(max, scores[id]);
            }
        }
        this.maxScore = max;
        this.unknownScore = min - UNKNOWN_PENALTY;
    }

    @Override
    public Segments segment(byte[] text) {
        int size = text.length;
        if (size == 0) {
            return new Segments(new int[] {0}, new int[0]);
        }
        // best path ending at each byte position: its score, where its last piece starts, that piece's id
        float[] bestScore = new float[size + 1];
        int[] startsAt = new int[size + 1];
        int[] lastId = new int[size + 1];
        Arrays.fill(startsAt, -1);
        int start = 0;
        while (start < size) {
            float scoreHere = bestScore[start];
            boolean hasSingleChar = false;
            int charLength = Math.min(Utf8.oneCharLength(text[start]), size - start);
            int node = PieceTrie.ROOT;
            for (int end = start + 1; end <= size; end++) {
                node = pieces.child(node, text[end - 1]);
                if (node < 0) {
                    break;
                }
                int id = pieces.value(node);
                if (id < 0 || types[id] == PieceType.UNUSED) {
                    continue;
                }
                int length = end - start;
                double score = types[id] == PieceType.USER_DEFINED
                        ? (double) ((float) length * maxScore) - 0.1
                        : scores[id];
                double candidate = score + scoreHere;
                if (startsAt[end] == -1 || candidate > bestScore[end]) {
                    bestScore[end] = (float) candidate;
                    startsAt[end] = start;
                    lastId[end] = id;
                }
                if (length == charLength) {
                    hasSingleChar = true;
                }
            }
            if (!hasSingleChar) {
                int end = start + charLength;
                float candidate = unknownScore + scoreHere;
                if (startsAt[end] == -1 || candidate > bestScore[end]) {
                    bestScore[end] = candidate;
                    startsAt[end] = start;
                    lastId[end] = unknownId;
                }
            }
            start += charLength;
        }
        int count = 0;
        for (int end = size; end > 0; end = startsAt[end]) {
            count++;
        }
        int[] bounds = new int[count + 1];
        int[] ids = new int[count];
        int k = count;
        for (int end = size; end > 0; end = startsAt[end]) {
            bounds[k] = end;
            ids[--k] = lastId[end];
        }
        return new Segments(bounds, ids);
    }
}
