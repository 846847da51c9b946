/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.CocoCaption;
import dev.duet.data.CocoDataset;
import dev.duet.data.CocoImage;
import dev.duet.data.CocoInstance;
import dev.duet.data.CocoReader;
import dev.duet.data.Grounding;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorldGeneratorTest {

    private static final WorldSpec SPEC = WorldSpec.standard().withImageSize(64);

    @TempDir
    Path dir;

    @Test
    void writtenWorldReadsBackEqual() throws IOException {
        CocoDataset written = WorldGenerator.write(dir.resolve("world"), SPEC, 30, 5, Parallel.serial());
        CocoDataset read = CocoReader.withDefaults().readDirectory(dir.resolve("world"));
        assertEquals(written, read);
        assertEquals(30, read.images().size());
        assertEquals("5", read.info().get("seed"));
        assertEquals(SPEC.describe(), read.info().get("spec"));
        assertEquals(8, read.categories().size());
    }

    @Test
    void filesMatchTheInMemoryScenes() throws IOException {
        CocoDataset read;
        WorldGenerator.write(dir.resolve("world"), SPEC, 12, 5, Parallel.serial());
        read = CocoReader.withDefaults().readDirectory(dir.resolve("world"));
        SceneGenerator generator = new SceneGenerator(SPEC);
        for (CocoImage image : read.images()) {
            Scene scene = generator.scene(5, (int) image.id() - 1);
            BufferedImage png = ImageIO.read(read.imagePath(image).toFile());
            assertEquals(64, png.getWidth());
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    assertEquals(scene.image().getRGB(x, y), png.getRGB(x, y));
                }
            }
            List<CocoInstance> instances = read.instancesOf(image.id());
            assertEquals(scene.objects().size(), instances.size());
            for (int k = 0; k < instances.size(); k++) {
                SceneObject object = scene.objects().get(k);
                assertEquals(object.box(), instances.get(k).bbox());
                assertEquals(object.shape().noun(), read.category(instances.get(k).categoryId()).orElseThrow().name());
                assertEquals(object.colour().name(), instances.get(k).attributes().get("colour"));
                assertEquals(object.size().word(), instances.get(k).attributes().get("size"));
            }
            List<CocoCaption> captions = read.captionsOf(image.id());
            assertEquals(scene.captions().size(), captions.size());
            for (int c = 0; c < captions.size(); c++) {
                CocoCaption caption = captions.get(c);
                assertEquals(scene.captions().get(c).text(), caption.caption());
                assertEquals(scene.captions().get(c).negatives(), caption.negatives());
                for (Grounding grounding : caption.grounding()) {
                    CocoInstance instance = read.instance(grounding.instanceId()).orElseThrow();
                    String phrase = grounding.span().of(caption.caption());
                    String noun = phrase.substring(phrase.lastIndexOf(' ') + 1);
                    String shape = read.category(instance.categoryId()).orElseThrow().name();
                    assertTrue(noun.equals(shape) || noun.startsWith(shape), phrase + " grounded to a " + shape);
                }
            }
        }
    }

    @Test
    void sameSeedWritesIdenticalBytes() throws IOException {
        WorldGenerator.write(dir.resolve("a"), SPEC, 25, 9, Parallel.serial());
        WorldGenerator.write(dir.resolve("b"), SPEC, 25, 9, Parallel.serial());
        try (Parallel two = Parallel.of(2)) {
            WorldGenerator.write(dir.resolve("c"), SPEC, 25, 9, two);
        }
        TreeMap<String, byte[]> a = contents(dir.resolve("a"));
        assertEquals(27, a.size());
        for (String other : List.of("b", "c")) {
            TreeMap<String, byte[]> b = contents(dir.resolve(other));
            assertEquals(a.keySet(), b.keySet());
            for (String name : a.keySet()) {
                assertArrayEquals(a.get(name), b.get(name), other + "/" + name);
            }
        }
        WorldGenerator.write(dir.resolve("d"), SPEC, 25, 10, Parallel.serial());
        assertFalse(Arrays.equals(a.get("captions.json"), contents(dir.resolve("d")).get("captions.json")));
    }

    private static TreeMap<String, byte[]> contents(Path root) throws IOException {
        TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
