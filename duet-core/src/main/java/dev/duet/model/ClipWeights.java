package dev.duet.model;

/** All parameters of a CLIP dual encoder; {@code logitScale} is the log of the logit multiplier. */
public record ClipWeights(TextWeights text, VisionWeights vision, float logitScale) {
}
