/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.eval;

import dev.duet.world.NamedColour;
import dev.duet.world.ObjectSize;
import dev.duet.world.ShapeKind;

/**
 * How one caption phrase's span map lands on the objects it names, beside the two maps that
 * know nothing of the caption. A map over the P patches of the grid "hits" when its largest
 * patch is one whose centre lies inside a box of the phrase ({@link dev.duet.world.Phrase#covers}).
 *
 * @param scene index of the held-out scene
 * @param phrase the phrase's text ("small red square")
 * @param shape shape of the (first) object the phrase names; {@code colour} and {@code size} likewise
 * @param objectsInScene objects in the scene, 1..6
 * @param hit whether Duet's span map peaks inside a box of the phrase (the pointing game)
 * @param massInBox the share of the map's positive mass on covered patches (0 when the map has none)
 * @param coverage covered patches / P: the hit rate and the mass share a random map has in expectation
 * @param centreHit whether the centre prior ({@link dev.duet.grounding.GroundingRun#centreMap}) peaks inside a box
 * @param centreMass the centre prior's mass share
 * @param interactionInBox the sum of Duet's map over the covered patches (signed, in units of the similarity)
 * @param focusWord the evaluator's focus word (a new concept) in the phrase, lower case and singular, or null
 * @param focusHit whether the focus word's own span map peaks inside a box of the phrase (false without one)
 * @param focusMassInBox the share of the focus word's own map's positive mass on covered patches (NaN without one)
 * @param onObject whether Duet's span map peaks inside the box of any object the caption names (the
 *                 phrase's own or another): a map drawn to objects but not to the right one does this
 *                 and misses the pointing game
 * @param focusOnObject the same for the focus word's own map (false without one)
 * @param objectChance the share of the caption's named objects that are the phrase's: how often a map
 *                     that peaks on one of them at random hits
 */
public record PhraseScore(int scene, String phrase, ShapeKind shape, NamedColour colour, ObjectSize size,
                          int objectsInScene, boolean hit, double massInBox, double coverage,
                          boolean centreHit, double centreMass, double interactionInBox, String focusWord,
                          boolean focusHit, double focusMassInBox, boolean onObject, boolean focusOnObject,
                          double objectChance) {
}
