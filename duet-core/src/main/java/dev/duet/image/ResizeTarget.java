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

    /** {@code {width, height}} of a {@code width x height} image after this resize. */
    int[] resizedSize(int width, int height);

    /** The short side to {@code edge}, the long side to {@code int(edge * long / short)} (double division, truncated), as torchvision's {@code Resize(int)} and transformers compute it. */
    record ShortestEdge(int edge) implements ResizeTarget {

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

    /** Every image to exactly {@code width x height}, whatever its aspect ratio. */
    record Exact(int width, int height) implements ResizeTarget {

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
