/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.BadInputException;
import dev.duet.data.GroundedCaption;
import dev.duet.data.GroundedImage;
import dev.duet.data.GroundedPhrase;
import dev.duet.data.GroundingDataset;
import dev.duet.data.PhraseContrast;
import dev.duet.grounding.PhraseTarget;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PatchRegions;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.ClipConfig;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Training batches drawn from the training part of a grounding data set (COCO, Flickr30k
 * Entities, HNC). Each step draws B different images uniformly (so that no caption is a false
 * negative of another in the contrastive loss), one of each image's captions, and, up to the
 * batch's limit, one of that caption's hard negatives: for HNC the negatives made from it
 * ({@link PhraseContrast#negativeCaption()}), which {@link ContrastiveLoss} puts against the
 * true captions as NegCLIP does; COCO and Flickr30k have none, so their loss is the plain
 * symmetric CLIP loss. Images are decoded and go through the model's own preprocessing and
 * captions through its tokenizer. Every grounded phrase of the caption becomes a region: its own
 * token sequence and the patches its boxes hold by the rule the grounding harness scores by
 * ({@link PhraseTarget}); a phrase the centre crop cut away gives none.
 */
public final class DatasetBatches implements BatchSource {

    private final List<GroundedImage> images;
    private final Tokenizer tokenizer;
    private final ImagePreprocessor preprocessor;
    private final ClipConfig.Vision vision;
    private final int batchSize;
    private final int maxNegatives;

    /** @param training the training part; images without a caption are never drawn */
    public DatasetBatches(GroundingDataset training, Tokenizer tokenizer, ImagePreprocessor preprocessor,
                          ClipConfig.Vision vision, int batchSize, int maxNegatives) {
        if (batchSize < 2) {
            throw new IllegalArgumentException("contrastive training needs batches of at least 2, got " + batchSize);
        }
        requireBatch(training, batchSize);
        this.images = drawable(training);
        this.tokenizer = tokenizer;
        this.preprocessor = preprocessor;
        this.vision = vision;
        this.batchSize = batchSize;
        this.maxNegatives = maxNegatives;
    }

    /** Refuses a training part with fewer images than a batch, which must hold different ones. */
    public static void requireBatch(GroundingDataset training, int batchSize) {
        int count = drawable(training).size();
        if (count < batchSize) {
            throw new BadInputException(null, "the training part of " + training.kind().cliName() + " has " + count
                    + " images with a caption, fewer than a batch of " + batchSize + " different images");
        }
    }

    private static List<GroundedImage> drawable(GroundingDataset training) {
        return training.images().stream().filter(image -> !image.captions().isEmpty()).toList();
    }

    /**
     * Draws the batch in two phases: in order, each image's index (again while it repeats one
     * already drawn), caption and hard negative from {@code random}; then, one image per task on
     * {@code parallel}, decoding, preprocessing and token ids. The batch is the same whatever the
     * number of threads.
     */
    @Override
    public Batch next(long step, SeededRandom random, Parallel parallel) {
        GroundedImage[] chosenImages = new GroundedImage[batchSize];
        GroundedCaption[] chosenCaptions = new GroundedCaption[batchSize];
        String[] negativeTexts = new String[batchSize];
        Set<Integer> drawn = new HashSet<>();
        int negativeCount = 0;
        for (int i = 0; i < batchSize; i++) {
            int index = random.nextInt(images.size());
            while (!drawn.add(index)) {
                index = random.nextInt(images.size());
            }
            chosenImages[i] = images.get(index);
            List<GroundedCaption> captions = chosenImages[i].captions();
            chosenCaptions[i] = captions.get(random.nextInt(captions.size()));
            List<String> negatives = chosenCaptions[i].contrasts().stream().map(PhraseContrast::negativeCaption)
                    .distinct().toList();
            if (negativeCount < maxNegatives && !negatives.isEmpty()) {
                negativeTexts[i] = negatives.get(random.nextInt(negatives.size()));
                negativeCount++;
            }
        }
        int[][] captions = new int[batchSize][];
        float[][] pixels = new float[batchSize][];
        int[][] negativeIds = new int[batchSize][];
        List<List<Batch.Region>> regionsPerImage = new ArrayList<>(Collections.nCopies(batchSize, null));
        parallel.forRange(batchSize, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                PreprocessedImage image = preprocessor.preprocess(chosenImages[i].file());
                pixels[i] = image.pixels();
                captions[i] = tokenizer.encode(chosenCaptions[i].text()).ids();
                regionsPerImage.set(i, regions(chosenCaptions[i], image, i));
                negativeIds[i] = negativeTexts[i] == null ? null : tokenizer.encode(negativeTexts[i]).ids();
            }
        });
        return Batch.ofPairs(captions, pixels, negativeIds, regionsPerImage);
    }

    /** The regions of {@code caption}'s phrases on {@code image}, batch index {@code index}. */
    private List<Batch.Region> regions(GroundedCaption caption, PreprocessedImage image, int index) {
        PatchRegions grid = new PatchRegions(image.geometry(), vision.gridSize(), vision.gridSize(), vision.patchSize());
        List<Batch.Region> regions = new ArrayList<>();
        for (GroundedPhrase phrase : caption.phrases()) {
            boolean[] inside = PhraseTarget.patches(grid, phrase.boxes());
            if (inside == null) {
                continue;
            }
            int[] patches = new int[inside.length];
            int count = 0;
            for (int p = 0; p < inside.length; p++) {
                if (inside[p]) {
                    patches[count++] = p;
                }
            }
            if (count == 0) {
                continue;
            }
            regions.add(new Batch.Region(index, tokenizer.encode(phrase.span().of(caption.text())).ids(),
                    Arrays.copyOf(patches, count)));
        }
        return regions;
    }
}
