/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.BoundingBox;

/**
 * A spatial relation "a REL b" between two object boxes (image coordinates, y down).
 * <ul>
 * <li>left of: TRUE when a ends before b starts horizontally and the centres are further apart
 * horizontally than vertically; FALSE when a's centre is not left of b's centre. Right of,
 * above and below are the mirrored and vertical versions.</li>
 * <li>next to: with d the distance between the boxes and s the mean of their square-rooted
 * areas, TRUE when d &lt;= 0.5 s and FALSE when d &gt;= 1.5 s.</li>
 * </ul>
 * Everything in between is UNCLEAR. All tests are ratios, so a scene has the same relations at
 * every image size.
 */
public enum Relation {
    LEFT_OF("left of"),
    RIGHT_OF("right of"),
    ABOVE("above"),
    BELOW("below"),
    NEXT_TO("next to");

    static final double NEAR = 0.5;
    static final double FAR = 1.5;

    private final String phrase;

    Relation(String phrase) {
        this.phrase = phrase;
    }

    public String phrase() {
        return phrase;
    }

    public Truth between(BoundingBox a, BoundingBox b) {
        return switch (this) {
            case LEFT_OF -> leftOf(a, b);
            case RIGHT_OF -> leftOf(b, a);
            case ABOVE -> above(a, b);
            case BELOW -> above(b, a);
            case NEXT_TO -> nextTo(a, b);
        };
    }

    private static Truth leftOf(BoundingBox a, BoundingBox b) {
        double dx = b.centreX() - a.centreX();
        double dy = b.centreY() - a.centreY();
        if (a.right() <= b.x() && Math.abs(dx) > Math.abs(dy)) {
            return Truth.TRUE;
        }
        return dx <= 0 ? Truth.FALSE : Truth.UNCLEAR;
    }

    private static Truth above(BoundingBox a, BoundingBox b) {
        double dx = b.centreX() - a.centreX();
        double dy = b.centreY() - a.centreY();
        if (a.bottom() <= b.y() && Math.abs(dy) > Math.abs(dx)) {
            return Truth.TRUE;
        }
        return dy <= 0 ? Truth.FALSE : Truth.UNCLEAR;
    }

    private static Truth nextTo(BoundingBox a, BoundingBox b) {
        double gapX = Math.max(0, Math.max(b.x() - a.right(), a.x() - b.right()));
        double gapY = Math.max(0, Math.max(b.y() - a.bottom(), a.y() - b.bottom()));
        double distance = Math.hypot(gapX, gapY);
        double scale = (Math.sqrt(a.area()) + Math.sqrt(b.area())) / 2;
        if (distance <= NEAR * scale) {
            return Truth.TRUE;
        }
        return distance >= FAR * scale ? Truth.FALSE : Truth.UNCLEAR;
    }
}
