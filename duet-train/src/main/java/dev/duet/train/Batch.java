package dev.duet.train;

import java.util.List;

/**
 * One training batch: B matching (caption, image) pairs and optional hard negatives.
 *
 * @param captions token id sequences BOS..EOS (padding after EOS is allowed)
 * @param images CHW pixel tensors [3][S][S], normalised as the model expects
 * @param negatives captions that must score below a true one (see {@link ContrastiveLoss})
 */
public record Batch(List<int[]> captions, List<float[]> images, List<HardNegative> negatives) {

    /** A caption made from image {@code image}'s true caption by changing one attribute. */
    public record HardNegative(int image, int[] tokens) {
    }

    public Batch {
        captions = List.copyOf(captions);
        images = List.copyOf(images);
        negatives = List.copyOf(negatives);
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
    }

    public static Batch of(List<int[]> captions, List<float[]> images) {
        return new Batch(captions, images, List.of());
    }

    public int pairs() {
        return captions.size();
    }
}
