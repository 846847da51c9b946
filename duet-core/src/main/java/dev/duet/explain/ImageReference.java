/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.BadInputException;

/**
 * The image the path starts from, as a model-input tensor. Mean/std are the preprocessing's,
 * so that a colour can be expressed in the normalised space the encoder sees.
 */
public sealed interface ImageReference {

    /**
     * {@return the reference as the model's input: a normalised CHW tensor [3][size][size]}
     *
     * @param input the explained image's normalised CHW tensor, [3][size][size]
     * @param size  the model's input side in pixels
     * @param mean  the preprocessing's per-channel mean, [3]
     * @param std   the preprocessing's per-channel standard deviation, [3]
     */
    float[] pixels(float[] input, int size, float[] mean, float[] std);

    /** {@return how the JSON's settings name it, such as {@code "mean-colour"} or {@code "blur(sigma=8.0)"}} */
    String describe();

    /** {@return whether the reference is computed from the input (then its states cannot be reused across images)} */
    default boolean dependsOnInput() {
        return false;
    }

    /** All zeros after normalisation: the dataset's mean colour (the paper's reference). */
    record MeanColour() implements ImageReference {
        @Override
        public float[] pixels(float[] input, int size, float[] mean, float[] std) {
            return new float[3 * size * size];
        }

        @Override
        public String describe() {
            return "mean-colour";
        }
    }

    /**
     * One RGB colour everywhere.
     *
     * @param red   in 0..1
     * @param green in 0..1
     * @param blue  in 0..1
     */
    record Constant(float red, float green, float blue) implements ImageReference {
        /**
         * Checks the components.
         *
         * @throws BadInputException if a component is outside 0..1
         */
        public Constant {
            for (float component : new float[] {red, green, blue}) {
                if (!(component >= 0f && component <= 1f)) {
                    throw new BadInputException(null, "colour components must be in 0..1");
                }
            }
        }

        @Override
        public float[] pixels(float[] input, int size, float[] mean, float[] std) {
            float[] rgb = {red, green, blue};
            float[] pixels = new float[3 * size * size];
            for (int c = 0; c < 3; c++) {
                java.util.Arrays.fill(pixels, c * size * size, (c + 1) * size * size, (rgb[c] - mean[c]) / std[c]);
            }
            return pixels;
        }

        @Override
        public String describe() {
            return String.format(java.util.Locale.ROOT, "constant(%.3f,%.3f,%.3f)", red, green, blue);
        }
    }

    /**
     * A Gaussian-blurred copy of the input (separable, edges clamped): keeps colours, removes shapes.
     *
     * @param sigmaPixels the blur's standard deviation in pixels of the model input, in (0, {@value #MAX_SIGMA_PIXELS}]
     */
    record Blurred(double sigmaPixels) implements ImageReference {

        /** Well past any CLIP input (336 px at most); the kernel's cost grows with its radius, 3 sigma. */
        public static final double MAX_SIGMA_PIXELS = 512;

        /**
         * Checks sigma.
         *
         * @throws BadInputException if sigma is outside (0, {@value #MAX_SIGMA_PIXELS}]
         */
        public Blurred {
            if (!(sigmaPixels > 0 && sigmaPixels <= MAX_SIGMA_PIXELS)) {
                throw new BadInputException(null, "blur sigma must be in (0, " + (int) MAX_SIGMA_PIXELS
                        + "] pixels of the model input, got " + sigmaPixels);
            }
        }

        @Override
        public float[] pixels(float[] input, int size, float[] mean, float[] std) {
            int radius = (int) Math.ceil(3 * sigmaPixels);
            double[] kernel = new double[2 * radius + 1];
            double total = 0;
            for (int i = -radius; i <= radius; i++) {
                kernel[i + radius] = Math.exp(-0.5 * i * i / (sigmaPixels * sigmaPixels));
                total += kernel[i + radius];
            }
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] /= total;
            }
            float[] horizontal = new float[input.length];
            float[] blurred = new float[input.length];
            for (int c = 0; c < 3; c++) {
                int plane = c * size * size;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double sum = 0;
                        for (int i = -radius; i <= radius; i++) {
                            int sx = Math.clamp(x + i, 0, size - 1);
                            sum += kernel[i + radius] * input[plane + y * size + sx];
                        }
                        horizontal[plane + y * size + x] = (float) sum;
                    }
                }
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double sum = 0;
                        for (int i = -radius; i <= radius; i++) {
                            int sy = Math.clamp(y + i, 0, size - 1);
                            sum += kernel[i + radius] * horizontal[plane + sy * size + x];
                        }
                        blurred[plane + y * size + x] = (float) sum;
                    }
                }
            }
            return blurred;
        }

        @Override
        public String describe() {
            return String.format(java.util.Locale.ROOT, "blur(sigma=%.1f)", sigmaPixels);
        }

        @Override
        public boolean dependsOnInput() {
            return true;
        }
    }

    /**
     * A user-given image, already preprocessed like the input; {@link #pixels} throws
     * {@link IllegalArgumentException} when its size differs from the input's.
     *
     * @param tensor the reference's normalised CHW tensor, [3][size][size]
     * @param source where it came from, for {@link #describe()} (a file name)
     */
    record Given(float[] tensor, String source) implements ImageReference {
        @Override
        public float[] pixels(float[] input, int size, float[] mean, float[] std) {
            if (tensor.length != input.length) {
                throw new IllegalArgumentException("reference image tensor has " + tensor.length + " values, input " + input.length);
            }
            return tensor;
        }

        @Override
        public String describe() {
            return "image(" + source + ")";
        }
    }
}
