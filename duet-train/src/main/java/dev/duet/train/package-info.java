/**
 * Contrastive training of CLIP dual encoders: hand-written reverse-mode gradients of both
 * towers ({@link dev.duet.train.TextTowerTrainer}, {@link dev.duet.train.VisionTowerTrainer}),
 * the symmetric CLIP loss with optional hard negatives ({@link dev.duet.train.ContrastiveLoss}),
 * an optional phrase-patch grounding loss on the vision tower's patch embeddings
 * ({@link dev.duet.train.GroundingLoss}), AdamW with warm-up and exponential decay, gradient
 * clipping, freezing, and a resumable training loop ({@link dev.duet.train.ClipTrainer}) over an
 * abstract {@link dev.duet.train.BatchSource}.
 *
 * <p>May depend on {@code dev.duet.tensor}, {@code dev.duet.model}, {@link dev.duet.BadInputException}
 * and Jackson; never on reports or the CLI. Only {@link dev.duet.train.WorldBatches} knows the
 * synthetic world ({@code dev.duet.world}), its tokenizer and its preprocessing.
 */
package dev.duet.train;
