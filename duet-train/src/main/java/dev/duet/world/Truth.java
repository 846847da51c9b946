/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

/**
 * Whether a caption or relation holds for a scene. UNCLEAR covers borderline layouts (two
 * objects almost level): captions are only made from TRUE statements and hard negatives only
 * from FALSE ones, so neither depends on a judgement call.
 */
public enum Truth {
    TRUE, FALSE, UNCLEAR;

    /** Some of several alternatives: TRUE if one is, FALSE only if all are. */
    static Truth any(Truth a, Truth b) {
        if (a == TRUE || b == TRUE) {
            return TRUE;
        }
        return a == FALSE && b == FALSE ? FALSE : UNCLEAR;
    }
}
