/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Turns an image file into the float pixel tensor a CLIP vision tower reads, bit for bit as
 * the reference Python pipelines make it (Pillow 9.4): PIL opens the file in its mode, PIL's
 * resampler resizes the short side, the centre crop keeps the middle, {@code convert("RGB")}
 * makes it RGB, and the crop is rescaled and normalised in float32 ({@code (u8 / 255 - mean) / std}).
 * {@link dev.duet.image.PreprocessingPipeline} names the two orders: OpenAI's and open_clip's
 * convert last, transformers' first (and floors the crop offset).
 *
 * <p>Steps are separate classes so each can be checked against PIL on its own:
 * {@link dev.duet.image.ImageDecoder} (file to {@link dev.duet.image.DecodedImage} in PIL's
 * {@link dev.duet.image.PilMode}, with a pixel limit read from the header),
 * {@link dev.duet.image.RgbConverter} (raster to samples with PIL's unpackers),
 * {@link dev.duet.image.DecodedImage} (resize, crop and {@code convert("RGB")} per mode),
 * {@link dev.duet.image.PilResampler} (PIL's separable resampler: fixed point for 8-bit bands,
 * double for mode I, NEAREST), {@link dev.duet.image.CenterCrop} and
 * {@link dev.duet.image.PixelNormalizer}; {@link dev.duet.image.ImagePreprocessor} chains them.
 * {@link dev.duet.image.PreprocessorConfig} reads {@code preprocessor_config.json} and writes
 * OpenAI CLIP's own, with its mean and std, for the models Duet trains.
 *
 * <p>May depend on {@code java.desktop} (javax.imageio, java.awt.image), Jackson (for
 * {@code preprocessor_config.json}) and the root package ({@link dev.duet.BadInputException},
 * {@link dev.duet.InputFiles}); nothing else in Duet.
 */
package dev.duet.image;
