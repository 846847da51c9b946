/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.BadInputException;

/**
 * Settings of one explanation, validated when built: a value out of range is a
 * {@link BadInputException} (the user's option), a null enum a {@link NullPointerException}.
 *
 * @param textLayer  cut of the text tower (input of that block; 0 = embeddings, layers = after the last block);
 *                   null = the last block's input, as the paper
 * @param imageLayer the same for the vision tower (0 = after {@code pre_layrnorm})
 * @param quadrature how the path integrals are approximated
 * @param steps      quadrature nodes, 1..{@value #MAX_STEPS} (the adaptive mode: the first rule's, on the whole path)
 * @param tolerance  adaptive mode: largest accepted |sum_i u_i - (F(x) - F(x_r))| per tower
 * @param normalization where the normalisation of the embeddings enters the attributions
 * @param textReferenceLength number of 0 tokens between BOS and EOS in the text reference, 1..8
 * @param imageReference the image the image tower's path starts from
 * @param scaleByLogit multiply attributions and terms by exp(logit_scale)
 * @param imageMode  how the image side is computed when no cached image factor is given
 */
public record ExplainOptions(Integer textLayer, Integer imageLayer, Quadrature quadrature, int steps, double tolerance,
                             Normalization normalization, int textReferenceLength, ImageReference imageReference,
                             boolean scaleByLogit, ImageMode imageMode) {

    /** The most quadrature nodes a fixed rule takes. */
    public static final int MAX_STEPS = 4096;

    /**
     * Checks the ranges.
     *
     * @throws BadInputException if steps, tolerance or the text reference length is out of range
     */
    public ExplainOptions {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new BadInputException(null, "steps must be in 1.." + MAX_STEPS + ", got " + steps);
        }
        if (!(tolerance > 0 && Double.isFinite(tolerance))) {
            throw new BadInputException(null, "tolerance must be finite and positive, got " + tolerance);
        }
        if (textReferenceLength < 1 || textReferenceLength > 8) {
            throw new BadInputException(null, "text reference length must be in 1..8, got " + textReferenceLength);
        }
        java.util.Objects.requireNonNull(quadrature, "quadrature");
        java.util.Objects.requireNonNull(normalization, "normalization");
        java.util.Objects.requireNonNull(imageReference, "imageReference");
        java.util.Objects.requireNonNull(imageMode, "imageMode");
    }

    /**
     * {@return the defaults: last blocks' inputs, adaptive Gauss-Legendre (8 nodes on the whole path, then panels
     * refined where completeness fails until each tower's residual is under 1e-3), exact normalisation, the paper's references, the image mode chosen per pair}
     */
    public static ExplainOptions defaults() {
        return new ExplainOptions(null, null, Quadrature.ADAPTIVE, 8, 1e-3, Normalization.EXACT, 1,
                new ImageReference.MeanColour(), false,
                ImageMode.AUTO);
    }

    /**
     * {@return these settings cut at other layers}
     *
     * @param text  the text layer, or null for the default cut
     * @param image the image layer, or null for the default cut
     */
    public ExplainOptions withLayers(Integer text, Integer image) {
        return new ExplainOptions(text, image, quadrature, steps, tolerance, normalization, textReferenceLength,
                imageReference, scaleByLogit, imageMode);
    }

    /**
     * {@return these settings with another quadrature}
     *
     * @param rule  the rule
     * @param nodes its nodes (the first try of {@link Quadrature#ADAPTIVE}), 1..{@value #MAX_STEPS}
     * @throws BadInputException if {@code nodes} is out of range
     */
    public ExplainOptions withQuadrature(Quadrature rule, int nodes) {
        return new ExplainOptions(textLayer, imageLayer, rule, nodes, tolerance, normalization, textReferenceLength,
                imageReference, scaleByLogit, imageMode);
    }

    /**
     * {@return these settings with another tolerance of the adaptive mode}
     *
     * @param value the largest accepted completeness residual per tower, finite and positive
     * @throws BadInputException if {@code value} is not finite and positive
     */
    public ExplainOptions withTolerance(double value) {
        return new ExplainOptions(textLayer, imageLayer, quadrature, steps, value, normalization, textReferenceLength,
                imageReference, scaleByLogit, imageMode);
    }

    /**
     * {@return these settings with another normalisation}
     *
     * @param mode where the normalisation enters
     */
    public ExplainOptions withNormalization(Normalization mode) {
        return new ExplainOptions(textLayer, imageLayer, quadrature, steps, tolerance, mode, textReferenceLength,
                imageReference, scaleByLogit, imageMode);
    }

    /**
     * {@return these settings with another text reference length}
     *
     * @param length filler tokens between BOS and EOS, 1..8
     * @throws BadInputException if {@code length} is out of range
     */
    public ExplainOptions withTextReferenceLength(int length) {
        return new ExplainOptions(textLayer, imageLayer, quadrature, steps, tolerance, normalization, length,
                imageReference, scaleByLogit, imageMode);
    }

    /**
     * {@return these settings with another image reference}
     *
     * @param reference the image the path starts from
     */
    public ExplainOptions withImageReference(ImageReference reference) {
        return new ExplainOptions(textLayer, imageLayer, quadrature, steps, tolerance, normalization, textReferenceLength,
                reference, scaleByLogit, imageMode);
    }

    /**
     * {@return these settings with or without the logit scale}
     *
     * @param scale whether attributions and terms are multiplied by exp(logit_scale)
     */
    public ExplainOptions withScaleByLogit(boolean scale) {
        return new ExplainOptions(textLayer, imageLayer, quadrature, steps, tolerance, normalization, textReferenceLength,
                imageReference, scale, imageMode);
    }

    /**
     * {@return these settings with another image mode}
     *
     * @param mode how the image side is computed
     */
    public ExplainOptions withImageMode(ImageMode mode) {
        return new ExplainOptions(textLayer, imageLayer, quadrature, steps, tolerance, normalization, textReferenceLength,
                imageReference, scaleByLogit, mode);
    }
}
