/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.TextEncoder;
import dev.duet.model.VisionEncoder;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/** Tiny random CLIP models and batches for gradient and training tests. */
final class TinyModels {

    static final int VOCAB = 20;
    static final int BOS = 18;
    static final int EOS = 19;

    private TinyModels() {
    }

    /** text 16 wide, 2 layers, 2 heads; vision 16 wide, 2 layers, 2 heads, 16 px in 8 px patches (5 rows); projection 8. */
    static ModelSpec spec() {
        return new ModelSpec(VOCAB, 8, BOS, EOS, 16, 2, 2, 16, 2, 2, 16, 8, 8);
    }

    /**
     * Every parameter random and away from its default (LayerNorm gains around 1, biases and
     * embeddings non-zero, weights at 1/sqrt(fan-in)), so that no gradient is trivially zero.
     */
    static ClipParameters randomized(ModelSpec spec, long seed) {
        ClipParameters parameters = ClipInitializer.initialize(spec.toConfig(), seed);
        randomize(parameters, seed + 1);
        return parameters;
    }

    /**
     * Sets every parameter to a random value of its role's scale (weights of unit gain, gains
     * near 1, biases and embeddings of order 0.2..0.5, the logit scale at log 10): a model whose
     * every path carries gradient, unlike a checkpoint's small initial weights.
     */
    static void randomize(ModelParameters parameters, long seed) {
        SeededRandom random = SeededRandom.seeded(seed);
        for (ParameterTensor tensor : parameters.tensors()) {
            float[] values = tensor.values();
            long fanIn = tensor.shape().length > 1 ? values.length / tensor.shape()[0] : 1;
            for (int i = 0; i < values.length; i++) {
                double z = random.nextGaussian();
                values[i] = (float) switch (tensor.role()) {
                    case WEIGHT -> z / Math.sqrt(fanIn);
                    case EMBEDDING -> 0.5 * z;
                    case NORM_GAIN -> 1 + 0.2 * z;
                    case BIAS, NORM_BIAS -> 0.2 * z;
                    case LOGIT_SCALE -> Math.log(10);
                    case LOGIT_BIAS -> -2 + 0.2 * z;
                };
            }
        }
    }

    /** Captions of different lengths (one padded after EOS), random images, two hard negatives. */
    static Batch batch(ModelSpec spec, long seed) {
        SeededRandom random = SeededRandom.seeded(seed);
        List<int[]> captions = List.of(
                new int[] {BOS, 3, EOS},
                new int[] {BOS, 5, 7, 2, EOS},
                new int[] {BOS, 9, EOS, 0, 0},
                new int[] {BOS, 4, 4, EOS});
        List<float[]> images = new ArrayList<>();
        for (int b = 0; b < captions.size(); b++) {
            images.add(randomImage(spec, random));
        }
        List<Batch.HardNegative> negatives = List.of(
                new Batch.HardNegative(1, new int[] {BOS, 5, 8, 2, EOS}),
                new Batch.HardNegative(3, new int[] {BOS, 4, 6, EOS}));
        return new Batch(captions, images, negatives);
    }

    /**
     * 32 captions, half 3 tokens long and half 8 (the context length), random images, hard
     * negatives of both lengths: a text batch that the training forward splits into groups by
     * length ({@link LengthBuckets}).
     */
    static Batch mixedLengthBatch(ModelSpec spec, long seed) {
        SeededRandom random = SeededRandom.seeded(seed);
        List<int[]> captions = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<Batch.HardNegative> negatives = new ArrayList<>();
        for (int b = 0; b < 32; b++) {
            int words = b % 2 == 0 ? 1 : 6;
            int[] caption = new int[words + 2];
            caption[0] = BOS;
            for (int w = 1; w <= words; w++) {
                caption[w] = 1 + random.nextInt(BOS - 1);
            }
            caption[words + 1] = EOS;
            captions.add(caption);
            images.add(randomImage(spec, random));
            if (b % 4 < 2) {
                int[] negative = caption.clone();
                negative[1] = 1 + (negative[1] % (BOS - 1));
                negatives.add(new Batch.HardNegative(b, negative));
            }
        }
        return new Batch(captions, images, negatives);
    }

