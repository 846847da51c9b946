/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.BadInputException;

import java.util.List;

/**
 * The text tower's input: token embedding plus learned position, ids [B][T] -> x [B][T][D].
 * Its input is discrete, so the layer has no tangent or cotangent (explanations start above
 * it); its gradient accumulates into the two tables. V = vocabulary, C = context length.
 */
public record TokenEmbedding(float[] table,      // [V][D]
                             float[] positions,  // [C][D]
                             int vocabulary, int context, int width) {

    /** Ids [B][T] of B sequences padded with id 0 (or cut) to {@code rows}; checks ids and length. */
    public int[] tokens(List<int[]> sequences, int rows) {
        if (rows > context) {
            throw new BadInputException(null, rows + " tokens exceed the model's context of " + context);
        }
        int[] tokens = new int[sequences.size() * rows];
        for (int b = 0; b < sequences.size(); b++) {
            int[] ids = sequences.get(b);
            for (int r = 0; r < Math.min(rows, ids.length); r++) {
                if (ids[r] < 0 || ids[r] >= vocabulary) {
                    throw new BadInputException(null, "token id " + ids[r] + " is outside the model's vocabulary of "
                            + vocabulary);
                }
                tokens[b * rows + r] = ids[r];
            }
        }
        return tokens;
    }

    /** x [B][T][D] for checked ids [B][T] ({@link #tokens}). */
    public float[] forward(int[] tokens, int rows) {
        int d = width;
        float[] x = new float[tokens.length * d];
        for (int at = 0; at < tokens.length; at++) {
            int id = tokens[at];
            int r = at % rows;
            for (int i = 0; i < d; i++) {
                x[at * d + i] = table[id * d + i] + positions[r * d + i];
            }
        }
        return x;
    }

    /** Accumulates the tables' gradients from dX [B][T][D]. */
    public void backward(int[] tokens, int rows, float[] dX, float[] dTable, float[] dPositions) {
        int d = width;
        for (int at = 0; at < tokens.length; at++) {
            int id = tokens[at];
            int r = at % rows;
            for (int i = 0; i < d; i++) {
                dTable[id * d + i] += dX[at * d + i];
                dPositions[r * d + i] += dX[at * d + i];
            }
        }
    }
}
