/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;

/** All parameters of a CLIP dual encoder; {@code logitScale} is the log of the logit multiplier. */
public record ClipWeights(TextWeights text, ImageWeights image, float logitScale) {

    /** The image tower's parameters: a vision transformer's ({@link VisionWeights}) or a ResNet's ({@link ResNetWeights}). */
    public sealed interface ImageWeights permits VisionWeights, ResNetWeights {
    }

    /** The vision transformer's parameters, for what only such a tower supports (training, the HuggingFace layout). */
    public VisionWeights vision() {
        if (image instanceof VisionWeights vision) {
            return vision;
        }
        throw new BadInputException(null, "this needs a vision-transformer image tower; the model's is a ResNet");
    }
}
