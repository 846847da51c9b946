/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import dev.duet.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small files in exactly the formats of COCO 2017, Flickr30k Entities and HNC; malformed records skipped or fatal. */
class GroundingReadersTest {

    @TempDir
    Path dir;

    private static void image(Path file, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }

    private void flickr(String sentences, String xml) throws IOException {
        Files.createDirectories(dir.resolve("Sentences"));
        Files.createDirectories(dir.resolve("Annotations"));
        Files.writeString(dir.resolve("test.txt"), "1000\n");
        Files.writeString(dir.resolve("Sentences/1000.txt"), sentences);
        Files.writeString(dir.resolve("Annotations/1000.xml"), xml);
        image(dir.resolve("flickr30k-images/1000.jpg"), 100, 80);
    }

    private static final String FLICKR_XML = """
            <annotation>
            <filename>1000.jpg</filename>
            <size><width>100</width><height>80</height><depth>3</depth></size>
            <object><name>5</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>10</xmax><ymax>20</ymax></bndbox></object>
            <object><name>5</name><name>6</name><bndbox><xmin>51</xmin><ymin>41</ymin><xmax>100</xmax><ymax>80</ymax></bndbox></object>
            <object><name>7</name><nobndbox>1</nobndbox><scene>1</scene></object>
            </annotation>
            """;

    @Test
    void flickrMarkupBecomesPlainTextWithSpansAndEveryBoxOfAnEntity() throws IOException {
        flickr("[/EN#5/people/other Two men] play with [/EN#6/animals a dog] in [/EN#7/scene the park] near [/EN#0/notvisual it] .\n", FLICKR_XML);
        GroundingDataset dataset = FlickrEntitiesReader.read(dir, DatasetSplit.TEST, RecordProblems.failing());
        GroundedCaption caption = dataset.images().get(0).captions().get(0);
        assertEquals("Two men play with a dog in the park near it .", caption.text());
        assertEquals("1000#0", caption.id());
        assertEquals(2, caption.phrases().size(), "the scene and the non-visual entity have no box");
        GroundedPhrase men = caption.phrases().get(0);
        assertEquals("Two men", men.span().of(caption.text()));
        assertEquals("people", men.label());
        assertEquals(List.of(new BoundingBox(0, 0, 10, 20), new BoundingBox(50, 40, 50, 40)), men.boxes());
        GroundedPhrase dog = caption.phrases().get(1);
        assertEquals("a dog", dog.span().of(caption.text()));
        assertEquals(List.of(new BoundingBox(50, 40, 50, 40)), dog.boxes());
    }

    @Test
    void aBrokenFlickrSentenceIsSkippedOrFatal() throws IOException {
        flickr("[/EN#5/people A man] walks .\n[/EN#6/animals a dog runs .\n", FLICKR_XML);
        RecordProblems skipping = new RecordProblems(BadRecordPolicy.SKIP);
        GroundingDataset dataset = FlickrEntitiesReader.read(dir, DatasetSplit.TEST, skipping);
        assertEquals(1, dataset.images().get(0).captions().size());
        assertEquals(1, dataset.skipped());
        assertTrue(dataset.firstSkipReasons().get(0).contains("1000.txt: line 2"), dataset.firstSkipReasons().toString());
        BadInputException failed = assertThrows(BadInputException.class,
                () -> FlickrEntitiesReader.read(dir, DatasetSplit.TEST, RecordProblems.failing()));
        assertTrue(failed.getMessage().contains("not closed"), failed.getMessage());
    }

    /** The JDK's XML parser prints "[Fatal Error] ..." on standard error unless it is given its own error handler. */
    @Test
    void malformedFlickrXmlIsReportedByTheRefusalAlone() throws IOException {
        flickr("[/EN#5/people A man] walks .\n", "");
        PrintStream standardError = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BadInputException failed;
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            failed = assertThrows(BadInputException.class,
                    () -> FlickrEntitiesReader.read(dir, DatasetSplit.TEST, RecordProblems.failing()));
        } finally {
            System.setErr(standardError);
        }
        assertTrue(failed.getMessage().contains("malformed XML"), failed.getMessage());
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFlickrBoxOutsideItsImageSkipsTheImage() throws IOException {
        flickr("[/EN#5/people A man] walks .\n", FLICKR_XML.replace("<xmax>100</xmax>", "<xmax>101</xmax>"));
        GroundingDataset dataset = FlickrEntitiesReader.read(dir, DatasetSplit.TEST, new RecordProblems(BadRecordPolicy.SKIP));
        assertEquals(0, dataset.images().size());
        assertTrue(dataset.firstSkipReasons().get(0).contains("1000.xml"), dataset.firstSkipReasons().toString());
        BadInputException missing = assertThrows(BadInputException.class,
                () -> FlickrEntitiesReader.read(dir, DatasetSplit.VAL, RecordProblems.failing()));
        assertTrue(missing.getMessage().contains("val.txt"), missing.getMessage());
    }

