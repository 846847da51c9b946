/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.Version;
import dev.duet.data.CocoCaption;
import dev.duet.data.CocoCategory;
import dev.duet.data.CocoDataset;
import dev.duet.data.CocoFiles;
import dev.duet.data.CocoImage;
import dev.duet.data.CocoInstance;
import dev.duet.data.CocoWriter;
import dev.duet.data.Grounding;
import dev.duet.tensor.Parallel;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a world as a COCO data set: {@code outDir/images/NNNNNNNN.png},
 * {@code outDir/captions.json} and {@code outDir/instances.json}, with Duet's grounding,
 * negatives and attributes, readable by {@link dev.duet.data.CocoReader}. Ids follow from
 * scene indices (image {@code i + 1}, instance {@code 8 i + k + 1}, caption {@code 16 i + c + 1}),
 * categories are the shapes ({@code ordinal + 1}, stable across worlds), and the header
 * records the seed, the count and the spec. Same arguments, same bytes.
 */
public final class WorldGenerator {

    /** Version of the generator's output; changes whenever the same seed would give other data. */
    public static final String FORMAT_VERSION = "1";
    static final int INSTANCE_ID_STRIDE = 8;
    static final int CAPTION_ID_STRIDE = 16;

    private WorldGenerator() {
    }

    /**
     * Writes scenes {@code 0 .. count-1} of {@code seed} into {@code outDir} in Duet's COCO layout, making and
     * encoding them on {@code parallel}'s workers; the bytes do not depend on the number of workers.
     */
    public static CocoDataset write(Path outDir, WorldSpec spec, int count, long seed, Parallel parallel)
            throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        CocoFiles files = CocoFiles.duetLayout(outDir);
        Files.createDirectories(files.imageRoot());
        SceneGenerator generator = new SceneGenerator(spec);
        SceneEntries[] entries = new SceneEntries[count];
        try {
            parallel.forRange(count, 8, (from, to) -> {
                for (int index = from; index < to; index++) {
                    Scene scene = generator.scene(seed, index);
                    writePng(scene, files.imageRoot().resolve(fileName(index)));
                    entries[index] = entries(scene);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<CocoImage> images = new ArrayList<>(count);
        List<CocoInstance> instances = new ArrayList<>();
        List<CocoCaption> captions = new ArrayList<>();
        for (SceneEntries entry : entries) {
            images.add(entry.image());
            instances.addAll(entry.instances());
            captions.addAll(entry.captions());
        }
        CocoDataset dataset = new CocoDataset(files.imageRoot(), info(spec, count, seed), images, categories(spec),
                instances, captions);
        CocoWriter.write(dataset, files.captions(), files.instances());
        return dataset;
    }

    /** The COCO entries of one scene, with the ids this class assigns. */
    public static SceneEntries entries(Scene scene) {
        int index = scene.index();
        long imageId = index + 1L;
        List<CocoInstance> instances = new ArrayList<>();
        for (SceneObject object : scene.objects()) {
            Map<String, String> attributes = Map.of(
                    "colour", object.colour().name(),
                    "size", object.size().word(),
                    "fill", String.format("#%06x", object.fill()));
            instances.add(new CocoInstance(instanceId(index, object.index()), imageId, categoryId(object.shape()),
                    object.box(), object.box().area(), false, attributes));
        }
        List<CocoCaption> captions = new ArrayList<>();
        for (int c = 0; c < scene.captions().size(); c++) {
            SceneCaption caption = scene.captions().get(c);
            List<Grounding> grounding = caption.mentions().stream()
                    .map(m -> new Grounding(instanceId(index, m.object()), m.span()))
                    .toList();
            captions.add(new CocoCaption((long) index * CAPTION_ID_STRIDE + c + 1, imageId, caption.text(), grounding,
                    caption.negatives()));
        }
        CocoImage image = new CocoImage(imageId, fileName(index), scene.size(), scene.size());
        return new SceneEntries(image, instances, captions);
    }

    /** One scene as COCO entries. */
    public record SceneEntries(CocoImage image, List<CocoInstance> instances, List<CocoCaption> captions) {
    }

    public static String fileName(int index) {
        return String.format("%08d.png", index);
    }

    public static long instanceId(int sceneIndex, int objectIndex) {
        return (long) sceneIndex * INSTANCE_ID_STRIDE + objectIndex + 1;
    }

    public static long categoryId(ShapeKind shape) {
        return shape.ordinal() + 1L;
    }

    private static List<CocoCategory> categories(WorldSpec spec) {
        return spec.shapes().stream().map(shape -> new CocoCategory(categoryId(shape), shape.noun(), "shape")).toList();
    }

    private static Map<String, String> info(WorldSpec spec, int count, long seed) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("description", "Duet synthetic grounded world");
        info.put("generator", "dev.duet.world.WorldGenerator");
        info.put("format_version", FORMAT_VERSION);
        info.put("duet_version", Version.VALUE);
        info.put("seed", Long.toString(seed));
        info.put("count", Integer.toString(count));
        info.put("spec", spec.describe());
        return info;
    }

    private static void writePng(Scene scene, Path file) {
        try {
            if (!ImageIO.write(scene.image(), "png", file.toFile())) {
                throw new IOException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
