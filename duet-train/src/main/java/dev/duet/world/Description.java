/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

/**
 * A noun phrase for objects: optional size word, optional colour word, shape noun ("small
 * blue square", "blue square", "square"). {@code size} and {@code colour} are null when the
 * phrase leaves them out.
 */
record Description(ObjectSize size, NamedColour colour, ShapeKind shape) {

    Description {
        if (shape == null) {
            throw new IllegalArgumentException("a description needs a shape noun");
        }
    }

    static Description of(SceneObject object, boolean withSize, boolean withColour) {
        return new Description(withSize ? object.size() : null, withColour ? object.colour() : null, object.shape());
    }

    Description withSize(ObjectSize replacement) {
        return new Description(replacement, colour, shape);
    }

    Description withColour(NamedColour replacement) {
        return new Description(size, replacement, shape);
    }

    Description withShape(ShapeKind replacement) {
        return new Description(size, colour, replacement);
    }

    /** The first word of the phrase, which decides between "a" and "an". */
    String firstWord() {
        if (size != null) {
            return size.word();
        }
        return colour != null ? colour.name() : shape.noun();
    }
}
