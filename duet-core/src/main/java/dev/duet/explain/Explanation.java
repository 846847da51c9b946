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
 * @param tokens       the caption's rows: every position of the text tower's input (BOS, EOS and
 *                     padding included)
 * @param gridRows     rows of the patch grid (14 for ViT-B/16 at 224 px)
 * @param gridCols     columns of the patch grid
 * @param classColumn  whether the image rows start with a class (CLS) row
 * @param similarity   the model's cosine similarity of the input pair: what the entries decompose
 * @param score        how the model scores a pair from that cosine
 * @param completeness how well the entries add up to the four-term change of the cosine
 * @param text         the text tower's path integral: embeddings, rule, nodes and residual
 * @param image        the image tower's path integral
 * @param options      the settings used, layers resolved, with the image mode that was taken
 * @param textReference the caption the text side is measured against
 * @param seconds      wall time of the explanation, in seconds
 */
public record Explanation(float[] interactions, int tokens, int gridRows, int gridCols, boolean classColumn,
                          double similarity, Score score, Completeness completeness, PathIntegral text, PathIntegral image,
                          ExplainOptions options, TextReference textReference, double seconds) {

    /**
     * {@return this explanation with {@code seconds} replaced}
     *
     * @param total wall time in seconds, such as that of tokenizing, preprocessing and explaining together
     */
    public Explanation withSeconds(double total) {
        return new Explanation(interactions, tokens, gridRows, gridCols, classColumn, similarity, score, completeness, text, image,
                options, textReference, total);
    }

    /**
     * {@return the share of sum |A| held by token rows [fromToken, toTokenExclusive), in [0, 1] (0 for an
     * all-zero matrix)}
     *
     * @param fromToken        the first row
     * @param toTokenExclusive the row after the last
     */
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

    /** {@return the image rows: gridRows * gridCols, plus one for the CLS row when {@code classColumn}} */
    public int columns() {
        return patchColumn(gridRows * gridCols);
    }

    /**
     * {@return the column of grid cell (patch) {@code p}}
     *
     * @param p the cell, row-major over the grid, from 0
     */
    public int patchColumn(int p) {
        return (classColumn ? 1 : 0) + p;
    }

    /**
     * {@return the entry A[token, column]}
     *
     * @param token  the caption row, from 0
     * @param column the image row, from 0 ({@link #patchColumn} for a patch)
     */
    public float at(int token, int column) {
        return interactions[token * columns() + column];
    }

    /**
     * {@return the image map of a caption span: {@code sum_{i in span} A[i, patches]}, [gridRows * gridCols],
     * row-major (the CLS column left out)}
     *
     * @param fromToken        the span's first token row
     * @param toTokenExclusive the row after its last
     */
    public float[] spanMap(int fromToken, int toTokenExclusive) {
        float[] map = new float[gridRows * gridCols];
        for (int token = fromToken; token < toTokenExclusive; token++) {
            for (int p = 0; p < map.length; p++) {
                map[p] += at(token, patchColumn(p));
            }
        }
        return map;
    }

    /**
     * {@return the token scores of an image region: {@code sum_j weight_j A[token, patch j]}, [tokens]}
     *
     * @param patchWeights one weight per patch, [gridRows * gridCols] row-major (such as the share of each
     *                     patch that a box covers)
     */
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
