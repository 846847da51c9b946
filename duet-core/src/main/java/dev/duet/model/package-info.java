/**
 * CLIP checkpoints and their forward passes: {@link dev.duet.model.ClipConfig} (validated architecture),
 * the weight records, the two checkpoint layouts (the only classes that know key names), the shared
 * pre-LN {@link dev.duet.model.TransformerBlock} with its tangent rules, the two towers and
 * {@link dev.duet.model.ClipModel}, which adds the tokenizer and image preprocessing of a directory.
 * Depends on tensor, tokenizer, image; never on explain, train, report or cli.
 */
package dev.duet.model;
