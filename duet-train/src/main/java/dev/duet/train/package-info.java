/**
 * Contrastive training of CLIP dual encoders: hand-written reverse-mode gradients of both
 * towers ({@link dev.duet.train.TextTowerTrainer}, {@link dev.duet.train.VisionTowerTrainer}),
 * the symmetric CLIP loss with optional hard negatives ({@link dev.duet.train.ContrastiveLoss}),
 * AdamW with warm-up and exponential decay, gradient clipping, freezing, and a resumable
 * training loop ({@link dev.duet.train.ClipTrainer}) over an abstract
 * {@link dev.duet.train.BatchSource}.
 *
 * <p>May depend on {@code dev.duet.tensor}, {@code dev.duet.model}, {@link dev.duet.BadInputException}
 * and Jackson; never on the synthetic data generator ({@code dev.duet.world}), reports or the CLI.
 */
package dev.duet.train;
