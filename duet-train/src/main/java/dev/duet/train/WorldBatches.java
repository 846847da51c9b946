package dev.duet.train;

import dev.duet.data.HardNegative;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PatchRegions;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.ClipConfig;
import dev.duet.tokenizer.ClipTokenizer;
import dev.duet.world.Phrase;
import dev.duet.world.Scene;
import dev.duet.world.SceneCaption;
import dev.duet.world.SceneGenerator;

import java.util.ArrayList;
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
    private final ClipTokenizer tokenizer;
    private final ImagePreprocessor preprocessor;
    private final int batchSize;
    private final int maxNegatives;
    private final ClipConfig.Vision vision;

    /** @param vision the tower whose patch grid the regions index */
    public WorldBatches(SceneGenerator generator, long worldSeed, ClipTokenizer tokenizer, ImagePreprocessor preprocessor,
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

    @Override
    public Batch next(long step, SeededRandom random) {
        List<int[]> captions = new ArrayList<>(batchSize);
        List<float[]> images = new ArrayList<>(batchSize);
        List<Batch.HardNegative> negatives = new ArrayList<>();
        List<Batch.Region> regions = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            Scene scene = generator.scene(worldSeed, random.nextInt(Integer.MAX_VALUE));
            SceneCaption caption = scene.captions().get(random.nextInt(scene.captions().size()));
            captions.add(tokenizer.encode(caption.text()).ids());
            PreprocessedImage image = preprocessor.preprocess(scene.image());
            images.add(image.pixels());
            regions.addAll(regions(scene, caption, image, i));
            if (negatives.size() < maxNegatives && !caption.negatives().isEmpty()) {
                HardNegative negative = caption.negatives().get(random.nextInt(caption.negatives().size()));
                negatives.add(new Batch.HardNegative(i, tokenizer.encode(negative.caption()).ids()));
            }
        }
        return new Batch(captions, images, negatives, regions);
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
