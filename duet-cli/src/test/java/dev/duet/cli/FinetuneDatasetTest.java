/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code duet finetune --dataset}: a run on an HNC folder writes per-type grounding; bad input exits 2 in one line. */
class FinetuneDatasetTest {

    @TempDir
    Path directory;

    /**
     * HNC's layout: hnc_clean_strict_{train,val}.json keyed by image id, each positive caption
     * with a hard negative made from it, and images/ID.jpg (80x64, a red box on the left).
     */
    private Path hnc(int train, int val) throws IOException {
        return hnc(directory.resolve("hnc"), train, val);
    }

    static Path hnc(Path dir, int train, int val) throws IOException {
        List<String> trainEntries = new ArrayList<>();
        List<String> valEntries = new ArrayList<>();
        for (int i = 1; i <= train + val; i++) {
            String id = Integer.toString(2_354_000 + i);
            String type = i % 2 == 1 ? "attribute" : "object";
            String boxes = "{\"" + i + "\": {\"bbox\": {\"x\": 4, \"y\": 8, \"w\": 32, \"h\": 48}, \"name\": \"shirt\"}}";
            (i <= train ? trainEntries : valEntries).add("\"" + id + "\": {\"captions\": {"
                    + "\"" + 2 * i + "\": {\"caption\": \"The shirt is red.\", \"label\": 1, \"type\": \"" + type + "\", "
                    + "\"bboxes\": " + boxes + ", \"replaced\": null, \"cpt_p_id\": null},"
                    + "\"" + (2 * i + 1) + "\": {\"caption\": \"The shirt is green.\", \"label\": 0, \"type\": \"" + type
                    + "\", \"bboxes\": " + boxes + ", \"replaced\": [\"red\", \"green\"], \"cpt_p_id\": " + 2 * i + "}}}");
            Files.createDirectories(dir.resolve("images"));
            BufferedImage image = new BufferedImage(80, 64, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(20 * i, 90, 90));
            g.fillRect(0, 0, 80, 64);
            g.setColor(Color.RED);
            g.fillRect(4, 8, 32, 48);
            g.dispose();
            ImageIO.write(image, "png", dir.resolve("images/" + id + ".jpg").toFile());
        }
        Files.writeString(dir.resolve("hnc_clean_strict_train.json"), "{" + String.join(",\n", trainEntries) + "}");
        Files.writeString(dir.resolve("hnc_clean_strict_val.json"), "{" + String.join(",\n", valEntries) + "}");
        return dir;
    }

    private List<String> finetune(Path data, Path out, String... extra) {
        List<String> arguments = new ArrayList<>(List.of("finetune", "--dataset", "hnc", "--data", data.toString(),
                "--init", CliContractTest.model(), "--out", out.toString(), "--steps", "2", "--batch", "4",
                "--negatives", "2", "--eval-every", "1", "--threads", "2"));
        arguments.addAll(List.of(extra));
        return arguments;
    }

    @Test
    void finetuningOnHncWritesGroundingPerTypeAndItsCurves() throws IOException {
        Path out = directory.resolve("model");
        CliContractTest.Result result = CliContractTest.run(finetune(hnc(5, 2), out, "--chart-format", "svg")
                .toArray(String[]::new));
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.err().contains("hnc: training on 5 images of its train split; grounding held out on 2 images"),
                result.err());
        List<String> table = Files.readAllLines(out.resolve("evaluation.tsv"));
        assertTrue(table.getFirst().endsWith("\tphrases_per_second\tgrounding_attribute\tgrounding_object"
                + "\tmass_in_box_attribute\tmass_in_box_object\tchance_attribute\tchance_object"), table.getFirst());
        assertTrue(result.err().contains("over 2 held-out phrases in "), result.err());
        assertTrue(result.err().contains(" phrases/s)"), result.err());
        assertEquals(4, table.size(), "header and steps 0, 1, 2");
        String perClass = Files.readString(out.resolve(TrainingFigure.PER_CLASS + ".svg"));
        assertTrue(perClass.contains(">attribute (chance ") && perClass.contains(">object (chance "),
                "a panel per type, its chance in its title");
        assertTrue(perClass.contains(">mass in box</text"), "mass in box drawn");
        assertTrue(Files.readString(out.resolve(TrainingFigure.CURVES + ".svg")).contains(">held-out scores</text"),
                "loss and score curves drawn");
        assertFalse(Files.exists(out.resolve(TrainingFigure.CURVES + ".png")), "--chart-format svg draws no PNG");
        List<String> log = Files.readAllLines(out.resolve("training-log.tsv"));
        assertFalse(log.get(1).split("\t")[7].equals("NaN"), "the hard negatives reach the loss: " + log.get(1));
        assertTrue(Files.readString(out.resolve("config.json")).contains("clip"), "a loadable model");
    }

    @Test
    void aDataSetNeedsItsFolderAndRefusesAWorld() throws IOException {
        Path data = hnc(5, 2);
        Path out = directory.resolve("refused");
        List<String> noData = new ArrayList<>(finetune(data, out));
        noData.remove("--data");
        noData.remove(data.toString());
        expectBadInput(noData, "--data");
        List<String> withWorld = finetune(data, out, "--world", "bound");
        expectBadInput(withWorld, "--world");
        List<String> dataAlone = new ArrayList<>(finetune(data, out));
        dataAlone.remove("--dataset");
        dataAlone.remove("hnc");
        expectBadInput(dataAlone, "--data needs --dataset");
        expectBadInput(finetune(data, out, "--eval-images", "0"), "--eval-images");
        List<String> largeBatch = finetune(data, out);
        largeBatch.set(largeBatch.indexOf("--batch") + 1, "6");
        expectBadInput(largeBatch, "has 5 images with a caption, fewer than a batch of 6");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aFolderInTheWrongLayoutNamesTheExpectedFile() throws IOException {
        Path empty = Files.createDirectories(directory.resolve("empty"));
        Path out = directory.resolve("wrong");
        List<String> coco = new ArrayList<>(finetune(empty, out));
        coco.set(coco.indexOf("hnc"), "coco");
        expectBadInput(coco, "captions_train2017.json");
        expectBadInput(finetune(empty, out), "*_train.json");
        Path data = hnc(5, 2);
        Files.writeString(data.resolve("hnc_clean_strict_train.json"), "{\"1\": ");
        expectBadInput(finetune(data, out), "hnc_clean_strict_train.json");
        assertFalse(Files.exists(out), "nothing written");
    }

    private static void expectBadInput(List<String> arguments, String named) {
        CliContractTest.Result result = CliContractTest.run(arguments.toArray(String[]::new));
        assertEquals(2, result.exit(), result.err());
        assertTrue(result.err().contains(named), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
    }
}
