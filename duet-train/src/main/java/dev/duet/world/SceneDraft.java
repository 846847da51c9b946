/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import java.util.List;

/**
 * A scene before its picture is drawn: what it holds and what its captions say. Cheap next to
 * drawing, so a caller that must look at the captions before choosing the next scene (a training
 * batch draws them in one random stream) can draft scenes in order and draw them in parallel
 * ({@link SceneGenerator#draw}).
 */
public final class SceneDraft {

    private final long seed;
    private final int index;
    private final List<SceneObject> objects;
    private final Backdrop backdrop;
    private final List<SceneCaption> captions;

    SceneDraft(long seed, int index, List<SceneObject> objects, Backdrop backdrop, List<SceneCaption> captions) {
        this.seed = seed;
        this.index = index;
        this.objects = List.copyOf(objects);
        this.backdrop = backdrop;
        this.captions = List.copyOf(captions);
    }

    public long seed() {
        return seed;
    }

    public int index() {
        return index;
    }

    public List<SceneObject> objects() {
        return objects;
    }

    public List<SceneCaption> captions() {
        return captions;
    }

    Backdrop backdrop() {
        return backdrop;
    }
}
