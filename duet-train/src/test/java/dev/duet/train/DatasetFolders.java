/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tiny folders in the real formats of COCO 2017 (train2017 and val2017), Flickr30k Entities
 * (train and val lists, bracket markup, Pascal-VOC XML with a {@code scene} entry) and HNC (one
 * {@code *_train.json} and one {@code *_val.json}), as {@code GroundingReadersTest} in duet-core
 * writes them. Image {@code i} (ids from 1, training first, held-out after) is 80x64 pixels, grey,
 * with one object: a red dog box on the left (odd i) or a blue cat box on the right (even i);
 * every image differs from the others in its grey.
 */
final class DatasetFolders {

    static final int WIDTH = 80;
    static final int HEIGHT = 64;

    private DatasetFolders() {
    }

    /** The object of image {@code i}: its COCO category, colour and box (x, y, w, h). */
    private record Thing(int category, String name, String colour, Color rgb, int[] box) {
        static Thing of(int image) {
            return image % 2 == 1 ? new Thing(18, "dog", "red", Color.RED, new int[] {4, 8, 32, 48})
                    : new Thing(17, "cat", "blue", Color.BLUE, new int[] {44, 8, 32, 48});
        }
    }

    static void image(Path file, int index) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int grey = 60 + 7 * index % 160;
        g.setColor(new Color(grey, grey, grey));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Thing thing = Thing.of(index);
        g.setColor(thing.rgb());
        g.fillRect(thing.box()[0], thing.box()[1], thing.box()[2], thing.box()[3]);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /** COCO 2017 with {@code train} images in train2017 and {@code val} in val2017, two captions each. */
    static Path coco(Path dir, int train, int val) throws IOException {
        Files.createDirectories(dir.resolve("annotations"));
        cocoSplit(dir, "train2017", 1, train);
        cocoSplit(dir, "val2017", train + 1, val);
        return dir;
    }

