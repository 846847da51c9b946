package dev.duet.image;

import dev.duet.BadInputException;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * CLIP's image preprocessing: decode and convert to RGB ({@link ImageDecoder}), resize the short
 * side to {@code shortestEdge} with PIL's filter ({@link PilResampler}), centre-crop with
 * torchvision's rounding ({@link CenterCrop}), normalise to float32 CHW ({@link PixelNormalizer}).
 * Matches OpenAI's {@code clip.load(...)[1]} and transformers' {@code CLIPImageProcessor} with
 * a PIL image, except that transformers floors the crop offset where torchvision rounds half
 * to even (they differ when the excess is 3 mod 4 pixels).
 */
public final class ImagePreprocessor {

    private final PreprocessorConfig config;
    private final ImageDecoder decoder;
    private final PilResampler resampler;
    private final PixelNormalizer normalizer;

    public ImagePreprocessor(PreprocessorConfig config) {
        this(config, new ImageDecoder());
    }

    public ImagePreprocessor(PreprocessorConfig config, ImageDecoder decoder) {
        this.config = Objects.requireNonNull(config, "config");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.resampler = new PilResampler(config.resample());
        this.normalizer = new PixelNormalizer(config);
    }

    public PreprocessorConfig config() {
        return config;
    }

    public PreprocessedImage preprocess(Path imageFile) {
        RgbImage image = decode(imageFile, decoder);
        return preprocess(image, plan(image.width(), image.height()));
    }

    /** An encoded image in memory (PNG, JPEG, BMP, GIF or WebP), decoded as the same file would be; {@code name} labels errors. */
    public PreprocessedImage preprocess(byte[] encoded, String name) {
        RgbImage image = decoder.decode(encoded, name, this::refuseExtremeAspect);
        return preprocess(image, plan(image.width(), image.height()));
    }

    /**
     * Decodes an image file for this preprocessing: besides the decoder's pixel cap, an image whose resize to the
     * model's input would pass that cap (an extreme aspect ratio, 300,000 x 1) is refused from its header, before
     * any pixel is decoded or resized. The CLI and the server's uploads both decode through here.
     */
    public RgbImage decode(Path imageFile, ImageDecoder imageDecoder) {
        return imageDecoder.decode(imageFile, (file, width, height) -> refuseExtremeAspect(file, width, height, imageDecoder));
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

    /** An image built in memory; its colour model decides the RGB conversion. */
    public PreprocessedImage preprocess(BufferedImage image) {
        return preprocess(RgbConverter.fromBufferedImage(image));
    }

    public PreprocessedImage preprocess(RgbImage image) {
        return preprocess(image, plan(image.width(), image.height()));
    }

    /**
     * Where the crop of a {@code width x height} image will come from. Resized size:
     * short side = shortestEdge, long side = {@code int(shortestEdge * long / short)} (double
     * division, truncated), as torchvision's {@code Resize(int)} and transformers compute it.
     */
    public CropGeometry plan(int width, int height) {
        int resizedWidth = width;
        int resizedHeight = height;
        if (config.doResize()) {
            int edge = config.shortestEdge();
            if (width <= height) {
                resizedWidth = edge;
                resizedHeight = scaledLongSide(edge, height, width);
            } else {
                resizedHeight = edge;
                resizedWidth = scaledLongSide(edge, width, height);
            }
        }
        if (!config.doCenterCrop()) {
            return new CropGeometry(width, height, resizedWidth, resizedHeight, 0, 0, resizedWidth, resizedHeight);
        }
        return new CropGeometry(width, height, resizedWidth, resizedHeight,
                CenterCrop.offset(resizedWidth, config.cropWidth()),
                CenterCrop.offset(resizedHeight, config.cropHeight()),
                config.cropWidth(), config.cropHeight());
    }

    private static int scaledLongSide(int edge, int longSide, int shortSide) {
        double scaled = (double) ((long) edge * longSide) / shortSide;
        if (scaled >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("resized long side overflows: " + edge + " * " + longSide + " / "
                    + shortSide);
        }
        return (int) scaled;
    }

    private PreprocessedImage preprocess(RgbImage image, CropGeometry geometry) {
        RgbImage resized = resampler.resize(image, geometry.resizedWidth(), geometry.resizedHeight());
        RgbImage crop = CenterCrop.apply(resized, geometry.cropX(), geometry.cropY(),
                geometry.cropWidth(), geometry.cropHeight());
        byte[] cropRgb = crop.pixels() == image.pixels() ? crop.pixels().clone() : crop.pixels();
        return new PreprocessedImage(geometry, cropRgb, normalizer.toChw(crop));
    }
}
