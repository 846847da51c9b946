/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.eval;

import java.util.List;

/**
 * Scores of a model on held-out grounded scenes.
 *
 * @param textToImage top-1 accuracy of finding each scene's image from its caption among all scenes
 * @param imageToText top-1 accuracy of the reverse
 * @param hardNegative share of (image, caption, one-attribute-swapped caption) triples ranked correctly
 * @param grounding share of mention phrases whose span map peaks on a patch whose centre lies in the object's box
 * @param groundingChance the same share for a map that peaks on a random patch (mean box coverage of patch centres)
 * @param focusMentions phrases that name one of the evaluator's focus words (new concepts of a shifted world)
 * @param focusGrounding share of those phrases whose focus word's own span map peaks inside the box (NaN when none)
 * @param phrases each scored phrase, in scene order
 * @param mismatches each colour, shape or size hard negative of the scored captions
 * @param specialRowShare the mean share of sum |A| (over patch columns) held by the BOS and EOS rows: how
 *                        much of the interaction the cut leaves in rows that are no word
 */
public record GroundingReport(int scenes, double textToImage, double imageToText, double hardNegative,
                              int mentions, double grounding, double groundingChance,
                              int focusMentions, double focusGrounding, List<PhraseScore> phrases,
                              List<MismatchScore> mismatches, double specialRowShare) {

    public GroundingReport {
        phrases = List.copyOf(phrases);
        mismatches = List.copyOf(mismatches);
    }
}
