/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.BoundingBox;
import dev.duet.data.HardNegative;
import dev.duet.data.SwapKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SceneGeneratorTest {

    private static final WorldSpec SMALL = WorldSpec.standard().withImageSize(64);
    private static final int SCENES = 500;
    private static final List<Scene> SAMPLE = new SceneGenerator(SMALL).scenes(11, 0, SCENES).toList();

    @Test
    void sameSeedGivesSamePixelsAndCaptions() {
        SceneGenerator generator = new SceneGenerator(SMALL);
        for (int index : new int[] {0, 7, 123}) {
            Scene again = generator.scene(11, index);
            Scene first = SAMPLE.get(index);
            assertArrayEquals(first.rgb(), again.rgb());
            assertEquals(first.objects(), again.objects());
            assertEquals(first.captions(), again.captions());
        }
    }

    @Test
    void sceneDoesNotDependOnGenerationOrder() {
        SceneGenerator fresh = new SceneGenerator(SMALL);
        Scene alone = fresh.scene(11, 42);
        List<Scene> window = fresh.scenes(11, 40, 5).toList();
        assertArrayEquals(SAMPLE.get(42).rgb(), alone.rgb());
        assertArrayEquals(alone.rgb(), window.get(2).rgb());
        assertEquals(alone.captions(), window.get(2).captions());
    }

    @Test
    void differentSeedsOrIndicesGiveDifferentScenes() {
        SceneGenerator generator = new SceneGenerator(SMALL);
        assertFalse(Arrays.equals(generator.scene(11, 3).rgb(), generator.scene(12, 3).rgb()));
        assertFalse(Arrays.equals(SAMPLE.get(3).rgb(), SAMPLE.get(4).rgb()));
    }

    @Test
    void sameSceneAtEveryImageSize() {
        Scene large = new SceneGenerator(SMALL.withImageSize(224)).scene(11, 9);
        Scene small = SAMPLE.get(9);
        assertEquals(224, large.image().getWidth());
        assertEquals(small.captions(), large.captions());
        for (int k = 0; k < small.objects().size(); k++) {
            BoundingBox a = small.objects().get(k).box();
            BoundingBox b = large.objects().get(k).box();
            assertEquals(a.x() * 224 / 64, b.x(), 1e-9);
            assertEquals(a.width() * 224 / 64, b.width(), 1e-9);
        }
    }

    @Test
    void objectsLieInsideTheImageAndDoNotOverlap() {
        for (Scene scene : SAMPLE) {
            List<SceneObject> objects = scene.objects();
            assertTrue(objects.size() >= 1 && objects.size() <= 4, "objects per scene: " + objects.size());
            for (SceneObject object : objects) {
                BoundingBox box = object.box();
                assertTrue(box.x() >= 0 && box.y() >= 0 && box.right() <= 64 && box.bottom() <= 64, box.toString());
                for (SceneObject other : objects) {
                    assertTrue(other == object || !box.intersects(other.box()), "overlap in scene " + scene.index());
                }
            }
        }
    }

    @Test
    void largeObjectsAreClearlyLargerThanSmallOnes() {
        double largestSmall = 0;
        double smallestLarge = Double.MAX_VALUE;
        for (Scene scene : SAMPLE) {
            for (SceneObject object : scene.objects()) {
                if (object.size() == ObjectSize.SMALL) {
                    largestSmall = Math.max(largestSmall, object.box().area());
                } else {
                    smallestLarge = Math.min(smallestLarge, object.box().area());
                }
            }
        }
        assertTrue(smallestLarge > 2 * largestSmall, smallestLarge + " vs " + largestSmall);
    }

    /** The centre of each object has its colour, and that colour stands out from the pixels around the box. */
    @Test
    void objectsShowTheirColourAndContrastWithTheBackground() {
        int weak = 0;
        int checked = 0;
        for (Scene scene : SAMPLE.subList(0, 200)) {
            for (SceneObject object : scene.objects()) {
                BoundingBox box = object.box();
                int centre = scene.image().getRGB((int) box.centreX(), (int) box.centreY());
                assertTrue(distance(centre, object.fill()) < 40, "centre of " + object + " is " + Integer.toHexString(centre));
                int[] around = ringAverage(scene, object);
                if (around == null) {
                    continue;
                }
                checked++;
                double contrast = distance(centre, around[0] << 16 | around[1] << 8 | around[2]);
                if (contrast < 80) {
                    weak++;
                }
                assertTrue(contrast > 45, "object " + object + " in scene " + scene.index() + " barely differs from "
                        + Arrays.toString(around));
            }
        }
        assertTrue(weak * 20 < checked, weak + " of " + checked + " objects have weak contrast");
    }

    @Test
    void mentionSpansNameTheirObjects() {
        for (Scene scene : SAMPLE) {
            assertFalse(scene.captions().isEmpty(), "scene " + scene.index() + " has no caption");
            for (SceneCaption caption : scene.captions()) {
                CaptionGrammar.Parsed parsed = new CaptionGrammar(SMALL).parse(caption.text());
                assertFalse(caption.mentions().isEmpty(), caption.text());
                for (Mention mention : caption.mentions()) {
                    SceneObject object = scene.object(mention);
                    String phrase = mention.span().of(caption.text());
                    List<String> words = List.of(phrase.split(" "));
                    String noun = words.getLast();
                    assertTrue(noun.equals(object.shape().noun()) || noun.equals(object.shape().pluralNoun()),
                            phrase + " does not name a " + object.shape().noun());
                    for (String word : words.subList(0, words.size() - 1)) {
                        assertTrue(word.equals(object.colour().name()) || word.equals(object.size().word()),
                                "'" + word + "' in '" + phrase + "' does not fit " + object);
                    }
                    BoundingBox box = object.box();
                    assertTrue(box.x() >= 0 && box.right() <= 64 && box.y() >= 0 && box.bottom() <= 64);
                }
                int phrases = parsed.form() == CaptionGrammar.Form.PAIR || parsed.form() == CaptionGrammar.Form.RELATED ? 2 : 1;
                long distinctSpans = caption.mentions().stream().map(Mention::span).distinct().count();
                assertEquals(phrases, distinctSpans, caption.text());
                int expectedMentions = parsed.form() == CaptionGrammar.Form.COUNTED ? parsed.count() : phrases;
                assertEquals(expectedMentions, caption.mentions().size(), caption.text());
            }
        }
    }

    @Test
    void captionsAreTrueAndRelationsAgreeWithTheBoxes() {
        for (Scene scene : SAMPLE) {
            for (SceneCaption caption : scene.captions()) {
                CaptionGrammar.Parsed parsed = new CaptionGrammar(SMALL).parse(caption.text());
                List<SceneObject> objects = scene.objects();
                switch (parsed.form()) {
                    case COUNTED -> assertEquals(parsed.count(), objects.stream().filter(parsed.first()::fits).count(),
                            caption.text());
                    case SINGLE -> assertEquals(1, objects.stream().filter(parsed.first()::fits).count(), caption.text());
                    case PAIR, RELATED -> {
                        assertEquals(1, objects.stream().filter(parsed.first()::fits).count(), caption.text());
                        assertEquals(1, objects.stream().filter(parsed.second()::fits).count(), caption.text());
                    }
                }
                if (parsed.form() == CaptionGrammar.Form.RELATED) {
                    SceneObject subject = scene.object(caption.mentions().get(0));
                    SceneObject reference = scene.object(caption.mentions().get(1));
                    assertTrue(parsed.first().fits(subject) && parsed.second().fits(reference), caption.text());
                    assertTrue(CaptionGrammar.plainlyHolds(parsed.relation(), subject.box(), reference.box()),
                            caption.text() + ": " + subject.box() + " vs " + reference.box());
                }
            }
        }
    }

    @Test
    void hardNegativesSwapOneWordAndAreFalse() {
        CaptionGrammar grammar = new CaptionGrammar(SMALL);
        Set<String> colours = SMALL.colours().stream().map(NamedColour::name).collect(Collectors.toSet());
        Set<String> shapes = new HashSet<>();
        for (ShapeKind shape : SMALL.shapes()) {
            shapes.add(shape.noun());
            shapes.add(shape.pluralNoun());
        }
        Set<String> relations = SMALL.relations().stream().map(Relation::phrase).collect(Collectors.toSet());
        Set<String> counts = Set.of("two", "three", "four", "five", "six");
        int total = 0;
        for (Scene scene : SAMPLE) {
            for (SceneCaption caption : scene.captions()) {
                Set<SwapKind> kinds = EnumSet.noneOf(SwapKind.class);
                for (HardNegative negative : caption.negatives()) {
                    total++;
                    assertTrue(kinds.add(negative.swap()), "two negatives of one kind for " + caption.text());
                    String text = caption.text();
                    int start = negative.span().start();
                    assertEquals(text.substring(0, start), negative.caption().substring(0, start));
                    assertEquals(text.substring(start + negative.replaced().length()),
                            negative.caption().substring(negative.span().end()));
                    assertNotEquals(negative.replaced(), negative.replacement());
                    Set<String> vocabulary = switch (negative.swap()) {
                        case COLOUR -> colours;
                        case SHAPE -> shapes;
                        case SIZE -> Set.of("small", "large");
                        case RELATION -> relations;
                        case COUNT -> counts;
                    };
                    assertTrue(vocabulary.contains(negative.replaced()) && vocabulary.contains(negative.replacement()),
                            negative.toString());
                    assertTrue(wordBoundary(text, start) && wordBoundary(text, start + negative.replaced().length()));
                    CaptionGrammar.Parsed parsed = grammar.parse(negative.caption());
                    assertTrue(CaptionGrammar.plainlyFalse(parsed, scene.objects()),
                            "'" + negative.caption() + "' may be true for scene " + scene.index() + " " + scene.objects());
                }
            }
        }
        assertTrue(total > 3 * SCENES, "only " + total + " negatives");
    }

    @Test
    void vocabularyIsCovered() {
        Set<String> words = new HashSet<>();
        Set<SwapKind> swaps = EnumSet.noneOf(SwapKind.class);
        Set<CaptionGrammar.Form> forms = EnumSet.noneOf(CaptionGrammar.Form.class);
        Set<String> relations = new HashSet<>();
        CaptionGrammar grammar = new CaptionGrammar(SMALL);
        for (Scene scene : SAMPLE) {
            for (SceneCaption caption : scene.captions()) {
                words.addAll(List.of(caption.text().split(" ")));
                CaptionGrammar.Parsed parsed = grammar.parse(caption.text());
                forms.add(parsed.form());
                if (parsed.relation() != null) {
                    relations.add(parsed.relation());
                }
                caption.negatives().forEach(negative -> swaps.add(negative.swap()));
            }
        }
        List<String> missing = new ArrayList<>();
        SMALL.colours().forEach(colour -> require(words, colour.name(), missing));
        SMALL.shapes().forEach(shape -> require(words, shape.noun(), missing));
        SMALL.shapes().forEach(shape -> require(words, shape.pluralNoun(), missing));
        require(words, "small", missing);
        require(words, "large", missing);
        require(words, "two", missing);
        require(words, "an", missing);
        assertEquals(List.of(), missing);
        assertEquals(Set.of("left of", "right of", "above", "below", "next to"), relations);
        assertEquals(EnumSet.complementOf(EnumSet.of(CaptionGrammar.Form.LISTED)), forms);
        assertEquals(EnumSet.allOf(SwapKind.class), swaps);
    }

    @Test
    void shiftedWorldLeavesOutAndAddsWords() {
        WorldSpec without = SMALL.withoutShapes(ShapeKind.HEART).withoutColours("pink");
        WorldSpec with = SMALL.withExtraShapes(ShapeKind.DIAMOND).withExtraColours(NamedColour.CYAN);
        Set<String> seenWithout = wordsAndObjects(without);
        assertFalse(seenWithout.contains("heart") || seenWithout.contains("hearts") || seenWithout.contains("pink"),
                "the training world must not contain hearts or pink");
        assertTrue(seenWithout.contains("star") && seenWithout.contains("red"));
        Set<String> seenWith = wordsAndObjects(with);
        assertTrue(seenWith.contains("diamond") && seenWith.contains("cyan") && seenWith.contains("heart"));
    }

    private static Set<String> wordsAndObjects(WorldSpec spec) {
        Set<String> seen = new HashSet<>();
        new SceneGenerator(spec).scenes(5, 0, 300).forEach(scene -> {
            for (SceneObject object : scene.objects()) {
                seen.add(object.shape().noun());
                seen.add(object.colour().name());
            }
            for (SceneCaption caption : scene.captions()) {
                seen.addAll(List.of(caption.text().split(" ")));
                caption.negatives().forEach(negative -> seen.addAll(List.of(negative.caption().split(" "))));
            }
        });
        return seen;
    }

    private static void require(Set<String> words, String word, List<String> missing) {
        if (!words.contains(word)) {
            missing.add(word);
        }
    }

    private static boolean wordBoundary(String text, int index) {
        return index == 0 || index == text.length() || text.charAt(index) == ' ' || text.charAt(index - 1) == ' ';
    }

    private static double distance(int a, int b) {
        int dr = (a >> 16 & 0xFF) - (b >> 16 & 0xFF);
        int dg = (a >> 8 & 0xFF) - (b >> 8 & 0xFF);
        int db = (a & 0xFF) - (b & 0xFF);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    /**
     * Mean RGB of the pixels 3 to 4 pixels outside the box (past its shadow), skipping pixels near
     * other objects, or null if fewer than 8 remain.
     */
    private static int[] ringAverage(Scene scene, SceneObject self) {
        BoundingBox box = self.box();
        long[] sum = new long[3];
        int count = 0;
        int size = scene.size();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = Math.max(0, Math.max(box.x() - (x + 0.5), (x + 0.5) - box.right()));
                double dy = Math.max(0, Math.max(box.y() - (y + 0.5), (y + 0.5) - box.bottom()));
                double d = Math.max(dx, dy);
                if (d < 3 || d > 4 || nearOtherObject(scene, self, x + 0.5, y + 0.5)) {
                    continue;
                }
                int rgb = scene.image().getRGB(x, y);
                sum[0] += rgb >> 16 & 0xFF;
                sum[1] += rgb >> 8 & 0xFF;
                sum[2] += rgb & 0xFF;
                count++;
            }
        }
        return count < 8 ? null : new int[] {(int) (sum[0] / count), (int) (sum[1] / count), (int) (sum[2] / count)};
    }

    private static boolean nearOtherObject(Scene scene, SceneObject self, double x, double y) {
        for (SceneObject object : scene.objects()) {
            BoundingBox b = object.box();
            if (object != self && x > b.x() - 2 && x < b.right() + 4 && y > b.y() - 2 && y < b.bottom() + 4) {
                return true;
            }
        }
        return false;
    }
}
