/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.Score;

/**
 * A caption-image explanation: the token x image-row interaction matrix {@code A = U V^T},
 * whose entries add up to {@code completeness.target()} up to quadrature error. The image rows
 * are CLS and the patches of a vision transformer, or the positions of a ResNet's map.
 *
 * @param interactions [tokens][columns], row-major: column 0 is CLS when {@code classColumn},
 *                     then the grid's cells row-major
 * @param classColumn  whether the image rows start with a class (CLS) row
 * @param similarity   the model's cosine similarity of the input pair: what the entries decompose
 * @param score        how the model scores a pair from that cosine
 * @param textReference the caption the text side is measured against
 */
public record Explanation(float[] interactions, int tokens, int gridRows, int gridCols, boolean classColumn,
                          double similarity, Score score, Completeness completeness, PathIntegral text, PathIntegral image,
                          ExplainOptions options, TextReference textReference, double seconds) {

    public Explanation withSeconds(double total) {
        return new Explanation(interactions, tokens, gridRows, gridCols, classColumn, similarity, score, completeness, text, image,
                options, textReference, total);
    }

    /** The share of sum |A| held by token rows [from, to), in [0, 1] (0 for an all-zero matrix). */
    public double rowShare(int fromToken, int toTokenExclusive) {
        double all = 0;
        double rows = 0;
        for (int token = 0; token < tokens; token++) {
            for (int column = 0; column < columns(); column++) {
                double magnitude = Math.abs(at(token, column));
                all += magnitude;
                if (token >= fromToken && token < toTokenExclusive) {
                    rows += magnitude;
                }
            }
        }
        return all == 0 ? 0 : rows / all;
    }

    public int columns() {
        return patchColumn(gridRows * gridCols);
    }

    /** The column of grid cell (patch) p. */
    public int patchColumn(int p) {
        return (classColumn ? 1 : 0) + p;
    }

    public float at(int token, int column) {
        return interactions[token * columns() + column];
    }

    /** Image map of a caption span: {@code sum_{i in span} A[i, patches]}, [gridRows * gridCols]. */
    public float[] spanMap(int fromToken, int toTokenExclusive) {
        float[] map = new float[gridRows * gridCols];
        for (int token = fromToken; token < toTokenExclusive; token++) {
            for (int p = 0; p < map.length; p++) {
                map[p] += at(token, patchColumn(p));
            }
        }
        return map;
    }

    /** Token scores of an image region: {@code sum_j weight_j A[token, patch j]} with patch weights [patches]. */
    public float[] regionScores(float[] patchWeights) {
        float[] scores = new float[tokens];
        for (int token = 0; token < tokens; token++) {
            double sum = 0;
            for (int p = 0; p < patchWeights.length; p++) {
                sum += patchWeights[p] * at(token, patchColumn(p));
            }
            scores[token] = (float) sum;
        }
        return scores;
    }
}
