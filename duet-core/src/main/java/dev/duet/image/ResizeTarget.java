/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

/**
 * The size a preprocessor resizes to, as {@code preprocessor_config.json}'s {@code size} names it:
 * CLIP's processors keep the aspect ratio and bring the short side to {@code shortest_edge};
 * SigLIP's ({@code SiglipImageProcessor}) stretch every image to {@code height x width}.
 */
public sealed interface ResizeTarget {

    /**
     * {@return {@code {width, height}} of a {@code width x height} image after this resize}
     *
     * @param width  the image's width in pixels, positive
     * @param height its height, positive
     */
    int[] resizedSize(int width, int height);

    /**
     * The short side to {@code edge}, the long side to {@code int(edge * long / short)} (double division,
     * truncated), as torchvision's {@code Resize(int)} and transformers compute it.
     *
     * @param edge the short side after resizing, in pixels
     */
    record ShortestEdge(int edge) implements ResizeTarget {

        /**
         * Checks the side.
         *
         * @throws IllegalArgumentException if {@code edge} is not in 1..{@value PreprocessorConfig#MAX_SIDE}
         */
        public ShortestEdge {
            PreprocessorConfig.checkSide("size.shortest_edge", edge);
        }

        @Override
        public int[] resizedSize(int width, int height) {
            return width <= height
                    ? new int[] {edge, scaledLongSide(height, width)}
                    : new int[] {scaledLongSide(width, height), edge};
        }

        private int scaledLongSide(int longSide, int shortSide) {
            double scaled = (double) ((long) edge * longSide) / shortSide;
            if (scaled >= Integer.MAX_VALUE) {
                throw new IllegalArgumentException("resized long side overflows: " + edge + " * " + longSide + " / "
                        + shortSide);
            }
            return (int) scaled;
        }

        @Override
        public String toString() {
            return "shortest_edge " + edge;
        }
    }

    /**
     * Every image to exactly {@code width x height}, whatever its aspect ratio.
     *
     * @param width  the width after resizing, in pixels
     * @param height the height after resizing
     */
    record Exact(int width, int height) implements ResizeTarget {

        /**
         * Checks the sides.
         *
         * @throws IllegalArgumentException if a side is not in 1..{@value PreprocessorConfig#MAX_SIDE}
         */
        public Exact {
            PreprocessorConfig.checkSide("size.width", width);
            PreprocessorConfig.checkSide("size.height", height);
        }

        @Override
        public int[] resizedSize(int imageWidth, int imageHeight) {
            return new int[] {width, height};
        }

        @Override
        public String toString() {
            return height + "x" + width + " (height x width)";
        }
    }
}
