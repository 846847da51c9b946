/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The vocabulary and layout of a world: which colours, shapes, sizes and relations exist
 * (scenes contain only these, and captions and negatives use only these words), the image
 * side in pixels, the most objects per scene and the captions per scene. A "shifted world"
 * is another spec, for example {@code standard().withoutShapes(HEART).withoutColours("pink")}
 * for training and {@code standard()} for fine-tuning.
 */
public record WorldSpec(List<NamedColour> colours, List<ShapeKind> shapes, List<ObjectSize> sizes,
                        List<Relation> relations, int imageSize, int maxObjects, int captionsPerScene,
                        CaptionStyle captionStyle) {

    public static final int MIN_IMAGE_SIZE = 16;
    public static final int MAX_IMAGE_SIZE = 4096;
    /** Counts are spelled out ("two" .. "six"), so scenes hold at most six objects. */
    public static final int MAX_OBJECTS = 6;
    /** Caption ids are spaced by this per scene in the COCO files. */
    public static final int MAX_CAPTIONS_PER_SCENE = 15;

    public WorldSpec {
        colours = List.copyOf(colours);
        shapes = List.copyOf(shapes);
        sizes = List.copyOf(sizes);
        relations = List.copyOf(relations);
        if (colours.isEmpty() || shapes.isEmpty() || sizes.isEmpty()) {
            throw new IllegalArgumentException("a world needs at least one colour, one shape and one size");
        }
        Set<String> names = new HashSet<>();
        for (NamedColour colour : colours) {
            if (!names.add(colour.name())) {
                throw new IllegalArgumentException("colour '" + colour.name() + "' is listed twice");
            }
        }
        if (captionStyle == null) {
            throw new IllegalArgumentException("a world needs a caption style");
        }
        requireDistinct(shapes, "shape");
        requireDistinct(sizes, "size");
        requireDistinct(relations, "relation");
        if (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("image size must be in [" + MIN_IMAGE_SIZE + ", " + MAX_IMAGE_SIZE
                    + "], got " + imageSize);
        }
        if (maxObjects < 1 || maxObjects > MAX_OBJECTS) {
            throw new IllegalArgumentException("objects per scene must be in [1, " + MAX_OBJECTS + "], got " + maxObjects);
        }
        if (captionsPerScene < 1 || captionsPerScene > MAX_CAPTIONS_PER_SCENE) {
            throw new IllegalArgumentException("captions per scene must be in [1, " + MAX_CAPTIONS_PER_SCENE
                    + "], got " + captionsPerScene);
        }
    }

    private static void requireDistinct(List<?> items, String what) {
        if (new HashSet<>(items).size() != items.size()) {
            throw new IllegalArgumentException("a " + what + " is listed twice: " + items);
        }
    }

    /** Eleven colours, eight shapes, both sizes, five relations, 224 pixels, 1..4 objects, 3 captions. */
    public static WorldSpec standard() {
        return new WorldSpec(NamedColour.STANDARD, ShapeKind.STANDARD, List.of(ObjectSize.values()),
                List.of(Relation.values()), 224, 4, 3, CaptionStyle.SAMPLED);
    }

    /**
     * The bound world: the standard vocabulary with 1-3 objects per scene and {@link CaptionStyle#EXHAUSTIVE}
     * captions (the first names every object; negatives move an attribute between objects).
     */
    public static WorldSpec bound() {
        return standard().withMaxObjects(3).withCaptionStyle(CaptionStyle.EXHAUSTIVE);
    }

    public WorldSpec withImageSize(int pixels) {
        return new WorldSpec(colours, shapes, sizes, relations, pixels, maxObjects, captionsPerScene, captionStyle);
    }

    public WorldSpec withMaxObjects(int count) {
        return new WorldSpec(colours, shapes, sizes, relations, imageSize, count, captionsPerScene, captionStyle);
    }

    public WorldSpec withCaptionsPerScene(int count) {
        return new WorldSpec(colours, shapes, sizes, relations, imageSize, maxObjects, count, captionStyle);
    }

    public WorldSpec withCaptionStyle(CaptionStyle style) {
        return new WorldSpec(colours, shapes, sizes, relations, imageSize, maxObjects, captionsPerScene, style);
    }

    public WorldSpec withColours(List<NamedColour> replacement) {
        return new WorldSpec(replacement, shapes, sizes, relations, imageSize, maxObjects, captionsPerScene, captionStyle);
    }

    public WorldSpec withShapes(List<ShapeKind> replacement) {
        return new WorldSpec(colours, replacement, sizes, relations, imageSize, maxObjects, captionsPerScene, captionStyle);
    }

    public WorldSpec withSizes(List<ObjectSize> replacement) {
        return new WorldSpec(colours, shapes, replacement, relations, imageSize, maxObjects, captionsPerScene, captionStyle);
    }

    public WorldSpec withRelations(List<Relation> replacement) {
        return new WorldSpec(colours, shapes, sizes, replacement, imageSize, maxObjects, captionsPerScene, captionStyle);
    }

    public WorldSpec withoutColours(String... names) {
        Set<String> dropped = Set.of(names);
        for (String name : dropped) {
            if (colours.stream().noneMatch(colour -> colour.name().equals(name))) {
                throw new IllegalArgumentException("colour '" + name + "' is not in this world");
            }
        }
        return withColours(colours.stream().filter(colour -> !dropped.contains(colour.name())).toList());
    }

    public WorldSpec withoutShapes(ShapeKind... dropped) {
        List<ShapeKind> kept = new ArrayList<>(shapes);
        kept.removeAll(Arrays.asList(dropped));
        return withShapes(kept);
    }

    public WorldSpec withExtraColours(NamedColour... added) {
        List<NamedColour> all = new ArrayList<>(colours);
        all.addAll(Arrays.asList(added));
        return withColours(all);
    }

    public WorldSpec withExtraShapes(ShapeKind... added) {
        List<ShapeKind> all = new ArrayList<>(shapes);
        all.addAll(Arrays.asList(added));
        return withShapes(all);
    }

    /** Whether captions may use size words (only when both sizes exist). */
    boolean sizesAreWords() {
        return sizes.size() > 1;
    }

    /** One line for provenance records: every setting that changes the generated data. */
    public String describe() {
        return "image=" + imageSize + " maxObjects=" + maxObjects + " captions=" + captionsPerScene
                + " colours=" + colours.stream().map(c -> c.name() + String.format("#%06x", c.rgb()))
                        .collect(Collectors.joining(","))
                + " shapes=" + shapes.stream().map(ShapeKind::noun).collect(Collectors.joining(","))
                + " sizes=" + sizes.stream().map(ObjectSize::word).collect(Collectors.joining(","))
                + " relations=" + relations.stream().map(Relation::phrase).collect(Collectors.joining(","))
                + (captionStyle == CaptionStyle.SAMPLED ? "" : " captions=" + captionStyle.name().toLowerCase(Locale.ROOT));
    }
}
