/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.BoundingBox;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Makes scenes in memory, for training loops that need no files. Scene {@code index} of
 * {@code seed} depends on nothing else (not on which scenes were made before, nor on the
 * thread), so batches can be made in any order or in parallel. Layout, captions and negatives
 * also do not depend on the image size: one seed gives the same scene at 64 and at 224 pixels.
 * Thread-safe.
 */
public final class SceneGenerator {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final WorldSpec spec;
    private final CaptionSampler captions;

    public SceneGenerator(WorldSpec spec) {
        this.spec = spec;
        this.captions = new CaptionSampler(spec);
    }

    public WorldSpec spec() {
        return spec;
    }

    public Scene scene(long seed, int index) {
        return draw(draft(seed, index));
    }

    /** Scene {@code index} of {@code seed} without its picture: objects, backdrop and captions. */
    public SceneDraft draft(long seed, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("scene index must be >= 0, got " + index);
        }
        Streams streams = new Streams(seed, index);
        int size = spec.imageSize();
        List<SceneLayout.Placed> placed = SceneLayout.sample(spec, streams.layout);
        List<SceneObject> objects = new ArrayList<>(placed.size());
        List<NamedColour> colours = new ArrayList<>(placed.size());
        for (SceneLayout.Placed object : placed) {
            BoundingBox unit = object.unitBox();
            BoundingBox box = new BoundingBox(unit.x() * size, unit.y() * size, unit.width() * size, unit.height() * size);
            objects.add(new SceneObject(objects.size(), object.shape(), object.colour(), object.size(), box, object.fill()));
            colours.add(object.colour());
        }
        Backdrop backdrop = Backdrop.sample(colours, streams.backdrop);
        return new SceneDraft(seed, index, objects, backdrop, captions.sample(objects, streams.caption));
    }

    /** The scene of {@code draft}, its picture drawn; the same scene as {@link #scene} of its seed and index. */
    public Scene draw(SceneDraft draft) {
        SplittableRandom noise = new Streams(draft.seed(), draft.index()).noise;
        BufferedImage image = SceneRenderer.render(spec.imageSize(), draft.backdrop(), draft.objects(), noise);
        return new Scene(draft.seed(), draft.index(), image, draft.objects(), draft.captions());
    }

    /** The four independent random streams of one scene, split from its seed in a fixed order. */
    private static final class Streams {
        final SplittableRandom layout;
        final SplittableRandom backdrop;
        final SplittableRandom caption;
        final SplittableRandom noise;

        Streams(long seed, int index) {
            SplittableRandom root = new SplittableRandom(sceneSeed(seed, index));
            layout = root.split();
            backdrop = root.split();
            caption = root.split();
            noise = root.split();
        }
    }

    /** Scenes {@code first .. first + count - 1}, in order, made lazily. */
    public Stream<Scene> scenes(long seed, int first, int count) {
        if (first < 0 || count < 0 || first > Integer.MAX_VALUE - count) {
            throw new IllegalArgumentException("bad scene range: first " + first + ", count " + count);
        }
        return IntStream.range(first, first + count).mapToObj(index -> scene(seed, index));
    }

    /** A well-mixed seed for one scene (SplitMix64's finaliser over seed and index). */
    static long sceneSeed(long seed, int index) {
        return mix(mix(seed) + GOLDEN_GAMMA * (index + 1L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
