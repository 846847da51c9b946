/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import dev.duet.BadInputException;
import dev.duet.Spelling;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.ImageMode;
import dev.duet.explain.ImageReference;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import dev.duet.model.DualEncoder;
import dev.duet.model.ImageTower;
import dev.duet.model.ModelChecksum;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * What a job ships to its executors: the checkpoint (its path as every executor sees it and the
 * checksum of its files, so that an executor with other files refuses to run) and the explanation
 * settings, as plain serializable values that each executor turns back into {@link ExplainOptions}.
 * The layers are resolved on the driver from {@code config.json} (null there means the last
 * block's input), so every row records the layer it was computed at.
 *
 * @param threadsPerTask worker threads each Spark task gives Duet (match {@code spark.task.cpus})
 */
public record JobSettings(String modelDirectory, String modelSha256, int textLayer, int imageLayer, Quadrature quadrature,
                          int steps, double tolerance, Normalization normalization, int textReferenceLength,
                          Reference reference, int threadsPerTask) implements Serializable {

    /** Largest {@link #threadsPerTask}: more than any executor's cores. */
    public static final int MAX_THREADS_PER_TASK = 256;

    /** The image reference: the dataset's mean colour, a blur of the input, or one colour. */
    public enum ReferenceKind { MEAN, BLUR, CONSTANT }

    /**
     * @param blurSigma pixels of the model input, for {@link ReferenceKind#BLUR}
     * @param rgb 0..255 components, for {@link ReferenceKind#CONSTANT}
     */
    public record Reference(ReferenceKind kind, double blurSigma, int[] rgb) implements Serializable {

        public Reference {
            rgb = rgb.clone();
            if (rgb.length != 3) {
                throw new BadInputException(null, "the reference colour needs three values R,G,B");
            }
            for (int component : rgb) {
                if (component < 0 || component > 255) {
                    throw new BadInputException(null, "reference colour components must be in 0..255, got " + component);
                }
            }
        }

        public static Reference mean() {
            return new Reference(ReferenceKind.MEAN, 0, new int[] {128, 128, 128});
        }

        ImageReference imageReference() {
            return switch (kind) {
                case MEAN -> new ImageReference.MeanColour();
                case BLUR -> new ImageReference.Blurred(blurSigma);
                case CONSTANT -> new ImageReference.Constant(rgb[0] / 255f, rgb[1] / 255f, rgb[2] / 255f);
            };
        }
    }

    public JobSettings {
        if (threadsPerTask < 1 || threadsPerTask > MAX_THREADS_PER_TASK) {
            throw new BadInputException(null, "threads per task must be in 1.." + MAX_THREADS_PER_TASK + ", got " + threadsPerTask);
        }
    }

    /**
     * Settings for the checkpoint in {@code modelDirectory}, CLIP's or SigLIP's: loads it (refusing
     * a bad one with {@link BadInputException}), resolves null layers to the cuts an explanation
     * takes by default (the input of the last block) and checks the others, and checksums its
     * files. The options are validated as {@link ExplainOptions}.
     */
    public static JobSettings resolve(Path modelDirectory, Integer textLayer, Integer imageLayer, Quadrature quadrature, int steps,
                                      double tolerance, Normalization normalization, int textReferenceLength,
                                      Reference reference, int threadsPerTask) {
        DualEncoder model = DualEncoder.load(modelDirectory);
        int textLayers = model.text().layers();
        ImageTower vision = model.vision();
        int text = checkedLayer("text", textLayer == null ? textLayers - 1 : textLayer, textLayers);
        int image = checkedLayer("image", imageLayer == null ? vision.defaultCut() : imageLayer, vision.lastCut());
        if (reference.kind() == ReferenceKind.BLUR && reference.blurSigma() <= 0) {
            reference = new Reference(ReferenceKind.BLUR, vision.cut(vision.defaultCut()).cellSize(), reference.rgb());
        }
        JobSettings settings = new JobSettings(modelDirectory.toString(), ModelChecksum.of(modelDirectory), text, image,
                quadrature, steps, tolerance, normalization, textReferenceLength, reference, threadsPerTask);
        settings.options();
        return settings;
    }

    private static int checkedLayer(String tower, int layer, int layers) {
        if (layer < 0 || layer > layers) {
            throw new BadInputException(null, tower + " layer " + layer + " is outside 0.." + layers);
        }
        return layer;
    }

    /** The explanation options these settings stand for (the image side in forward mode: factors are what is stored). */
    public ExplainOptions options() {
        return ExplainOptions.defaults()
                .withLayers(textLayer, imageLayer)
                .withQuadrature(quadrature, steps)
                .withTolerance(tolerance)
                .withNormalization(normalization)
                .withTextReferenceLength(textReferenceLength)
                .withImageReference(reference.imageReference())
                .withImageMode(ImageMode.AUTO);
    }

    /** The settings as output rows and {@code _duet-job.json} spell them. */
    public String describeReference() {
        return reference.imageReference().describe();
    }

    public String quadratureName() {
        return Spelling.of(quadrature);
    }

    public String normalizationName() {
        return Spelling.of(normalization);
    }
}
