/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.TextSpan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Chooses a scene's captions. Singular phrases always pick out exactly one object (so each
 * phrase grounds to one box); counts describe every object that fits. Relations are only
 * stated when {@link Relation#between} is TRUE. Captions of one scene are distinct texts.
 */
final class CaptionSampler {

    /** How often each template is tried, when the scene allows it. */
    private enum Template {
        SINGLE(2), PAIR(1), RELATED(4), COUNTED(3);

        final int weight;

        Template(int weight) {
            this.weight = weight;
        }
    }

    private static final int ATTEMPTS_PER_CAPTION = 8;

    private final WorldSpec spec;
    private final NegativeSampler negatives;

    CaptionSampler(WorldSpec spec) {
        this.spec = spec;
        this.negatives = new NegativeSampler(spec);
    }

    List<SceneCaption> sample(List<SceneObject> objects, SplittableRandom random) {
        List<List<Description>> unique = new ArrayList<>();
        List<SceneObject> describable = new ArrayList<>();
        for (SceneObject object : objects) {
            List<Description> names = uniqueDescriptions(object, objects);
            unique.add(names);
            if (!names.isEmpty()) {
                describable.add(object);
            }
        }
        List<Related> related = trueRelations(describable);
        List<Description> countable = countableDescriptions(objects);

        List<Template> available = new ArrayList<>();
        for (Template template : Template.values()) {
            boolean possible = switch (template) {
                case SINGLE -> !describable.isEmpty();
                case PAIR -> describable.size() >= 2;
                case RELATED -> !related.isEmpty();
                case COUNTED -> !countable.isEmpty();
            };
            if (possible) {
                available.add(template);
            }
        }
        List<SceneCaption> captions = new ArrayList<>();
        Set<String> texts = new HashSet<>();
        if (spec.captionStyle() == CaptionStyle.EXHAUSTIVE && describable.size() == objects.size()) {
            CaptionPlan listing = listing(objects, random);
            RenderedCaption rendered = listing.render();
            texts.add(rendered.text());
            captions.add(new SceneCaption(rendered.text(), mentions(listing, rendered, objects),
                    negatives.negatives(listing, rendered, objects, random)));
        }
        int attempts = spec.captionsPerScene() * ATTEMPTS_PER_CAPTION;
        for (int attempt = 0; attempt < attempts && captions.size() < spec.captionsPerScene() && !available.isEmpty();
             attempt++) {
            CaptionPlan plan = switch (pickTemplate(available, random)) {
                case SINGLE -> new CaptionPlan.Single(pickName(unique, pick(describable, random), random));
                case PAIR -> pair(describable, unique, random);
                case RELATED -> {
                    Related chosen = pick(related, random);
                    yield new CaptionPlan.Related(pickName(unique, chosen.subject, random), chosen.relation,
                            pickName(unique, chosen.reference, random));
                }
                case COUNTED -> {
                    Description description = pick(countable, random);
                    yield new CaptionPlan.Counted(fitting(description, objects).size(), description);
                }
            };
            RenderedCaption rendered = plan.render();
            if (plan.truth(objects) == Truth.TRUE && texts.add(rendered.text())) {
                captions.add(new SceneCaption(rendered.text(), mentions(plan, rendered, objects),
                        negatives.negatives(plan, rendered, objects, random)));
            }
        }
        return captions;
    }

    private record Related(SceneObject subject, Relation relation, SceneObject reference) {
    }

    private List<Related> trueRelations(List<SceneObject> describable) {
        List<Related> related = new ArrayList<>();
        for (SceneObject a : describable) {
            for (SceneObject b : describable) {
                if (a == b) {
                    continue;
                }
                for (Relation relation : spec.relations()) {
                    if (relation.between(a.box(), b.box()) == Truth.TRUE) {
                        related.add(new Related(a, relation, b));
                    }
                }
            }
        }
        return related;
    }

    /** Phrases that fit this object and no other, weighted towards naming the colour. */
    private List<Description> uniqueDescriptions(SceneObject object, List<SceneObject> objects) {
        List<Description> names = new ArrayList<>();
        for (Description candidate : templates(object)) {
            if (fitting(candidate, objects).size() == 1) {
                names.add(candidate);
            }
        }
        return names;
    }

    /** Each phrase shape an object allows, repeated by its weight: bare noun 1, colour 4, size 1, both 3. */
    private List<Description> templates(SceneObject object) {
        List<Description> templates = new ArrayList<>();
        addCopies(templates, Description.of(object, false, false), 1);
        addCopies(templates, Description.of(object, false, true), 4);
        if (spec.sizesAreWords()) {
            addCopies(templates, Description.of(object, true, false), 1);
            addCopies(templates, Description.of(object, true, true), 3);
        }
        return templates;
    }

    private static void addCopies(List<Description> list, Description description, int copies) {
        for (int i = 0; i < copies; i++) {
            list.add(description);
        }
    }

    /** Phrases that fit two or more objects: "two red squares", "three circles". */
    private List<Description> countableDescriptions(List<SceneObject> objects) {
        Set<Description> countable = new LinkedHashSet<>();
        for (SceneObject object : objects) {
            for (Description candidate : templates(object)) {
                if (fitting(candidate, objects).size() >= 2) {
                    countable.add(candidate);
                }
            }
        }
        return List.copyOf(countable);
    }

    private static List<SceneObject> fitting(Description description, List<SceneObject> objects) {
        return objects.stream().filter(o -> o.fits(description)).toList();
    }

    /**
     * Every object by its fullest phrase (size, colour and shape where the world has both sizes),
     * in a random order: the most specific caption the world can say of the scene.
     */
    private CaptionPlan listing(List<SceneObject> objects, SplittableRandom random) {
        List<SceneObject> order = new ArrayList<>(objects);
        for (int i = order.size() - 1; i > 0; i--) {
            Collections.swap(order, i, random.nextInt(i + 1));
        }
        return new CaptionPlan.Listing(order.stream()
                .map(object -> Description.of(object, spec.sizesAreWords(), true)).toList());
    }

    private CaptionPlan pair(List<SceneObject> describable, List<List<Description>> unique, SplittableRandom random) {
        int first = random.nextInt(describable.size());
        int second = random.nextInt(describable.size() - 1);
        if (second >= first) {
            second++;
        }
        return new CaptionPlan.Pair(pickName(unique, describable.get(first), random),
                pickName(unique, describable.get(second), random));
    }

    private static List<Mention> mentions(CaptionPlan plan, RenderedCaption rendered, List<SceneObject> objects) {
        List<Mention> mentions = new ArrayList<>();
        List<Description> descriptions = plan.descriptions();
        for (int phrase = 0; phrase < descriptions.size(); phrase++) {
            TextSpan span = rendered.phrases().get(phrase);
            for (SceneObject object : fitting(descriptions.get(phrase), objects)) {
                mentions.add(new Mention(object.index(), span));
            }
        }
        return mentions;
    }

    private static Template pickTemplate(List<Template> available, SplittableRandom random) {
        int total = available.stream().mapToInt(t -> t.weight).sum();
        int draw = random.nextInt(total);
        for (Template template : available) {
            draw -= template.weight;
            if (draw < 0) {
                return template;
            }
        }
        throw new IllegalStateException("weights do not add up");
    }

    private static Description pickName(List<List<Description>> unique, SceneObject object, SplittableRandom random) {
        return pick(unique.get(object.index()), random);
    }

    static <T> T pick(List<T> items, SplittableRandom random) {
        return items.get(random.nextInt(items.size()));
    }
}
