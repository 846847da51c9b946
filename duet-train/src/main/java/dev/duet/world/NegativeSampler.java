/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.HardNegative;
import dev.duet.data.SwapKind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds hard negatives of a true caption: for each swap kind (colour, shape, size, relation,
 * count) at most one, chosen at random among the one-word swaps that make the caption FALSE
 * for the scene (never merely UNCLEAR). Swaps that would change the article ("a red" to "an
 * orange") or make both phrases of a caption identical are not used, so a negative differs
 * from its caption in the swapped word only.
 */
final class NegativeSampler {

    private final WorldSpec spec;

    NegativeSampler(WorldSpec spec) {
        this.spec = spec;
    }

    private record Candidate(CaptionPlan plan, RenderedCaption.Slot slot) {
    }

    List<HardNegative> negatives(CaptionPlan plan, RenderedCaption rendered, List<SceneObject> objects,
                                 SplittableRandom random) {
        List<HardNegative> negatives = new ArrayList<>();
        for (SwapKind kind : SwapKind.values()) {
            List<Candidate> usable = new ArrayList<>();
            for (Candidate candidate : candidates(plan, kind)) {
                if (keepsWording(plan, candidate.plan) && candidate.plan.truth(objects) == Truth.FALSE) {
                    usable.add(candidate);
                }
            }
            if (usable.isEmpty()) {
                continue;
            }
            if (spec.captionStyle() == CaptionStyle.EXHAUSTIVE) {
                List<Candidate> binding = usable.stream().filter(c -> borrowsFromScene(plan, c, objects)).toList();
                if (!binding.isEmpty()) {
                    usable = binding;
                }
            }
            Candidate chosen = CaptionSampler.pick(usable, random);
            RenderedCaption swapped = chosen.plan.render();
            String replaced = rendered.words().get(chosen.slot).of(rendered.text());
            negatives.add(new HardNegative(swapped.text(), kind, swapped.words().get(chosen.slot), replaced));
        }
        return negatives;
    }

    /**
     * Whether the candidate's new colour or shape belongs to another object of the scene, so
     * that the negative names only attributes the image shows, on the wrong objects.
     */
    private static boolean borrowsFromScene(CaptionPlan plan, Candidate candidate, List<SceneObject> objects) {
        int phrase = candidate.slot.phrase();
        Description before = plan.descriptions().get(phrase);
        Description after = candidate.plan.descriptions().get(phrase);
        return switch (candidate.slot.kind()) {
            case COLOUR -> objects.stream().anyMatch(o -> o.colour().equals(after.colour()) && !o.fits(before));
            case SHAPE -> objects.stream().anyMatch(o -> o.shape() == after.shape() && !o.fits(before));
            case SIZE, RELATION, COUNT -> false;
        };
    }

    private List<Candidate> candidates(CaptionPlan plan, SwapKind kind) {
        List<Candidate> candidates = new ArrayList<>();
        List<Description> descriptions = plan.descriptions();
        for (int phrase = 0; phrase < descriptions.size(); phrase++) {
            Description d = descriptions.get(phrase);
            RenderedCaption.Slot slot = new RenderedCaption.Slot(kind, phrase);
            switch (kind) {
                case COLOUR -> {
                    if (d.colour() != null) {
                        for (NamedColour colour : spec.colours()) {
                            if (!colour.equals(d.colour())) {
                                candidates.add(new Candidate(plan.withDescription(phrase, d.withColour(colour)), slot));
                            }
                        }
                    }
                }
                case SHAPE -> {
                    for (ShapeKind shape : spec.shapes()) {
                        if (shape != d.shape()) {
                            candidates.add(new Candidate(plan.withDescription(phrase, d.withShape(shape)), slot));
                        }
                    }
                }
                case SIZE -> {
                    if (d.size() != null) {
                        for (ObjectSize size : spec.sizes()) {
                            if (size != d.size()) {
                                candidates.add(new Candidate(plan.withDescription(phrase, d.withSize(size)), slot));
                            }
                        }
                    }
                }
                case RELATION, COUNT -> {
                    // not words of a phrase: swapped once per caption below
                }
            }
        }
        RenderedCaption.Slot first = new RenderedCaption.Slot(kind, 0);
        if (kind == SwapKind.RELATION && plan instanceof CaptionPlan.Related related) {
            for (Relation relation : spec.relations()) {
                if (relation != related.relation()) {
                    candidates.add(new Candidate(related.withRelation(relation), first));
                }
            }
        }
        if (kind == SwapKind.COUNT && plan instanceof CaptionPlan.Counted counted) {
            int largest = Math.min(CaptionBuilder.largestCount(), Math.max(3, spec.maxObjects()));
            for (int count = 2; count <= largest; count++) {
                if (count != counted.count()) {
                    candidates.add(new Candidate(counted.withCount(count), first));
                }
            }
        }
        return candidates;
    }

    /** Same articles before every singular phrase, and the phrases of a caption stay different from each other. */
    private static boolean keepsWording(CaptionPlan original, CaptionPlan swapped) {
        List<Description> before = original.descriptions();
        List<Description> after = swapped.descriptions();
        if (!(original instanceof CaptionPlan.Counted)) {
            for (int i = 0; i < before.size(); i++) {
                if (!CaptionBuilder.article(before.get(i).firstWord()).equals(CaptionBuilder.article(after.get(i).firstWord()))) {
                    return false;
                }
            }
        }
        return new HashSet<>(after).size() == after.size();
    }
}
