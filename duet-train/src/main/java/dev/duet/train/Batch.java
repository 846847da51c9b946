/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One training batch: B matching (caption, image) pairs, optional hard negatives and optional
 * grounding regions.
 *
 * @param captions token id sequences BOS..EOS (padding after EOS is allowed)
 * @param images CHW pixel tensors [3][S][S], normalised as the model expects
 * @param negatives captions that must score below a true one (see {@link ContrastiveLoss})
 * @param regions phrases of the captions and the patches of their images they name (see {@link GroundingLoss})
 */
public record Batch(List<int[]> captions, List<float[]> images, List<HardNegative> negatives, List<Region> regions) {

    /** A caption made from image {@code image}'s true caption by changing one attribute. */
    public record HardNegative(int image, int[] tokens) {
    }

    /**
     * A phrase of image {@code image}'s caption ("red square") as its own token sequence BOS..EOS,
     * and the patches (row-major indices into the image's grid, ascending) of the objects it names.
     */
    public record Region(int image, int[] tokens, int[] patches) {

        public Region {
            if (tokens.length == 0 || patches.length == 0) {
                throw new IllegalArgumentException("a grounding region needs tokens and at least one patch");
            }
        }
    }

    public Batch {
        captions = List.copyOf(captions);
        images = List.copyOf(images);
        negatives = List.copyOf(negatives);
        regions = List.copyOf(regions);
        if (captions.isEmpty() || captions.size() != images.size()) {
            throw new IllegalArgumentException("a batch needs as many captions as images, at least one; got "
                    + captions.size() + " and " + images.size());
        }
        for (HardNegative negative : negatives) {
            if (negative.image() < 0 || negative.image() >= images.size()) {
                throw new IllegalArgumentException("hard negative for image " + negative.image() + " in a batch of "
                        + images.size());
            }
        }
        for (Region region : regions) {
            if (region.image() < 0 || region.image() >= images.size()) {
                throw new IllegalArgumentException("grounding region on image " + region.image() + " in a batch of "
                        + images.size());
            }
        }
    }

    /** A batch without grounding regions. */
    public Batch(List<int[]> captions, List<float[]> images, List<HardNegative> negatives) {
        this(captions, images, negatives, List.of());
    }

    public static Batch of(List<int[]> captions, List<float[]> images) {
        return new Batch(captions, images, List.of());
    }

    /**
     * A batch from parts drawn pair by pair (in parallel, so into arrays): pair i's caption and
     * image, its hard negative's tokens (null when it has none) and its grounding regions.
     */
    public static Batch ofPairs(int[][] captions, float[][] images, int[][] negativeTokens, List<List<Region>> regionsPerPair) {
        List<HardNegative> negatives = new ArrayList<>();
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < captions.length; i++) {
            if (negativeTokens[i] != null) {
                negatives.add(new HardNegative(i, negativeTokens[i]));
            }
            regions.addAll(regionsPerPair.get(i));
        }
        return new Batch(Arrays.asList(captions), Arrays.asList(images), negatives, regions);
    }

    public int pairs() {
        return captions.size();
    }
}
