/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import java.util.Arrays;
import java.util.List;

/**
 * A phrase-patch grounding loss and its gradient: dense alignment of each caption phrase with
 * the patches of the objects it names, as MaskCLIP (Zhou et al., ECCV 2022) scores patch rows
 * through the image head against text embeddings and PACL (Mukhoti et al., CVPR 2023) trains
 * that alignment.
 *
 * <p>For region r on image b, with phrase embedding e_r and patch embeddings z_{b,j} (j over
 * the N patches, both unnormalised), {@code logits_j = tau cos(e_r, z_{b,j})},
 * {@code p = softmax(logits)} and {@code loss_r = -log sum_{j in box_r} p_j}: minus the log of
 * the share of the phrase's softmax mass that lands on its objects, 0 when the box covers every
 * patch. The total is {@code weight * mean_r loss_r}.
 *
 * <p>{@code loss_r = lse(logits) - lse(logits over the box)}, so
 * {@code d loss_r / d logits_j = p_j - q_j} with q the softmax restricted to the box (0 outside
 * it); then back through the cosine and the normalisation ({@link RowNormalization}). Computed
 * in double.
 */
public final class GroundingLoss {

    /** tau: logits within [-10, 10], the order of CLIP's initial logit scale 1 / 0.07 = 14.3. */
    public static final double DEFAULT_TEMPERATURE = 10;

    /**
     * @param loss {@code weight * mean_r loss_r}
     * @param dPhrases gradient by the unnormalised phrase embeddings [R][P]
     * @param dPatches gradient by the unnormalised patch embeddings [B][N][P] (0 on images without a region)
     */
    public record Result(double loss, float[] dPhrases, float[] dPatches) {
    }

    private GroundingLoss() {
    }

    /** Rejects a weight that is not finite and >= 0 and a temperature that is not finite and > 0. */
    static void requireValidSettings(double weight, double temperature) {
        if (!(weight >= 0 && Double.isFinite(weight) && temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("grounding weight must be finite and >= 0, temperature finite and > 0; got "
                    + weight + " and " + temperature);
        }
    }

    /**
     * @param phrases [R][P] raw phrase embeddings, row r of {@code regions.get(r)}
     * @param patches [B][N][P] raw patch embeddings of the batch's images
     * @param temperature tau, the scale of the cosines (> 0)
     * @param weight the factor of the mean over regions (>= 0)
     */
    public static Result evaluate(float[] phrases, float[] patches, List<Batch.Region> regions, int images,
                                  int patchCount, int dim, double temperature, double weight) {
        int count = regions.size();
        int patchRows = images * patchCount;
        if (count < 1 || phrases.length != count * dim || patches.length != patchRows * dim) {
            throw new IllegalArgumentException("expected " + count + " phrase and " + patchRows + " patch embeddings of "
                    + dim + " (at least one region), got " + phrases.length + " and " + patches.length + " values");
        }
        requireValidSettings(weight, temperature);
        double[] phraseNorms = new double[count];
        double[] patchNorms = new double[patchRows];
        double[] e = RowNormalization.forward(phrases, count, dim, phraseNorms);
        double[] z = RowNormalization.forward(patches, patchRows, dim, patchNorms);
        double[] dE = new double[count * dim];
        double[] dZ = new double[patchRows * dim];
        double perRegion = weight / count;
        double total = 0;
        double[] logits = new double[patchCount];
        boolean[] inBox = new boolean[patchCount];
        for (int r = 0; r < count; r++) {
            Batch.Region region = regions.get(r);
            int image = region.image();
            if (image < 0 || image >= images) {
                throw new IllegalArgumentException("region " + r + " names image " + image + " of " + images);
            }
            Arrays.fill(inBox, false);
            for (int patch : region.patches()) {
                if (patch < 0 || patch >= patchCount) {
                    throw new IllegalArgumentException("region " + r + " names patch " + patch + " of " + patchCount);
                }
                inBox[patch] = true;
            }
            int first = image * patchCount;
            double max = Double.NEGATIVE_INFINITY;
            double boxMax = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < patchCount; j++) {
                double cosine = 0;
                for (int k = 0; k < dim; k++) {
                    cosine += e[r * dim + k] * z[(first + j) * dim + k];
                }
                logits[j] = temperature * cosine;
                max = Math.max(max, logits[j]);
                if (inBox[j]) {
                    boxMax = Math.max(boxMax, logits[j]);
                }
            }
            // both sums in the same order: a box of every patch gives exactly lse - lse = 0
            double sum = 0;
            double boxSum = 0;
            for (int j = 0; j < patchCount; j++) {
                sum += Math.exp(logits[j] - max);
                if (inBox[j]) {
                    boxSum += Math.exp(logits[j] - boxMax);
                }
            }
            total += max + Math.log(sum) - (boxMax + Math.log(boxSum));
            for (int j = 0; j < patchCount; j++) {
                double p = Math.exp(logits[j] - max) / sum;
                double q = inBox[j] ? Math.exp(logits[j] - boxMax) / boxSum : 0;
                double dCosine = perRegion * temperature * (p - q);
                int row = (first + j) * dim;
                for (int k = 0; k < dim; k++) {
                    dE[r * dim + k] += dCosine * z[row + k];
                    dZ[row + k] += dCosine * e[r * dim + k];
                }
            }
        }
        return new Result(perRegion * total, RowNormalization.backward(dE, e, phraseNorms, count, dim),
                RowNormalization.backward(dZ, z, patchNorms, patchRows, dim));
    }
}