    private static final String HNC = """
            {"2354786": {"captions": {
              "0": {"caption": "The shirt is white.", "label": 1, "type": "attribute", "textual_label": null,
                    "bboxes": {"1023": {"bbox": {"x": 10, "y": 20, "w": 30, "h": 40}, "name": "shirt"}},
                    "ambiguity": false, "noisy": null, "replaced": null, "cpt_p_id": null},
              "1": {"caption": "The shirt is black.", "label": 0, "type": "attribute", "textual_label": "white",
                    "bboxes": {"1023": {"bbox": {"x": 10, "y": 20, "w": 30, "h": 40}, "name": "shirt"}},
                    "ambiguity": false, "noisy": null, "replaced": ["white", "black"], "cpt_p_id": 0}}},
             "2354787": {"captions": {
              "2": {"caption": "A cup.", "label": 1, "type": "object",
                    "bboxes": {"7": {"bbox": {"x": 90, "y": 0, "w": 30, "h": 10}, "name": "cup"}}, "cpt_p_id": null}}}}
            """;

    @Test
    void anHncCaptionWithAnEmptyIdIsABadRecord() throws IOException {
        // found by the hncDataset fuzz target: it reached the caption record's own check (exit 1, not 2)
        Files.writeString(dir.resolve("hnc_clean_strict_val.json"), HNC.replace("\"0\": {\"caption\"", "\"\": {\"caption\""));
        image(dir.resolve("images/2354786.jpg"), 100, 80);
        image(dir.resolve("images/2354787.jpg"), 100, 80);
        BadInputException refused = assertThrows(BadInputException.class,
                () -> HncReader.read(dir, DatasetSplit.VAL, RecordProblems.failing()));
        assertTrue(refused.getMessage().contains("hnc_clean_strict_val.json")
                && refused.getMessage().contains("caption id must not be empty"), refused.getMessage());
        GroundingDataset skipped = HncReader.read(dir, DatasetSplit.VAL, new RecordProblems(BadRecordPolicy.SKIP));
        assertTrue(skipped.firstSkipReasons().get(0).contains("caption ''"), skipped.firstSkipReasons().toString());
    }

    @Test
    void hncPositivesGiveObjectPhrasesAndNegativesGiveContrasts() throws IOException {
        Files.writeString(dir.resolve("hnc_clean_strict_val.json"), HNC);
        image(dir.resolve("images/2354786.jpg"), 100, 80);
        image(dir.resolve("images/2354787.jpg"), 100, 80);
        RecordProblems skipping = new RecordProblems(BadRecordPolicy.SKIP);
        GroundingDataset dataset = HncReader.read(dir, DatasetSplit.VAL, skipping);
        GroundedCaption positive = dataset.images().get(0).captions().get(0);
        assertEquals(1, dataset.images().get(0).captions().size(), "negatives are contrasts, not captions");
        assertEquals("shirt", positive.phrases().get(0).span().of(positive.text()));
        assertEquals(List.of(new BoundingBox(10, 20, 30, 40)), positive.phrases().get(0).boxes());
        PhraseContrast contrast = positive.contrasts().get(0);
        assertEquals("white", contrast.positiveSpan().of(positive.text()));
        assertEquals("black", contrast.negativeSpan().of(contrast.negativeCaption()));
        assertEquals("attribute", contrast.label());
        assertEquals(List.of(), dataset.images().get(1).captions(), "the cup's box leaves its 100x80 image");
        assertEquals(1, dataset.skipped());
        assertTrue(dataset.firstSkipReasons().get(0).contains("caption '2'"), dataset.firstSkipReasons().toString());
        assertThrows(BadInputException.class, () -> HncReader.read(dir, DatasetSplit.VAL, RecordProblems.failing()));
        BadInputException layout = assertThrows(BadInputException.class,
                () -> HncReader.read(dir, DatasetSplit.TEST, RecordProblems.failing()));
        assertTrue(layout.getMessage().contains("*_test.json"), layout.getMessage());
    }

