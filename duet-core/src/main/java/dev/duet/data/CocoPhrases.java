/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the phrases of a COCO caption that name a category: the category's name, the extra
 * nouns of {@link #SYNONYMS}, and the plural of each ({@link #plural}), matched case-insensitively
 * on word boundaries (a word is a run of letters and digits; the words of a two-word name may be
 * separated by any white space). Longer names win over names inside them ("teddy bear" over
 * "bear", "hot dog" over "dog"); matches never overlap.
 */
public final class CocoPhrases {

    /** Extra nouns per COCO category name. */
    public static final Map<String, List<String>> SYNONYMS = Map.ofEntries(
            Map.entry("person", List.of("man", "woman", "boy", "girl", "child", "kid", "guy", "lady", "player", "people")),
            Map.entry("bicycle", List.of("bike")),
            Map.entry("motorcycle", List.of("motorbike")),
            Map.entry("airplane", List.of("plane", "jet", "aircraft")),
            Map.entry("tv", List.of("television")),
            Map.entry("cell phone", List.of("phone", "cellphone")),
            Map.entry("dining table", List.of("table")),
            Map.entry("couch", List.of("sofa")),
            Map.entry("potted plant", List.of("plant")),
            Map.entry("sports ball", List.of("ball")),
            Map.entry("hair drier", List.of("hair dryer")),
            Map.entry("donut", List.of("doughnut")),
            Map.entry("refrigerator", List.of("fridge")),
            Map.entry("handbag", List.of("purse")),
            Map.entry("cup", List.of("mug")));

    private static final Map<String, String> IRREGULAR_PLURALS = Map.ofEntries(
            Map.entry("person", "persons"), Map.entry("man", "men"), Map.entry("woman", "women"),
            Map.entry("child", "children"), Map.entry("people", "people"), Map.entry("mouse", "mice"),
            Map.entry("knife", "knives"), Map.entry("sheep", "sheep"), Map.entry("aircraft", "aircraft"),
            Map.entry("skis", "skis"), Map.entry("scissors", "scissors"));

    /** A category's name in the caption; {@code categoryId} is the COCO id. */
    public record Match(TextSpan span, long categoryId) {
    }

    private record Form(Pattern pattern, int length, long categoryId) {
    }

    private final List<Form> forms = new ArrayList<>();

    public CocoPhrases(List<CocoCategory> categories) {
        for (CocoCategory category : categories) {
            String name = category.name().toLowerCase(Locale.ROOT);
            List<String> nouns = new ArrayList<>();
            nouns.add(name);
            nouns.addAll(SYNONYMS.getOrDefault(name, List.of()));
            for (String noun : nouns) {
                add(noun, category.id());
                String plural = plural(noun);
                if (!plural.equals(noun)) {
                    add(plural, category.id());
                }
            }
        }
        forms.sort(Comparator.comparingInt(Form::length).reversed());
    }

    private void add(String form, long categoryId) {
        String[] words = form.trim().split("\\s+");
        StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}])");
        for (int i = 0; i < words.length; i++) {
            regex.append(i == 0 ? "" : "\\s+").append(Pattern.quote(words[i]));
        }
        regex.append("(?![\\p{L}\\p{N}])");
        forms.add(new Form(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                form.length(), categoryId));
    }

    /** The plural of a noun phrase: its last word made plural (irregular list, then -es, -ies or -s). */
    public static String plural(String noun) {
        int cut = noun.lastIndexOf(' ') + 1;
        String head = noun.substring(0, cut);
        String last = noun.substring(cut);
        String irregular = IRREGULAR_PLURALS.get(last);
        if (irregular != null) {
            return head + irregular;
        }
        if (last.endsWith("s") || last.endsWith("x") || last.endsWith("ch") || last.endsWith("sh")) {
            return head + last + "es";
        }
        if (last.length() > 1 && last.endsWith("y") && "aeiou".indexOf(last.charAt(last.length() - 2)) < 0) {
            return head + last.substring(0, last.length() - 1) + "ies";
        }
        return head + last + "s";
    }

    /** The category names in a caption, by position. */
    public List<Match> find(String caption) {
        boolean[] taken = new boolean[caption.length()];
        List<Match> matches = new ArrayList<>();
        for (Form form : forms) {
            Matcher matcher = form.pattern().matcher(caption);
            while (matcher.find()) {
                if (free(taken, matcher.start(), matcher.end())) {
                    for (int i = matcher.start(); i < matcher.end(); i++) {
                        taken[i] = true;
                    }
                    matches.add(new Match(new TextSpan(matcher.start(), matcher.end()), form.categoryId()));
                }
            }
        }
        matches.sort(Comparator.comparingInt(match -> match.span().start()));
        return matches;
    }

    private static boolean free(boolean[] taken, int start, int end) {
        for (int i = start; i < end; i++) {
            if (taken[i]) {
                return false;
            }
        }
        return true;
    }
}
