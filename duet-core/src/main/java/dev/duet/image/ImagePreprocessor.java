/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import dev.duet.BadInputException;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * CLIP's image preprocessing in either {@link PreprocessingPipeline}: decode in PIL's mode
 * ({@link ImageDecoder#open}), resize to the config's {@link ResizeTarget} with PIL's filter
 * ({@link DecodedImage#resize}, {@link PilResampler}), centre-crop ({@link DecodedImage#crop},
 * {@link CenterCrop}), normalise to float32 CHW ({@link PixelNormalizer}). {@link PreprocessingPipeline#OPENAI}
 * converts to RGB after the crop, {@link PreprocessingPipeline#HF} before the resize; they also round
 * the crop offset differently.
 */
public final class ImagePreprocessor {

    private final PreprocessorConfig config;
    private final PreprocessingPipeline pipeline;
    private final ImageDecoder decoder;
    private final PilResampler resampler;
    private final PixelNormalizer normalizer;

    /**
     * A preprocessing in transformers' order, what a {@code preprocessor_config.json} describes.
     *
     * @param config sizes, filter, crop, mean and std
     */
    public ImagePreprocessor(PreprocessorConfig config) {
        this(config, PreprocessingPipeline.HF);
    }

    /**
     * A preprocessing in either order, decoding with the default limits of {@link ImageDecoder}.
     *
     * @param config   sizes, filter, crop, mean and std
     * @param pipeline the order
     */
    public ImagePreprocessor(PreprocessorConfig config, PreprocessingPipeline pipeline) {
        this(config, pipeline, new ImageDecoder());
    }

    /**
     * A preprocessing in either order with its own decoder (its own pixel cap).
     *
     * @param config   sizes, filter, crop, mean and std
     * @param pipeline the order
     * @param decoder  decodes files and bytes
     */
    public ImagePreprocessor(PreprocessorConfig config, PreprocessingPipeline pipeline, ImageDecoder decoder) {
        this.config = Objects.requireNonNull(config, "config");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.resampler = new PilResampler(config.resample());
        this.normalizer = new PixelNormalizer(config);
    }

    /** {@return the settings: sizes, filter, crop, mean and std} */
    public PreprocessorConfig config() {
        return config;
    }

    /** {@return the order of the steps} */
    public PreprocessingPipeline pipeline() {
        return pipeline;
    }

    /**
     * Decodes and preprocesses an image file.
     *
     * @param imageFile a PNG, JPEG, BMP, GIF (first frame) or WebP file
     * @return the model's input and its crop
     * @throws BadInputException if the file is missing, unreadable, not an image, damaged, or too large or too
     *         extreme in aspect to decode
     */
    public PreprocessedImage preprocess(Path imageFile) {
        return preprocess(decode(imageFile, decoder));
    }

    /**
     * Decodes and preprocesses an encoded image in memory, as the same file would be.
     *
     * @param encoded the whole content of a PNG, JPEG, BMP, GIF or WebP file
     * @param name    what error messages call it, such as an upload's file name
     * @return the model's input and its crop
     * @throws BadInputException if the bytes are not an image, damaged, or too large or too extreme in aspect
     */
    public PreprocessedImage preprocess(byte[] encoded, String name) {
        return preprocess(decoder.open(encoded, name, this::refuseExtremeAspect));
    }

    /**
     * Decodes an image file for this preprocessing, in the mode PIL opens it in: besides the decoder's pixel cap, an
     * image whose resize to the model's input would pass that cap (an extreme aspect ratio, 300,000 x 1) is refused
     * from its header, before any pixel is decoded or resized. The CLI and the server's uploads both decode through here.
     *
     * @param imageFile    a PNG, JPEG, BMP, GIF or WebP file
     * @param imageDecoder the decoder, with its pixel cap
     * @return the image in the mode PIL opens it in
     * @throws BadInputException if the file is missing, unreadable, not an image, damaged, or too large or too
     *         extreme in aspect
     */
    public DecodedImage decode(Path imageFile, ImageDecoder imageDecoder) {
        return imageDecoder.open(imageFile, (file, width, height) -> refuseExtremeAspect(file, width, height, imageDecoder));
    }

    private void refuseExtremeAspect(Path file, int width, int height) {
        refuseExtremeAspect(file, width, height, decoder);
    }

    private void refuseExtremeAspect(Path file, int width, int height, ImageDecoder imageDecoder) {
        CropGeometry geometry = plan(width, height);
        long resizedPixels = (long) geometry.resizedWidth() * geometry.resizedHeight();
        if (resizedPixels > imageDecoder.maxPixels()) {
            throw new BadInputException(file, "aspect ratio " + width + ":" + height
                    + " is too extreme: the resized image would have " + resizedPixels + " pixels");
        }
    }

    /**
     * Preprocesses an image built in memory, in the PIL mode its colour model corresponds to (indexed: P; with
     * alpha: RGBA).
     *
     * @param image the picture
     * @return the model's input and its crop
     */
    public PreprocessedImage preprocess(BufferedImage image) {
        return preprocess(RgbConverter.fromBufferedImage(image));
    }

    /**
     * Preprocesses an RGB image: both pipelines resize it alike and differ only in the crop offset.
     *
     * @param image 8-bit RGB pixels
     * @return the model's input and its crop
     */
    public PreprocessedImage preprocess(RgbImage image) {
        return preprocess(DecodedImage.of(image));
    }

    /**
     * Preprocesses a decoded image: resize, centre crop and normalise in this pipeline's order.
     *
     * @param image an image in the mode PIL opened it in
     * @return the model's input and its crop
     */
    public PreprocessedImage preprocess(DecodedImage image) {
        CropGeometry geometry = plan(image.width(), image.height());
        RgbImage crop = switch (pipeline) {
            case OPENAI -> image.resize(config.resample(), geometry.resizedWidth(), geometry.resizedHeight())
                    .crop(geometry.cropX(), geometry.cropY(), geometry.cropWidth(), geometry.cropHeight())
                    .toRgb();
            case HF -> CenterCrop.apply(resampler.resize(image.toRgb(), geometry.resizedWidth(), geometry.resizedHeight()),
                    geometry.cropX(), geometry.cropY(), geometry.cropWidth(), geometry.cropHeight());
        };
        return new PreprocessedImage(geometry, pipeline, crop.pixels().clone(), normalizer.toChw(crop));
    }

    /**
     * Where the crop of a {@code width x height} image will come from: resized to the config's
     * {@link ResizeTarget}, then the crop offset by the pipeline's rounding.
     *
     * @param width  the original image's width in pixels, positive
     * @param height its height, positive
     * @return the resize and the crop window
     */
    public CropGeometry plan(int width, int height) {
        int resizedWidth = width;
        int resizedHeight = height;
        if (config.doResize()) {
            int[] resized = config.resize().resizedSize(width, height);
            resizedWidth = resized[0];
            resizedHeight = resized[1];
        }
        if (!config.doCenterCrop()) {
            return new CropGeometry(width, height, resizedWidth, resizedHeight, 0, 0, resizedWidth, resizedHeight);
        }
        return new CropGeometry(width, height, resizedWidth, resizedHeight,
                pipeline.cropOffset(resizedWidth, config.cropWidth()),
                pipeline.cropOffset(resizedHeight, config.cropHeight()),
                config.cropWidth(), config.cropHeight());
    }
}