    private static void cocoSplit(Path dir, String split, int first, int count) throws IOException {
        List<String> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        List<String> instances = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            String file = String.format(Locale.ROOT, "%012d.jpg", i);
            image(dir.resolve(split).resolve(file), i);
            images.add("{\"id\": " + i + ", \"file_name\": \"" + file + "\", \"width\": " + WIDTH + ", \"height\": " + HEIGHT + "}");
            Thing thing = Thing.of(i);
            captions.add("{\"id\": " + (10 * i) + ", \"image_id\": " + i + ", \"caption\": \"A " + thing.colour() + " "
                    + thing.name() + " on a grey floor.\"}");
            captions.add("{\"id\": " + (10 * i + 1) + ", \"image_id\": " + i + ", \"caption\": \"Two " + thing.name()
                    + "s resting.\"}");
            int[] box = thing.box();
            instances.add("{\"id\": " + (100 * i) + ", \"image_id\": " + i + ", \"category_id\": " + thing.category()
                    + ", \"bbox\": [" + box[0] + ", " + box[1] + ", " + box[2] + ", " + box[3] + "], \"area\": "
                    + box[2] * box[3] + ", \"iscrowd\": 0}");
        }
        String imageList = "\"images\": [" + String.join(", ", images) + "]";
        Files.writeString(dir.resolve("annotations/captions_" + split + ".json"),
                "{\"info\": {}, " + imageList + ", \"annotations\": [" + String.join(", ", captions) + "]}");
        Files.writeString(dir.resolve("annotations/instances_" + split + ".json"), "{" + imageList + ", \"categories\": ["
                + "{\"id\": 17, \"name\": \"cat\", \"supercategory\": \"animal\"},"
                + "{\"id\": 18, \"name\": \"dog\", \"supercategory\": \"animal\"}], \"annotations\": ["
                + String.join(", ", instances) + "]}");
    }

    /** Flickr30k Entities with {@code train} images listed in train.txt and {@code val} in val.txt. */
    static Path flickr(Path dir, int train, int val) throws IOException {
        Files.createDirectories(dir.resolve("Sentences"));
        Files.createDirectories(dir.resolve("Annotations"));
        StringBuilder trainList = new StringBuilder();
        StringBuilder valList = new StringBuilder();
        for (int i = 1; i <= train + val; i++) {
            String id = Integer.toString(1000 + i);
            (i <= train ? trainList : valList).append(id).append('\n');
            Thing thing = Thing.of(i);
            String type = "animals";
            Files.writeString(dir.resolve("Sentences/" + id + ".txt"),
                    "[/EN#1/" + type + " A " + thing.colour() + " " + thing.name() + "] sits on [/EN#2/scene the floor] .\n"
                            + "[/EN#1/" + type + " The " + thing.name() + "] waits .\n");
            int[] box = thing.box();
            // Pascal-VOC corners are 1-based and inclusive
            Files.writeString(dir.resolve("Annotations/" + id + ".xml"), "<annotation>\n<filename>" + id + ".jpg</filename>\n"
                    + "<size><width>" + WIDTH + "</width><height>" + HEIGHT + "</height><depth>3</depth></size>\n"
                    + "<object><name>1</name><bndbox><xmin>" + (box[0] + 1) + "</xmin><ymin>" + (box[1] + 1) + "</ymin><xmax>"
                    + (box[0] + box[2]) + "</xmax><ymax>" + (box[1] + box[3]) + "</ymax></bndbox></object>\n"
                    + "<object><name>2</name><nobndbox>1</nobndbox><scene>1</scene></object>\n</annotation>\n");
            image(dir.resolve("flickr30k-images/" + id + ".jpg"), i);
        }
        Files.writeString(dir.resolve("train.txt"), trainList);
        Files.writeString(dir.resolve("val.txt"), valList);
        return dir;
    }

    /**
     * HNC with {@code train} images in hnc_clean_strict_train.json and {@code val} in
     * hnc_clean_strict_val.json: per image a positive caption (type "attribute" for odd images,
     * "object" for even ones) and two hard negatives made from it (a colour swap of type
     * "attribute", an object swap of type "object").
     */
    static Path hnc(Path dir, int train, int val) throws IOException {
        StringBuilder trainJson = new StringBuilder();
        StringBuilder valJson = new StringBuilder();
        for (int i = 1; i <= train + val; i++) {
            String id = Integer.toString(2_354_000 + i);
            Thing thing = Thing.of(i);
            Thing other = Thing.of(i + 1);
            int[] box = thing.box();
            String boxes = "{\"" + (500 + i) + "\": {\"bbox\": {\"x\": " + box[0] + ", \"y\": " + box[1] + ", \"w\": " + box[2]
                    + ", \"h\": " + box[3] + "}, \"name\": \"" + thing.name() + "\"}}";
            int p = 3 * i;
            String entry = "\"" + id + "\": {\"captions\": {"
                    + "\"" + p + "\": {\"caption\": \"The " + thing.name() + " is " + thing.colour() + ".\", \"label\": 1, "
                    + "\"type\": \"" + (i % 2 == 1 ? "attribute" : "object") + "\", \"textual_label\": null, \"bboxes\": " + boxes + ", \"ambiguity\": false, "
                    + "\"noisy\": null, \"replaced\": null, \"cpt_p_id\": null},"
                    + "\"" + (p + 1) + "\": {\"caption\": \"The " + thing.name() + " is " + other.colour() + ".\", \"label\": 0, "
                    + "\"type\": \"attribute\", \"textual_label\": \"" + thing.colour() + "\", \"bboxes\": " + boxes + ", "
                    + "\"ambiguity\": false, \"noisy\": null, \"replaced\": [\"" + thing.colour() + "\", \"" + other.colour()
                    + "\"], \"cpt_p_id\": " + p + "},"
                    + "\"" + (p + 2) + "\": {\"caption\": \"The " + other.name() + " is " + thing.colour() + ".\", \"label\": 0, "
                    + "\"type\": \"object\", \"textual_label\": \"" + thing.name() + "\", \"bboxes\": " + boxes + ", "
                    + "\"ambiguity\": false, \"noisy\": null, \"replaced\": [\"" + thing.name() + "\", \"" + other.name()
                    + "\"], \"cpt_p_id\": " + p + "}}}";
            StringBuilder json = i <= train ? trainJson : valJson;
            json.append(json.isEmpty() ? "" : ",\n").append(entry);
            image(dir.resolve("images/" + id + ".jpg"), i);
        }
        Files.writeString(dir.resolve("hnc_clean_strict_train.json"), "{" + trainJson + "}");
        Files.writeString(dir.resolve("hnc_clean_strict_val.json"), "{" + valJson + "}");
        return dir;
    }
}
