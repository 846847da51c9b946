/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import dev.duet.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builds that fail midway, resume, meet unreadable images or other settings. */
class IndexBuilderTest {

    @TempDir
    Path directory;

    /** Every item of an index, key by key, as its factor rows. */
    private static List<String> items(Path index) {
        List<String> keys = new ArrayList<>();
        try (DuetIndex opened = DuetIndex.open(index, TestCorpus.tinyModel(), dev.duet.tensor.Parallel.serial(), null)) {
            for (int chunk = 0; ; chunk++) {
                Path file = IndexManifest.chunkFile(index, chunk);
                if (!Files.exists(file)) {
                    break;
                }
                try (FactorStore store = FactorStore.open(file, opened.settings())) {
                    for (int slot = 0; slot < store.size(); slot++) {
                        keys.add(store.key(slot));
                    }
                }
            }
            assertEquals(opened.size(), keys.size());
        }
        return keys;
    }

    @Test
    void aBuildStoppedAfterSixImagesResumesAndAddsEachImageOnce() throws IOException {
        Path images = directory.resolve("images");
        TestCorpus.write(images, 9, 5);
        Path whole = directory.resolve("whole");
        DuetIndexTest.builder(Precision.FLOAT32, IndexBuilder.OnBadImage.FAIL, 4).build(images, whole, progress -> { });

        Path stopped = directory.resolve("stopped");
        RuntimeException crash = new RuntimeException("injected failure after 6 images");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> DuetIndexTest.builder(Precision.FLOAT32,
                IndexBuilder.OnBadImage.FAIL, 4).build(images, stopped, progress -> {
                    if (progress.done() == 6) {
                        throw crash;
                    }
                }));
        assertEquals(crash, thrown);
        assertEquals(4, items(stopped).size(), "the first batch of 4 was committed, the next 2 images were not");

        IndexBuilder.Summary resumed = DuetIndexTest.builder(Precision.FLOAT32, IndexBuilder.OnBadImage.FAIL, 4)
                .build(images, stopped, progress -> { });
        assertEquals(new IndexBuilder.Summary(5, 4, 0, List.of(), 9), resumed);
        List<String> keys = items(stopped);
        assertEquals(9, new HashSet<>(keys).size(), "no image twice");
        assertEquals(Set.copyOf(ImageFiles.list(images)), Set.copyOf(keys), "no image missing");
        assertEquals(Set.copyOf(items(whole)), Set.copyOf(keys));
        try (FactorStore a = FactorStore.open(IndexManifest.chunkFile(whole, 2)); FactorStore b = FactorStore.open(IndexManifest.chunkFile(stopped, 2))) {
            assertArrayEquals(a.factor(0).rows(), b.factor(0).rows(), "the resumed build computes the same factors");
        }

        // nothing new: a third run adds nothing
        assertEquals(new IndexBuilder.Summary(0, 9, 0, List.of(), 9), DuetIndexTest.builder(Precision.FLOAT32,
                IndexBuilder.OnBadImage.FAIL, 4).build(images, stopped, progress -> { }));
    }

    @Test
    void filesLeftByABatchKilledBeforeItsCommitAreReplaced() throws IOException {
        Path images = directory.resolve("images");
        TestCorpus.write(images, 6, 3);
        Path index = directory.resolve("index");
        assertThrows(IllegalStateException.class, () -> DuetIndexTest.builder(Precision.FLOAT32, IndexBuilder.OnBadImage.FAIL, 4)
                .build(images, index, progress -> {
                    if (progress.done() == 5) {
                        throw new IllegalStateException("stop before the second commit");
                    }
                }));
        // what a kill between the factor file's write and the Lucene commit leaves: a complete file past the
        // manifest's count, and the temporary of an atomic write that was under way
        Files.write(IndexManifest.chunkFile(index, 1), new byte[] {1, 2, 3});
        Files.write(IndexManifest.factorsFolder(index).resolve(".duet-123.part"), new byte[] {4});
        IndexBuilder.Summary resumed = DuetIndexTest.builder(Precision.FLOAT32, IndexBuilder.OnBadImage.FAIL, 4)
                .build(images, index, progress -> { });
        assertEquals(new IndexBuilder.Summary(2, 4, 0, List.of(), 6), resumed);
        assertEquals(6, Set.copyOf(items(index)).size());
        assertEquals(List.of("chunk-000000.dfs", "chunk-000001.dfs"), Files.list(IndexManifest.factorsFolder(index))
                .map(p -> p.getFileName().toString()).sorted().toList());
    }

    @Test
    void unreadableImagesAreSkippedAndCountedOrFatal() throws IOException {
        Path images = directory.resolve("images");
        TestCorpus.write(images, 4, 9);
        Files.write(images.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(images.resolve("notes.txt"), "not an image, not counted");
        Path index = directory.resolve("index");
        IndexBuilder.Summary summary = DuetIndexTest.builder(Precision.FLOAT32, IndexBuilder.OnBadImage.SKIP, 2)
                .build(images, index, progress -> { });
        assertEquals(4, summary.added());
        assertEquals(1, summary.skipped());
        assertTrue(summary.problems().getFirst().startsWith(images.toAbsolutePath().resolve("broken.png").toString()),
                summary.problems().toString());

        Path strict = directory.resolve("strict");
        BadInputException refused = assertThrows(BadInputException.class, () -> DuetIndexTest.builder(Precision.FLOAT32,
                IndexBuilder.OnBadImage.FAIL, 2).build(images, strict, progress -> { }));
        assertTrue(refused.getMessage().contains("broken.png"), refused.getMessage());
        assertFalse(Files.exists(strict), "a failed first build leaves no index behind");
    }

    @Test
    void aFolderThatIsNotAnIndexIsNotTouched() throws IOException {
        Path images = directory.resolve("images");
        TestCorpus.write(images, 2, 1);
        BadInputException refused = assertThrows(BadInputException.class, () -> DuetIndexTest.builder(Precision.FLOAT32,
                IndexBuilder.OnBadImage.FAIL, 2).build(images, images, progress -> { }));
        assertTrue(refused.getMessage().contains("is not a Duet index"), refused.getMessage());
        assertEquals(List.of("more", "scene-00.png", "scene-01.png"), Files.list(images).map(p -> p.getFileName().toString()).sorted().toList());
    }
}
