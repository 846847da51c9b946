/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.data.BoundingBox;
import dev.duet.data.TextSpan;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessedImage;
import dev.duet.image.PreprocessorConfig;
import dev.duet.model.ClipConfig;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.ClipTokenizer;
import dev.duet.world.Mention;
import dev.duet.world.Scene;
import dev.duet.world.SceneCaption;
import dev.duet.world.SceneGenerator;
import dev.duet.world.WorldSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grounding regions of world batches against the scenes' own boxes and spans. Scenes are drawn
 * at 96 px and preprocessed to the 64 px crop of the default model (8 px patches, an 8x8 grid),
 * so patch (row, col) saw original pixels [12 col, 12 col + 12) x [12 row, 12 row + 12), its
 * centre at (12 col + 6, 12 row + 6): the geometry is written out here, not taken from
 * {@code PatchRegions}.
 */
class WorldBatchesTest {

    private static final int WORLD_PIXELS = 96;
    private static final int GRID = 8;
    private static final double ORIGINAL_PIXELS_PER_PATCH = 12;

    private final ClipTokenizer tokenizer;
    private final ImagePreprocessor preprocessor;
    private final SceneGenerator generator = new SceneGenerator(WorldSpec.standard().withImageSize(WORLD_PIXELS));
    private final WorldBatches batches;

    WorldBatchesTest() {
        Path tiny = Path.of(System.getProperty("duet.shared"), "fixtures", "models", "tiny");
        if (!Files.isDirectory(tiny)) {
            throw new IllegalStateException("fixture model not found at " + tiny);
        }
        tokenizer = ClipTokenizer.load(tiny, 77);
        preprocessor = new ImagePreprocessor(PreprocessorConfig.load(tiny.resolve("preprocessor_config.json")));
        ClipConfig.Vision vision = ModelSpec.small(tokenizer.vocabularySize(), tokenizer.bosId(), tokenizer.eosId())
                .toConfig().vision();
        assertEquals(GRID, vision.gridSize());
        batches = new WorldBatches(generator, 5, tokenizer, preprocessor, vision, 4, 2);
    }

    @Test
    void regionsAreTheSpansTokensAndThePatchesWhoseCentreIsInABox() {
        int regions = 0;
        int pluralRegions = 0;
        int skipped = 0;
        for (int index = 0; index < 40; index++) {
            Scene scene = generator.scene(5, index);
            PreprocessedImage image = preprocessor.preprocess(scene.image());
            for (SceneCaption caption : scene.captions()) {
                Map<TextSpan, List<BoundingBox>> boxesBySpan = new LinkedHashMap<>();
                for (Mention mention : caption.mentions()) {
                    boxesBySpan.computeIfAbsent(mention.span(), span -> new ArrayList<>())
                            .add(scene.objects().get(mention.object()).box());
                }
                List<Batch.Region> actual = batches.regions(scene, caption, image, 3);
                int next = 0;
                for (Map.Entry<TextSpan, List<BoundingBox>> entry : boxesBySpan.entrySet()) {
                    int[] expectedPatches = patchesWithCentreInside(entry.getValue());
                    if (expectedPatches.length == 0) {
                        skipped++;
                        continue;
                    }
                    Batch.Region region = actual.get(next++);
                    String phrase = entry.getKey().of(caption.text());
                    assertEquals(3, region.image());
                    assertArrayEquals(expectedPatches, region.patches(), phrase + " in '" + caption.text() + "'");
                    assertArrayEquals(tokenizer.encode(phrase).ids(), region.tokens(), phrase);
                    assertEquals(phrase.toLowerCase(java.util.Locale.ROOT), decode(region.tokens()));
                    regions++;
                    pluralRegions += entry.getValue().size() > 1 ? 1 : 0;
                }
                assertEquals(next, actual.size(), "one region per phrase that covers a patch, in order");
            }
        }
        assertTrue(regions > 100 && pluralRegions > 0, regions + " regions, " + pluralRegions + " of plural phrases");
        assertTrue(skipped < regions / 10, skipped + " phrases cover no patch centre");
    }

    @Test
    void batchesCarryRegionsOfTheirOwnCaptions() {
        Batch batch = batches.next(0, SeededRandom.seeded(4), Parallel.serial());
        assertTrue(batch.regions().size() >= batch.pairs(), "every caption names an object");
        for (Batch.Region region : batch.regions()) {
            String caption = decode(batch.captions().get(region.image()));
            assertTrue((" " + caption + " ").contains(" " + decode(region.tokens()) + " "),
                    decode(region.tokens()) + " in " + caption);
            assertTrue(Arrays.stream(region.patches()).allMatch(p -> p >= 0 && p < GRID * GRID));
        }
    }

    @Test
    void theBatchDoesNotDependOnTheNumberOfThreads() {
        Batch serial = batches.next(3, SeededRandom.seeded(7), Parallel.serial());
        Batch threaded;
        try (Parallel parallel = Parallel.of(3)) {
            threaded = batches.next(3, SeededRandom.seeded(7), parallel);
        }
        assertEquals(serial.pairs(), threaded.pairs());
        for (int i = 0; i < serial.pairs(); i++) {
            assertArrayEquals(serial.captions().get(i), threaded.captions().get(i));
            assertArrayEquals(serial.images().get(i), threaded.images().get(i), 0f);
        }
        assertEquals(serial.negatives().size(), threaded.negatives().size());
        for (int n = 0; n < serial.negatives().size(); n++) {
            assertEquals(serial.negatives().get(n).image(), threaded.negatives().get(n).image());
            assertArrayEquals(serial.negatives().get(n).tokens(), threaded.negatives().get(n).tokens());
        }
        assertEquals(serial.regions().size(), threaded.regions().size());
        for (int r = 0; r < serial.regions().size(); r++) {
            assertEquals(serial.regions().get(r).image(), threaded.regions().get(r).image());
            assertArrayEquals(serial.regions().get(r).patches(), threaded.regions().get(r).patches());
        }
    }

    private static int[] patchesWithCentreInside(List<BoundingBox> boxes) {
        List<Integer> inside = new ArrayList<>();
        for (int row = 0; row < GRID; row++) {
            for (int col = 0; col < GRID; col++) {
                double x = (col + 0.5) * ORIGINAL_PIXELS_PER_PATCH;
                double y = (row + 0.5) * ORIGINAL_PIXELS_PER_PATCH;
                if (boxes.stream().anyMatch(box -> x >= box.x() && x <= box.x() + box.width()
                        && y >= box.y() && y <= box.y() + box.height())) {
                    inside.add(row * GRID + col);
                }
            }
        }
        return inside.stream().mapToInt(Integer::intValue).toArray();
    }

    /** BOS, pieces, EOS back to words separated by single spaces. */
    private String decode(int[] ids) {
        assertEquals(tokenizer.bosId(), ids[0]);
        assertEquals(tokenizer.eosId(), ids[ids.length - 1]);
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < ids.length - 1; i++) {
            String piece = tokenizer.piece(ids[i]);
            text.append(tokenizer.decode(piece));
            if (piece.endsWith("</w>")) {
                text.append(' ');
            }
        }
        return text.toString().trim();
    }
}
