/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.BoundingBox;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses a scene's objects and where they go, in unit coordinates (the image is [0, 1]^2) so
 * that one seed gives the same scene at every image size. Objects keep a margin from the
 * border and a gap from each other (rejection sampling), so boxes never overlap. With some
 * chance one object repeats an earlier object's colour and shape, so that counts ("two red
 * squares") occur.
 */
final class SceneLayout {

    /** An object before it is scaled to pixels. */
    record Placed(ShapeKind shape, NamedColour colour, ObjectSize size, BoundingBox unitBox, int fill) {
    }

    static final double MARGIN = 0.04;
    static final double GAP = 0.035;
    static final double TWIN_CHANCE = 0.35;
    static final int JITTER = 10;
    private static final int PLACEMENT_TRIES = 60;

    private SceneLayout() {
    }

    static List<Placed> sample(WorldSpec spec, SplittableRandom random) {
        int wanted = 1 + random.nextInt(spec.maxObjects());
        List<Placed> placed = new ArrayList<>();
        boolean twinned = false;
        for (int k = 0; k < wanted; k++) {
            ShapeKind shape;
            NamedColour colour;
            if (k > 0 && !twinned && random.nextDouble() < TWIN_CHANCE) {
                Placed model = CaptionSampler.pick(placed, random);
                shape = model.shape();
                colour = model.colour();
                twinned = true;
            } else {
                shape = CaptionSampler.pick(spec.shapes(), random);
                colour = CaptionSampler.pick(spec.colours(), random);
            }
            ObjectSize size = CaptionSampler.pick(spec.sizes(), random);
            BoundingBox box = place(shape, size, placed, random);
            if (box == null && size == ObjectSize.LARGE && spec.sizes().contains(ObjectSize.SMALL)) {
                size = ObjectSize.SMALL;
                box = place(shape, size, placed, random);
            }
            if (box == null) {
                break;
            }
            placed.add(new Placed(shape, colour, size, box, jitter(colour, random)));
        }
        return placed;
    }

    private static BoundingBox place(ShapeKind shape, ObjectSize size, List<Placed> placed, SplittableRandom random) {
        double aspect = shape.mayStandUpright() && random.nextBoolean() ? 1 / shape.aspect() : shape.aspect();
        double scale = size.minScale() + random.nextDouble() * (size.maxScale() - size.minScale());
        double width = scale * Math.sqrt(aspect);
        double height = scale / Math.sqrt(aspect);
        for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
            double x = MARGIN + random.nextDouble() * (1 - 2 * MARGIN - width);
            double y = MARGIN + random.nextDouble() * (1 - 2 * MARGIN - height);
            BoundingBox padded = new BoundingBox(x - GAP, y - GAP, width + 2 * GAP, height + 2 * GAP);
            if (placed.stream().noneMatch(other -> other.unitBox().intersects(padded))) {
                return new BoundingBox(x, y, width, height);
            }
        }
        return null;
    }

    /** The nominal colour moved by up to {@link #JITTER} per channel, as 0xRRGGBB. */
    private static int jitter(NamedColour colour, SplittableRandom random) {
        int red = clamp(colour.red() + random.nextInt(-JITTER, JITTER + 1));
        int green = clamp(colour.green() + random.nextInt(-JITTER, JITTER + 1));
        int blue = clamp(colour.blue() + random.nextInt(-JITTER, JITTER + 1));
        return red << 16 | green << 8 | blue;
    }

    static int clamp(int channel) {
        return Math.max(0, Math.min(255, channel));
    }
}