    @Test
    void cocoCategoryNamesPluralsAndSynonymsBecomePhrasesAndBadInstancesAreSkipped() throws IOException {
        Path annotations = Files.createDirectories(dir.resolve("annotations"));
        image(dir.resolve("val2017/000000000001.jpg"), 100, 80);
        String images = "\"images\": [{\"id\": 1, \"file_name\": \"000000000001.jpg\", \"width\": 100, \"height\": 80}]";
        Files.writeString(annotations.resolve("captions_val2017.json"), "{" + images + ", \"annotations\": ["
                + "{\"id\": 10, \"image_id\": 1, \"caption\": \"Two dogs and a man near a hot dog stand.\"}]}");
        Files.writeString(annotations.resolve("instances_val2017.json"), "{" + images + ", \"categories\": ["
                + "{\"id\": 1, \"name\": \"person\", \"supercategory\": \"person\"},"
                + "{\"id\": 18, \"name\": \"dog\", \"supercategory\": \"animal\"},"
                + "{\"id\": 58, \"name\": \"hot dog\", \"supercategory\": \"food\"}], \"annotations\": ["
                + "{\"id\": 100, \"image_id\": 1, \"category_id\": 18, \"bbox\": [0, 0, 10, 10], \"area\": 80, \"iscrowd\": 0},"
                + "{\"id\": 101, \"image_id\": 1, \"category_id\": 18, \"bbox\": [20, 20, 10, 10], \"area\": 80, \"iscrowd\": 0},"
                + "{\"id\": 102, \"image_id\": 1, \"category_id\": 1, \"bbox\": [50, 0, 20, 60], \"area\": 900, \"iscrowd\": 0},"
                + "{\"id\": 103, \"image_id\": 1, \"category_id\": 99, \"bbox\": [0, 0, 5, 5], \"area\": 25, \"iscrowd\": 0},"
                + "{\"id\": 104, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5], \"area\": 25, \"iscrowd\": 0}]}");
        GroundingDataset dataset = CocoGroundingReader.readCoco(dir, DatasetSplit.VAL, new RecordProblems(BadRecordPolicy.SKIP));
        assertEquals(2, dataset.skipped(), dataset.firstSkipReasons().toString());
        GroundedCaption caption = dataset.images().get(0).captions().get(0);
        List<String> phrases = caption.phrases().stream().map(p -> p.span().of(caption.text()) + "=" + p.label()).toList();
        assertEquals(List.of("dogs=dog", "man=person"), phrases, "'hot dog' has no instance here and hides its 'dog'");
        assertEquals(2, caption.phrases().get(0).boxes().size());
        // the parser checks each record alone before the reader checks references: the short bbox stops it first
        BadInputException failed = assertThrows(BadInputException.class,
                () -> CocoGroundingReader.readCoco(dir, DatasetSplit.VAL, RecordProblems.failing()));
        assertTrue(failed.getMessage().contains("instances_val2017.json") && failed.getMessage().contains("annotations[4]"),
                failed.getMessage());
        BadInputException test = assertThrows(BadInputException.class,
                () -> CocoGroundingReader.readCoco(dir, DatasetSplit.TEST, RecordProblems.failing()));
        assertTrue(test.getMessage().contains("dataset_coco.json"), test.getMessage());
        Files.writeString(dir.resolve("dataset_coco.json"), "{\"images\": [{\"cocoid\": 1, \"split\": \"test\", \"sentences\": []}],"
                + " \"dataset\": \"coco\"}");
        assertEquals(1, CocoGroundingReader.readCoco(dir, DatasetSplit.TEST, new RecordProblems(BadRecordPolicy.SKIP)).images().size());
        assertEquals(0, CocoGroundingReader.readCoco(dir, DatasetSplit.VAL, new RecordProblems(BadRecordPolicy.SKIP)).images().size());
    }

    @Test
    void cocoTrainingSplitIsTrain2017AndKarpathysTrainAndRestvalOnly() throws IOException {
        Path annotations = Files.createDirectories(dir.resolve("annotations"));
        StringBuilder images = new StringBuilder();
        StringBuilder captions = new StringBuilder();
        for (int id = 1; id <= 3; id++) {
            String file = String.format(java.util.Locale.ROOT, "%012d.jpg", id);
            image(dir.resolve("train2017").resolve(file), 100, 80);
            images.append(id == 1 ? "" : ", ").append("{\"id\": ").append(id).append(", \"file_name\": \"").append(file)
                    .append("\", \"width\": 100, \"height\": 80}");
            captions.append(id == 1 ? "" : ", ").append("{\"id\": ").append(10 + id).append(", \"image_id\": ").append(id)
                    .append(", \"caption\": \"A dog.\"}");
        }
        Files.writeString(annotations.resolve("captions_train2017.json"), "{\"images\": [" + images
                + "], \"annotations\": [" + captions + "]}");
        Files.writeString(annotations.resolve("instances_train2017.json"), "{\"images\": [" + images + "], \"categories\": ["
                + "{\"id\": 18, \"name\": \"dog\", \"supercategory\": \"animal\"}], \"annotations\": []}");
        assertEquals(3, CocoGroundingReader.readCoco(dir, DatasetSplit.TRAIN, RecordProblems.failing()).images().size());
        BadInputException noVal = assertThrows(BadInputException.class,
                () -> CocoGroundingReader.readCoco(dir, DatasetSplit.VAL, RecordProblems.failing()));
        assertTrue(noVal.getMessage().contains("captions_val2017.json"), noVal.getMessage());
        Files.writeString(dir.resolve("dataset_coco.json"), "{\"images\": [{\"cocoid\": 1, \"split\": \"train\"}, "
                + "{\"cocoid\": 2, \"split\": \"restval\"}, {\"cocoid\": 3, \"split\": \"test\"}]}");
        List<String> kept = CocoGroundingReader.readCoco(dir, DatasetSplit.TRAIN, RecordProblems.failing()).images().stream()
                .map(GroundedImage::id).toList();
        assertEquals(List.of("1", "2"), kept, "Karpathy's test image is never trained on");
    }
}
