/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import java.util.ArrayList;
import java.util.List;

/**
 * What a caption says, before it becomes text: the templates of the world's captions. Each
 * plan can say whether it holds for a scene, which is how captions are kept true and hard
 * negatives false. Singular phrases are read as "there is such an object"; a count as "there
 * are exactly that many".
 */
sealed interface CaptionPlan {

    List<Description> descriptions();

    CaptionPlan withDescription(int index, Description replacement);

    Truth truth(List<SceneObject> objects);

    RenderedCaption render();

    /** "a red circle". */
    record Single(Description object) implements CaptionPlan {

        @Override
        public List<Description> descriptions() {
            return List.of(object);
        }

        @Override
        public CaptionPlan withDescription(int index, Description replacement) {
            return new Single(replacement);
        }

        @Override
        public Truth truth(List<SceneObject> objects) {
            return objects.stream().anyMatch(o -> o.fits(object)) ? Truth.TRUE : Truth.FALSE;
        }

        @Override
        public RenderedCaption render() {
            return new CaptionBuilder().singular(object).build();
        }
    }

    /** "a red circle and a blue star": two different objects. */
    record Pair(Description first, Description second) implements CaptionPlan {

        @Override
        public List<Description> descriptions() {
            return List.of(first, second);
        }

        @Override
        public CaptionPlan withDescription(int index, Description replacement) {
            return index == 0 ? new Pair(replacement, second) : new Pair(first, replacement);
        }

        @Override
        public Truth truth(List<SceneObject> objects) {
            for (SceneObject a : objects) {
                for (SceneObject b : objects) {
                    if (a != b && a.fits(first) && b.fits(second)) {
                        return Truth.TRUE;
                    }
                }
            }
            return Truth.FALSE;
        }

        @Override
        public RenderedCaption render() {
            return new CaptionBuilder().singular(first).word("and").singular(second).build();
        }
    }

    /** "a small blue square left of a large yellow star". */
    record Related(Description subject, Relation relation, Description reference) implements CaptionPlan {

        @Override
        public List<Description> descriptions() {
            return List.of(subject, reference);
        }

        @Override
        public CaptionPlan withDescription(int index, Description replacement) {
            return index == 0 ? new Related(replacement, relation, reference) : new Related(subject, relation, replacement);
        }

        Related withRelation(Relation replacement) {
            return new Related(subject, replacement, reference);
        }

        /** TRUE if some pair of fitting objects is in the relation, FALSE if every pair clearly is not. */
        @Override
        public Truth truth(List<SceneObject> objects) {
            Truth result = Truth.FALSE;
            for (SceneObject a : objects) {
                for (SceneObject b : objects) {
                    if (a != b && a.fits(subject) && b.fits(reference)) {
                        result = Truth.any(result, relation.between(a.box(), b.box()));
                    }
                }
            }
            return result;
        }

        @Override
        public RenderedCaption render() {
            return new CaptionBuilder().singular(subject).relation(relation).singular(reference).build();
        }
    }

    /** "two red squares": exactly {@code count} objects fit. */
    record Counted(int count, Description objects) implements CaptionPlan {

        @Override
        public List<Description> descriptions() {
            return List.of(objects);
        }

        @Override
        public CaptionPlan withDescription(int index, Description replacement) {
            return new Counted(count, replacement);
        }

        Counted withCount(int replacement) {
            return new Counted(replacement, objects);
        }

        @Override
        public Truth truth(List<SceneObject> scene) {
            return scene.stream().filter(o -> o.fits(objects)).count() == count ? Truth.TRUE : Truth.FALSE;
        }

        @Override
        public RenderedCaption render() {
            return new CaptionBuilder().counted(count, objects).build();
        }
    }

    /**
     * "a red circle, a blue star and a small green square": every object of a scene, each by
     * a phrase of its own (one object reads as {@link Single}, two as {@link Pair}).
     */
    record Listing(List<Description> objects) implements CaptionPlan {

        public Listing {
            objects = List.copyOf(objects);
            if (objects.isEmpty()) {
                throw new IllegalArgumentException("a listing names at least one object");
            }
        }

        @Override
        public List<Description> descriptions() {
            return objects;
        }

        @Override
        public CaptionPlan withDescription(int index, Description replacement) {
            List<Description> replaced = new ArrayList<>(objects);
            replaced.set(index, replacement);
            return new Listing(replaced);
        }

        /** TRUE when distinct objects fit the phrases one to one. */
        @Override
        public Truth truth(List<SceneObject> scene) {
            return assignable(0, new boolean[scene.size()], scene) ? Truth.TRUE : Truth.FALSE;
        }

        private boolean assignable(int phrase, boolean[] taken, List<SceneObject> scene) {
            if (phrase == objects.size()) {
                return true;
            }
            for (int o = 0; o < scene.size(); o++) {
                if (!taken[o] && scene.get(o).fits(objects.get(phrase))) {
                    taken[o] = true;
                    boolean rest = assignable(phrase + 1, taken, scene);
                    taken[o] = false;
                    if (rest) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public RenderedCaption render() {
            CaptionBuilder builder = new CaptionBuilder();
            for (int i = 0; i < objects.size(); i++) {
                if (i > 0 && i == objects.size() - 1) {
                    builder.word("and");
                } else if (i > 0) {
                    builder.comma();
                }
                builder.singular(objects.get(i));
            }
            return builder.build();
        }
    }
}
