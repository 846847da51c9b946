/**
 * CLIP checkpoints and their towers: {@link dev.duet.model.ClipConfig} (validated architecture),
 * the weight records, the two checkpoint layouts (the only classes that know key names), the two
 * towers ({@link dev.duet.model.TextEncoder}, {@link dev.duet.model.VisionEncoder}), each a list
 * of the layers of {@link dev.duet.model.layer}, and {@link dev.duet.model.ClipModel}, which adds
 * the tokenizer and image preprocessing of a directory.
 * Depends on tensor, tokenizer, image; never on explain, train, report or cli.
 */
package dev.duet.model;
