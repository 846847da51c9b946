/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.BoundingBox;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The tests' own reading of the world's captions, written from the template list in the
 * brief rather than from the generator: a regular grammar over the spec's words, and
 * what each template means for a scene's boxes.
 */
final class CaptionGrammar {

    enum Form { SINGLE, PAIR, RELATED, COUNTED, LISTED }

    /** A noun phrase as written: size and colour words may be null. */
    record Phrase(String size, String colour, String shape, boolean plural) {

        boolean fits(SceneObject object) {
            String noun = plural ? object.shape().pluralNoun() : object.shape().noun();
            return noun.equals(shape)
                    && (colour == null || colour.equals(object.colour().name()))
                    && (size == null || size.equals(object.size().word()));
        }
    }

    /** {@code third} only for a listing of three objects ("a red square, a blue star and a green circle"). */
    record Parsed(Form form, int count, Phrase first, String relation, Phrase second, Phrase third) {
    }

    private static final List<String> COUNTS = List.of("two", "three", "four", "five", "six");

    private final Pattern single;
    private final Pattern pair;
    private final Pattern related;
    private final Pattern counted;
    private final Pattern listed;

    CaptionGrammar(WorldSpec spec) {
        String colours = spec.colours().stream().map(NamedColour::name).collect(Collectors.joining("|"));
        String shapes = spec.shapes().stream().map(ShapeKind::noun).collect(Collectors.joining("|"));
        String plurals = spec.shapes().stream().map(ShapeKind::pluralNoun).collect(Collectors.joining("|"));
        String relations = spec.relations().stream().map(Relation::phrase).collect(Collectors.joining("|"));
        String phrase = "(?:(small|large) )?(?:(" + colours + ") )?(" + shapes + ")";
        String pluralPhrase = "(?:(small|large) )?(?:(" + colours + ") )?(" + plurals + ")";
        single = Pattern.compile("(a|an) " + phrase);
        pair = Pattern.compile("(a|an) " + phrase + " and (a|an) " + phrase);
        related = Pattern.compile("(a|an) " + phrase + " (" + relations + ") (a|an) " + phrase);
        counted = Pattern.compile("(" + String.join("|", COUNTS) + ") " + pluralPhrase);
        listed = Pattern.compile("(a|an) " + phrase + ", (a|an) " + phrase + " and (a|an) " + phrase);
    }

    /** The parse of a caption, or an AssertionError naming the text it could not read. */
    Parsed parse(String text) {
        Matcher m = counted.matcher(text);
        if (m.matches()) {
            return new Parsed(Form.COUNTED, COUNTS.indexOf(m.group(1)) + 2,
                    new Phrase(m.group(2), m.group(3), m.group(4), true), null, null, null);
        }
        m = listed.matcher(text);
        if (m.matches()) {
            checkArticle(text, m.group(1), m, 2);
            checkArticle(text, m.group(5), m, 6);
            checkArticle(text, m.group(9), m, 10);
            return new Parsed(Form.LISTED, 1, phrase(m, 2), null, phrase(m, 6), phrase(m, 10));
        }
        m = related.matcher(text);
        if (m.matches()) {
            checkArticle(text, m.group(1), m, 2);
            checkArticle(text, m.group(6), m, 7);
            return new Parsed(Form.RELATED, 1, phrase(m, 2), m.group(5), phrase(m, 7), null);
        }
        m = pair.matcher(text);
        if (m.matches()) {
            checkArticle(text, m.group(1), m, 2);
            checkArticle(text, m.group(5), m, 6);
            return new Parsed(Form.PAIR, 1, phrase(m, 2), null, phrase(m, 6), null);
        }
        m = single.matcher(text);
        if (m.matches()) {
            checkArticle(text, m.group(1), m, 2);
            return new Parsed(Form.SINGLE, 1, phrase(m, 2), null, null, null);
        }
        throw new AssertionError("caption does not follow any template: '" + text + "'");
    }

    private static Phrase phrase(Matcher m, int firstGroup) {
        return new Phrase(m.group(firstGroup), m.group(firstGroup + 1), m.group(firstGroup + 2), false);
    }

    private static void checkArticle(String text, String article, Matcher m, int firstGroup) {
        String next = Stream.of(m.group(firstGroup), m.group(firstGroup + 1), m.group(firstGroup + 2))
                .filter(word -> word != null).findFirst().orElseThrow();
        String expected = "aeiou".indexOf(next.charAt(0)) >= 0 ? "an" : "a";
        if (!expected.equals(article)) {
            throw new AssertionError("wrong article in '" + text + "'");
        }
    }

    /** Whether the relation plainly holds: the boxes are apart along its axis, in its direction. */
    static boolean plainlyHolds(String relation, BoundingBox a, BoundingBox b) {
        return switch (relation) {
            case "left of" -> a.right() <= b.x();
            case "right of" -> a.x() >= b.right();
            case "above" -> a.bottom() <= b.y();
            case "below" -> a.y() >= b.bottom();
            case "next to" -> gap(a, b) <= Math.max(Math.max(a.width(), a.height()), Math.max(b.width(), b.height()));
            default -> throw new AssertionError("unknown relation " + relation);
        };
    }

    /** Whether the relation plainly fails: the centres are the wrong way round, or the boxes are far apart. */
    static boolean plainlyFails(String relation, BoundingBox a, BoundingBox b) {
        return switch (relation) {
            case "left of" -> a.centreX() >= b.centreX();
            case "right of" -> a.centreX() <= b.centreX();
            case "above" -> a.centreY() >= b.centreY();
            case "below" -> a.centreY() <= b.centreY();
            case "next to" -> gap(a, b) >= Math.min(Math.min(a.width(), a.height()), Math.min(b.width(), b.height()));
            default -> throw new AssertionError("unknown relation " + relation);
        };
    }

    static double gap(BoundingBox a, BoundingBox b) {
        double gapX = Math.max(0, Math.max(b.x() - a.right(), a.x() - b.right()));
        double gapY = Math.max(0, Math.max(b.y() - a.bottom(), a.y() - b.bottom()));
        return Math.hypot(gapX, gapY);
    }

    /** Whether a caption is false for the scene, reading singular phrases as "some such object exists". */
    static boolean plainlyFalse(Parsed caption, List<SceneObject> objects) {
        return switch (caption.form()) {
            case SINGLE -> objects.stream().noneMatch(caption.first()::fits);
            case COUNTED -> objects.stream().filter(caption.first()::fits).count() != caption.count();
            case PAIR -> objects.stream().noneMatch(a -> caption.first().fits(a)
                    && objects.stream().anyMatch(b -> b != a && caption.second().fits(b)));
            case RELATED -> objects.stream().allMatch(a -> !caption.first().fits(a)
                    || objects.stream().allMatch(b -> b == a || !caption.second().fits(b)
                    || plainlyFails(caption.relation(), a.box(), b.box())));
            case LISTED -> objects.stream().noneMatch(a -> caption.first().fits(a)
                    && objects.stream().anyMatch(b -> b != a && caption.second().fits(b)
                    && objects.stream().anyMatch(c -> c != a && c != b && caption.third().fits(c))));
        };
    }
}
