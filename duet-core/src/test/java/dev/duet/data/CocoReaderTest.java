/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import dev.duet.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CocoReaderTest {

    @TempDir
    Path dir;

    private static final String CAPTIONS = CocoSampleFiles.CAPTIONS;
    private static final String INSTANCES = CocoSampleFiles.INSTANCES;

    @Test
    void readsDuetExtension() throws IOException {
        CocoDataset dataset = CocoReader.withDefaults().read(CocoSampleFiles.write(dir, CAPTIONS, INSTANCES));
        assertEquals(2, dataset.images().size());
        assertEquals(3, dataset.instances().size());
        assertEquals(Map.of("description", "sample", "seed", "7"), dataset.info());
        CocoCaption first = dataset.captionsOf(1).getFirst();
        assertEquals("red circle", first.grounding().get(0).span().of(first.caption()));
        assertEquals("blue star", first.grounding().get(1).span().of(first.caption()));
        HardNegative negative = first.negatives().getFirst();
        assertEquals(SwapKind.RELATION, negative.swap());
        assertEquals("right of", negative.replacement());
        assertEquals(first.caption(), negative.originalCaption());
        assertEquals(new BoundingBox(40, 12, 20.25, 19), dataset.instance(101).orElseThrow().bbox());
        assertEquals(Map.of("colour", "red", "size", "large"), dataset.instance(100).orElseThrow().attributes());
        assertEquals(dir.resolve("images/b.png").toAbsolutePath(), dataset.imagePath(dataset.image(2).orElseThrow()));
    }

    @Test
    void readsCocoLayoutUnchanged() throws IOException {
        Path root = dir.resolve("coco");
        Files.createDirectories(root.resolve("annotations"));
        Files.createDirectories(root.resolve("val2017"));
        copyResource("captions_sample2017.json", root.resolve("annotations/captions_val2017.json"));
        copyResource("instances_sample2017.json", root.resolve("annotations/instances_val2017.json"));
        Files.write(root.resolve("val2017/000000397133.jpg"), new byte[] {0});
        Files.write(root.resolve("val2017/000000037777.jpg"), new byte[] {0});

        CocoDataset dataset = CocoReader.withDefaults().read(CocoFiles.cocoLayout(root, "val2017"));
        assertEquals(List.of(397133L, 37777L), dataset.images().stream().map(CocoImage::id).toList());
        assertEquals(new CocoImage(397133, "000000397133.jpg", 640, 427), dataset.images().getFirst());
        assertEquals(4, dataset.captions().size());
        assertTrue(dataset.captions().stream().allMatch(c -> c.grounding().isEmpty() && c.negatives().isEmpty()));
        assertEquals("2017", dataset.info().get("year"));
        CocoInstance crowd = dataset.instance(900100397133L).orElseThrow();
        assertTrue(crowd.crowd());
        assertEquals(new BoundingBox(388, 69, 109, 347), crowd.bbox());
        assertEquals(1481.3806499999994, dataset.instance(82445).orElseThrow().area());
        assertEquals("dining table", dataset.category(67).orElseThrow().name());
        assertEquals("furniture", dataset.category(67).orElseThrow().supercategory());
        assertEquals(2, dataset.instancesOf(397133).size());
    }

    @Test
    void readsCaptionsWithoutInstances() throws IOException {
        CocoFiles files = CocoSampleFiles.write(dir, ungrounded(CAPTIONS), INSTANCES);
        CocoDataset dataset = CocoReader.withDefaults().read(new CocoFiles(files.captions(), null, files.imageRoot()));
        assertEquals(2, dataset.captions().size());
        assertTrue(dataset.instances().isEmpty());
    }

    @Test
    void rejectsGroundingWithoutInstancesFile() throws IOException {
        CocoFiles files = CocoSampleFiles.write(dir, CAPTIONS, INSTANCES);
        CocoFiles captionsOnly = new CocoFiles(files.captions(), null, files.imageRoot());
        assertRejected(captionsOnly, files.captions(), "instance 100");
    }

    private static String ungrounded(String captions) {
        return captions
                .replace("\"duet_grounding\": [{\"instance_id\": 100, \"span\": [2, 12]}, {\"instance_id\": 101, \"span\": [23, 32]}],", "")
                .replace("\"duet_grounding\": [{\"instance_id\": 102, \"span\": [2, 20]}],", "");
    }

    @Test
    void writerRoundTripGivesEqualDataset() throws IOException {
        CocoDataset original = CocoReader.withDefaults().read(CocoSampleFiles.write(dir, CAPTIONS, INSTANCES));
        Path copy = dir.resolve("copy");
        CocoWriter.write(original, copy.resolve("c.json"), copy.resolve("i.json"));
        CocoDataset again = CocoReader.withDefaults().read(new CocoFiles(copy.resolve("c.json"), copy.resolve("i.json"),
                original.imageRoot()));
        assertEquals(original, again);
        byte[] first = Files.readAllBytes(copy.resolve("c.json"));
        CocoWriter.write(again, copy.resolve("c.json"), copy.resolve("i.json"));
        assertArrayEquals(first, Files.readAllBytes(copy.resolve("c.json")));
    }

    @Test
    void rejectsMissingImageFile() throws IOException {
        CocoFiles files = CocoSampleFiles.write(dir, CAPTIONS, INSTANCES);
        Files.delete(files.imageRoot().resolve("b.png"));
        assertRejected(files, files.captions(), "does not exist");
    }

    @Test
    void missingImageFilesAreAcceptedWhenNotRequired() throws IOException {
        CocoFiles files = CocoSampleFiles.write(dir, CAPTIONS, INSTANCES);
        Files.delete(files.imageRoot().resolve("b.png"));
        CocoReader lenient = new CocoReader(CocoReadOptions.defaults().withRequireImageFiles(false));
        assertEquals(2, lenient.read(files).images().size());
    }

    @Test
    void rejectsPathTraversal() throws IOException {
        Files.write(dir.resolve("x.png"), new byte[] {0});
        assertRejectedCaptions(CAPTIONS.replace("\"a.png\"", "\"../x.png\""), INSTANCES, "outside the image folder");
    }

    @Test
    void rejectsAbsoluteFileName() throws IOException {
        Path outside = dir.resolve("x.png").toAbsolutePath();
        Files.write(outside, new byte[] {0});
        assertRejectedCaptions(CAPTIONS.replace("\"a.png\"", "\"" + outside + "\""), INSTANCES, "outside the image folder");
    }

    @Test
    void rejectsLinkLeadingOutside() throws IOException {
        CocoFiles files = CocoSampleFiles.write(dir, CAPTIONS, INSTANCES);
        Path secret = dir.resolve("secret.png");
        Files.write(secret, new byte[] {0});
        Files.delete(files.imageRoot().resolve("a.png"));
        Files.createSymbolicLink(files.imageRoot().resolve("a.png"), secret);
        assertRejected(files, files.captions(), "link");
    }

    @Test
    void rejectsBoxOutsideImage() throws IOException {
        assertRejectedInstances(CAPTIONS, INSTANCES.replace("[40, 12, 20.25, 19]", "[50, 12, 20.25, 19]"), "outside image 1");
    }

    @Test
    void rejectsNegativeBox() throws IOException {
        assertRejectedInstances(CAPTIONS, INSTANCES.replace("[40, 12, 20.25, 19]", "[-1, 12, 20.25, 19]"), "negative");
    }

    @Test
    void rejectsDuplicateImageIds() throws IOException {
        assertRejectedCaptions(CAPTIONS.replace("{\"id\": 2, \"file_name\": \"b.png\"", "{\"id\": 1, \"file_name\": \"b.png\""),
                INSTANCES, "duplicate image id 1");
    }

    @Test
    void rejectsDuplicateAnnotationIds() throws IOException {
        assertRejectedInstances(CAPTIONS, INSTANCES.replace("{\"id\": 102,", "{\"id\": 101,"), "duplicate annotation id 101");
        assertRejectedCaptions(CAPTIONS.replace("{\"id\": 11,", "{\"id\": 10,"), INSTANCES, "duplicate annotation id 10");
    }

    @Test
    void rejectsDuplicateCategoryIds() throws IOException {
        assertRejectedInstances(CAPTIONS, INSTANCES.replace("{\"id\": 2, \"name\": \"star\"", "{\"id\": 1, \"name\": \"star\""),
                "duplicate category id 1");
    }

    @Test
    void rejectsMalformedJson() throws IOException {
        assertRejectedCaptions(CAPTIONS.substring(0, CAPTIONS.length() / 2), INSTANCES, "malformed JSON");
        assertRejectedInstances(CAPTIONS, INSTANCES.replace("\"iscrowd\": 0}", "\"iscrowd\": 0,}"), "malformed JSON");
    }

    @Test
    void rejectsDuplicateKeys() throws IOException {
        assertRejectedInstances(CAPTIONS, INSTANCES.replace("{\"id\": 102,", "{\"id\": 102, \"id\": 103,"), "malformed JSON");
    }

    @Test
    void rejectsUnknownReferences() throws IOException {
        assertRejectedInstances(CAPTIONS, INSTANCES.replace("\"image_id\": 2, \"category_id\": 2", "\"image_id\": 3, \"category_id\": 2"),
                "image 3");
        assertRejectedInstances(CAPTIONS, INSTANCES.replace("\"image_id\": 2, \"category_id\": 2", "\"image_id\": 2, \"category_id\": 9"),
                "category 9");
        assertRejectedCaptions(CAPTIONS.replace("\"instance_id\": 102", "\"instance_id\": 999"), INSTANCES, "instance 999");
        assertRejectedCaptions(CAPTIONS.replace("\"instance_id\": 102", "\"instance_id\": 100"), INSTANCES, "belongs to image 1");
    }

    @Test
    void rejectsSpansOutsideCaption() throws IOException {
        assertRejectedCaptions(CAPTIONS.replace("[2, 20]", "[2, 21]"), INSTANCES, "outside the caption");
        assertRejectedCaptions(CAPTIONS.replace("[14, 19]", "[14, 30]"), INSTANCES, "outside the negative caption");
        assertRejectedCaptions(CAPTIONS.replace("[2, 20]", "[5, 5]"), INSTANCES, "start < end");
    }

    @Test
    void rejectsWrongTypes() throws IOException {
        assertRejectedCaptions(CAPTIONS.replace("\"width\": 32", "\"width\": \"32\""), INSTANCES, "'width'");
        assertRejectedCaptions(CAPTIONS.replace("\"width\": 32", "\"width\": 0"), INSTANCES, "'width'");
        assertRejectedInstances(CAPTIONS, INSTANCES.replace("\"id\": 102,", "\"id\": 102.5,"), "integer id");
        assertRejectedInstances(CAPTIONS, INSTANCES.replace("[0, 0, 32, 32]", "[0, 0, 32]"), "expected 4");
        assertRejectedCaptions(CAPTIONS.replace("\"swap\": \"shape\"", "\"swap\": \"mood\""), INSTANCES, "unknown swap kind");
        assertRejectedCaptions("[]", INSTANCES, "JSON object");
        assertRejectedInstances(CAPTIONS, INSTANCES.replace("\"categories\"", "\"cats\""), "categories");
    }

    @Test
    void rejectsImagesThatDisagreeBetweenFiles() throws IOException {
        assertRejectedInstances(CAPTIONS, INSTANCES.replace("\"width\": 32", "\"width\": 33"), "differs from image 2");
    }

    @Test
    void rejectsFilesOverTheSizeLimit() throws IOException {
        CocoFiles files = CocoSampleFiles.write(dir, CAPTIONS, INSTANCES);
        CocoReader strict = new CocoReader(CocoReadOptions.defaults().withMaxJsonBytes(100));
        BadInputException error = assertThrows(BadInputException.class, () -> strict.read(files));
        assertEquals(files.captions(), error.file());
        assertTrue(error.getMessage().contains("limit of 100"), error.getMessage());
    }

    @Test
    void rejectsMissingJsonFile() throws IOException {
        CocoFiles files = CocoSampleFiles.write(dir, CAPTIONS, INSTANCES);
        Files.delete(files.instances());
        assertRejected(files, files.instances(), "file not found");
    }

    /** Random byte edits of a valid file give a data set or a BadInputException, nothing else. */
    @Test
    void mutatedFilesFailOnlyWithBadInput() throws IOException {
        CocoFiles files = CocoSampleFiles.write(dir, CAPTIONS, INSTANCES);
        SplittableRandom random = new SplittableRandom(42);
        byte[] alphabet = "{}[]\":,0123456789-.eE \\aZ".getBytes(StandardCharsets.UTF_8);
        for (Path target : List.of(files.captions(), files.instances())) {
            byte[] valid = Files.readAllBytes(target);
            for (int trial = 0; trial < 300; trial++) {
                byte[] mutated = valid.clone();
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits; e++) {
                    mutated[random.nextInt(mutated.length)] = alphabet[random.nextInt(alphabet.length)];
                }
                Files.write(target, mutated);
                try {
                    CocoReader.withDefaults().read(files);
                } catch (BadInputException expected) {
                    assertTrue(expected.getMessage().startsWith(files.captions().toString())
                            || expected.getMessage().startsWith(files.instances().toString()), expected.getMessage());
                }
            }
            Files.write(target, valid);
        }
    }

    private void assertRejectedCaptions(String captions, String instances, String problem) throws IOException {
        CocoFiles files = CocoSampleFiles.write(dir, captions, instances);
        assertRejected(files, files.captions(), problem);
    }

    private void assertRejectedInstances(String captions, String instances, String problem) throws IOException {
        CocoFiles files = CocoSampleFiles.write(dir, captions, instances);
        assertRejected(files, files.instances(), problem);
    }

    private static void assertRejected(CocoFiles files, Path blamed, String problem) {
        BadInputException error = assertThrows(BadInputException.class, () -> CocoReader.withDefaults().read(files));
        assertEquals(blamed, error.file(), error.getMessage());
        assertTrue(error.getMessage().startsWith(blamed + ": "), error.getMessage());
        assertTrue(error.getMessage().contains(problem), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = CocoReaderTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            Files.copy(in, target);
        }
    }
}
