/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Dual encoders and their checkpoints. {@link dev.duet.model.DualEncoder} is a loaded model of
 * either {@link dev.duet.model.ModelFamily}, with its towers, tokenizer, image preprocessing and
 * {@link dev.duet.model.Score}: {@link dev.duet.model.ClipModel} (CLIP in the HuggingFace or
 * open_clip layout, with {@link dev.duet.model.ClipConfig} and the weight records that training
 * uses), {@link dev.duet.model.SiglipModel} (SigLIP in transformers' layout,
 * {@link dev.duet.model.SiglipTowers}, which fine-tuning trains and
 * {@link dev.duet.model.SiglipWriter} writes back) or {@link dev.duet.model.AlignModel} (ALIGN in
 * transformers' layout, {@code AlignLayout}). The layouts and their writers are the only
 * classes that know key names. The
 * towers (behind {@link dev.duet.model.TextTower} {@link dev.duet.model.TextEncoder} and
 * {@link dev.duet.model.AlignTextEncoder}, behind {@link dev.duet.model.ImageTower}
 * {@link dev.duet.model.VisionEncoder}, {@link dev.duet.model.ResNetEncoder} and
 * {@link dev.duet.model.EfficientNetEncoder}) are lists of the
 * layers of {@link dev.duet.model.layer}. Text-text: {@link dev.duet.model.SentenceEncoder}, a
 * sentence-transformers BERT model ({@link dev.duet.model.BertTextEncoder} with WordPiece, mean or
 * CLS {@link dev.duet.model.SentencePooling}, optional normalisation), its files known to
 * {@code BertLayout}.
 * Depends on tensor, tokenizer, image; never on explain, train, report or cli.
 */
package dev.duet.model;
