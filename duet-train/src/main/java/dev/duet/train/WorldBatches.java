/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.data.HardNegative;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PatchRegions;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.ClipConfig;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Tokenizer;
import dev.duet.world.Phrase;
import dev.duet.world.Scene;
import dev.duet.world.SceneCaption;
import dev.duet.world.SceneDraft;
import dev.duet.world.SceneGenerator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Training batches drawn from the synthetic grounded world: each step picks random scenes of the
 * world's seed, one of each scene's captions, and (when asked) one hard negative per scene that
 * has one. Scenes pass through the model's own preprocessing, so training sees what inference sees.
 * Every distinct phrase of a caption becomes a grounding region: its own token sequence and the
 * patches of the vision tower's grid that it covers ({@link Phrase#coveredPatches}, the rule the
 * grounding evaluator scores by); a phrase that covers no patch centre gives none.
 */
public final class WorldBatches implements BatchSource {

    private final SceneGenerator generator;
    private final long worldSeed;
    private final Tokenizer tokenizer;
    private final ImagePreprocessor preprocessor;
    private final int batchSize;
    private final int maxNegatives;
    private final ClipConfig.Vision vision;

    /** @param vision the tower whose patch grid the regions index */
    public WorldBatches(SceneGenerator generator, long worldSeed, Tokenizer tokenizer, ImagePreprocessor preprocessor,
                        ClipConfig.Vision vision, int batchSize, int maxNegatives) {
        if (batchSize < 2) {
            throw new IllegalArgumentException("contrastive training needs batches of at least 2, got " + batchSize);
        }
        this.generator = generator;
        this.worldSeed = worldSeed;
        this.tokenizer = tokenizer;
        this.preprocessor = preprocessor;
        this.batchSize = batchSize;
        this.maxNegatives = maxNegatives;
        this.vision = vision;
    }

    /**
     * Draws the batch in two phases: in order, each scene's index, caption and hard negative from
     * {@code random} (which needs the drafted captions, not the pictures); then, one scene per
     * task on {@code parallel}, the pictures, their preprocessing and the token ids. The batch is
     * the same whatever the number of threads.
     */
    @Override
    public Batch next(long step, SeededRandom random, Parallel parallel) {
        SceneDraft[] drafts = new SceneDraft[batchSize];
        SceneCaption[] chosen = new SceneCaption[batchSize];
        String[] negativeTexts = new String[batchSize];
        int negativeCount = 0;
        for (int i = 0; i < batchSize; i++) {
            drafts[i] = generator.draft(worldSeed, random.nextInt(Integer.MAX_VALUE));
            chosen[i] = drafts[i].captions().get(random.nextInt(drafts[i].captions().size()));
            List<HardNegative> candidates = chosen[i].negatives();
            if (negativeCount < maxNegatives && !candidates.isEmpty()) {
                negativeTexts[i] = candidates.get(random.nextInt(candidates.size())).caption();
                negativeCount++;
            }
        }
        int[][] captions = new int[batchSize][];
        float[][] images = new float[batchSize][];
        int[][] negativeIds = new int[batchSize][];
        List<List<Batch.Region>> regionsPerScene = new ArrayList<>(Collections.nCopies(batchSize, null));
        parallel.forRange(batchSize, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                Scene scene = generator.draw(drafts[i]);
                captions[i] = tokenizer.encode(chosen[i].text()).ids();
                PreprocessedImage image = preprocessor.preprocess(scene.image());
                images[i] = image.pixels();
                regionsPerScene.set(i, regions(scene, chosen[i], image, i));
                negativeIds[i] = negativeTexts[i] == null ? null : tokenizer.encode(negativeTexts[i]).ids();
            }
        });
        return Batch.ofPairs(captions, images, negativeIds, regionsPerScene);
    }

    /** The regions of {@code caption}'s phrases on {@code image}, batch index {@code index}. */
    List<Batch.Region> regions(Scene scene, SceneCaption caption, PreprocessedImage image, int index) {
        PatchRegions grid = new PatchRegions(image.geometry(), vision.gridSize(), vision.gridSize(), vision.patchSize());
        List<Batch.Region> regions = new ArrayList<>();
        for (Phrase phrase : scene.phrases(caption)) {
            int[] patches = phrase.coveredPatches(grid);
            if (patches.length > 0) {
                regions.add(new Batch.Region(index, tokenizer.encode(phrase.span().of(caption.text())).ids(), patches));
            }
        }
        return regions;
    }
}