    /**
     * {@link #batch} plus grounding regions on the 2x2 patch grid: one-, two- and three-patch
     * boxes, two regions on image 1 and none on image 2.
     */
    static Batch groundedBatch(ModelSpec spec, long seed) {
        Batch plain = batch(spec, seed);
        List<Batch.Region> regions = List.of(
                new Batch.Region(0, new int[] {BOS, 3, EOS}, new int[] {0, 1}),
                new Batch.Region(1, new int[] {BOS, 5, 7, EOS}, new int[] {3}),
                new Batch.Region(1, new int[] {BOS, 2, EOS}, new int[] {0, 2}),
                new Batch.Region(3, new int[] {BOS, 4, 4, EOS}, new int[] {1, 2, 3}));
        return new Batch(plain.captions(), plain.images(), plain.negatives(), regions);
    }

    static float[] randomImage(ModelSpec spec, SeededRandom random) {
        float[] image = new float[3 * spec.imageSize() * spec.imageSize()];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextGaussian();
        }
        return image;
    }

    /**
     * The loss by the inference encoders of dev.duet.model (tested against PyTorch there), not
     * by the training forward: an independent path for finite differences.
     */
    static double inferenceLoss(ClipParameters parameters, Batch batch, boolean hardNegatives) {
        int projection = parameters.config().projectionDim();
        TextEncoder text = new TextEncoder(parameters.config().text(), parameters.text(), projection);
        VisionEncoder vision = new VisionEncoder(parameters.config().vision(), parameters.vision(), projection);
        List<int[]> sequences = new ArrayList<>(batch.captions());
        int[] owners = new int[hardNegatives ? batch.negatives().size() : 0];
        for (int n = 0; n < owners.length; n++) {
            sequences.add(batch.negatives().get(n).tokens());
            owners[n] = batch.negatives().get(n).image();
        }
        float[] textEmbeddings = flatten(text.encode(Parallel.serial(), sequences));
        float[] imageEmbeddings = flatten(vision.encode(Parallel.serial(), batch.images()));
        return ContrastiveLoss.evaluate(textEmbeddings, imageEmbeddings, batch.pairs(), owners, projection,
                parameters.logitScale()).loss();
    }

    /**
     * The grounding loss by the inference encoders: phrases encoded as a batch of their own,
     * patch embeddings as the final hidden state's patch rows through the vision head one by one.
     */
    static double inferenceGroundingLoss(ClipParameters parameters, Batch batch, double weight, double temperature) {
        int projection = parameters.config().projectionDim();
        TextEncoder text = new TextEncoder(parameters.config().text(), parameters.text(), projection);
        VisionEncoder vision = new VisionEncoder(parameters.config().vision(), parameters.vision(), projection);
        List<int[]> phrases = new ArrayList<>();
        for (Batch.Region region : batch.regions()) {
            phrases.add(region.tokens());
        }
        int layers = vision.blocks().size();
        int width = parameters.config().vision().width();
        int patches = parameters.config().vision().rows() - 1;
        List<float[]> patchEmbeddings = new ArrayList<>();
        for (float[] image : batch.images()) {
            float[] hidden = vision.hiddenState(Parallel.serial(), image, layers);
            for (int j = 0; j < patches; j++) {
                patchEmbeddings.add(vision.head().embed(java.util.Arrays.copyOfRange(hidden, (1 + j) * width, (2 + j) * width)));
            }
        }
        return GroundingLoss.evaluate(flatten(text.encode(Parallel.serial(), phrases)),
                flatten(patchEmbeddings.toArray(float[][]::new)), batch.regions(), batch.pairs(), patches, projection,
                temperature, weight).loss();
    }

    static float[] flatten(float[][] rows) {
        int width = rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return flat;
    }
}
