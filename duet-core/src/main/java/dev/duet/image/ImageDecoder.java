/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import dev.duet.BadInputException;
import dev.duet.InputFiles;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads an image file into the mode and samples {@code PIL.Image.open(file)} yields
 * ({@link #open}: a {@link DecodedImage}), or into 8-bit RGB as {@code .convert("RGB")} then makes
 * it ({@link #decode}); first frame only; no EXIF rotation, colour profile or gamma applied. PNG, JPEG (baseline
 * and progressive), BMP and GIF use the JDK's readers, WebP the TwelveMonkeys reader; other
 * formats are refused. The size in the header is checked against a pixel limit before any
 * pixel is decoded. Every failure is a {@link BadInputException} naming the file.
 *
 * <p>Checked byte for byte against Pillow 9.4 on PNG (all colour types and depths), JPEG
 * (baseline, progressive, grayscale, CMYK, with an ICC profile), BMP (1, 8, 16, 24, 32 bits),
 * GIF and lossless WebP. Lossy WebP is the exception: the pure-Java VP8 decoder does not
 * reproduce libwebp's chroma upsampling, so its pixels differ from PIL's by several levels.
 * A PNG chunk before the first IDAT that fails its CRC is refused, as PIL refuses it.
 */
public final class ImageDecoder {

    /** PIL's {@code Image.MAX_IMAGE_PIXELS}, {@code int(1024 * 1024 * 1024 // 4 // 3)}. */
    public static final long PIL_MAX_IMAGE_PIXELS = 89_478_485L;

    /** Larger than any image of {@link #PIL_MAX_IMAGE_PIXELS} needs, even stored uncompressed at 16 bits per channel. */
    public static final long MAX_FILE_BYTES = 1L << 30;

    /** The formats Duet decodes, by the name javax.imageio gives them. */
    public enum Format {
        /** PNG, every colour type and depth. */
        PNG,
        /** JPEG, baseline and progressive, grey, RGB (YCbCr) and CMYK. */
        JPEG,
        /** BMP of 1, 8, 16, 24 and 32 bits. */
        BMP,
        /** GIF, its first frame. */
        GIF,
        /** WebP, lossless and lossy (TwelveMonkeys' decoder). */
        WEBP;

        static Format of(ImageReader reader) {
            for (String name : reader.getOriginatingProvider().getFormatNames()) {
                for (Format format : values()) {
                    if (format.name().equalsIgnoreCase(name)) {
                        return format;
                    }
                }
            }
            return null;
        }
    }

    private final long maxPixels;

    /** A decoder with PIL's pixel cap, {@link #PIL_MAX_IMAGE_PIXELS}. */
    public ImageDecoder() {
        this(PIL_MAX_IMAGE_PIXELS);
    }

    /**
     * A decoder that refuses images of more than {@code maxPixels} pixels from their header.
     *
     * @param maxPixels the cap on width x height, positive
     * @throws IllegalArgumentException if {@code maxPixels} is not positive
     */
    public ImageDecoder(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /** {@return the cap on width x height} */
    public long maxPixels() {
        return maxPixels;
    }

    /** A further check of an image's size, run when its header is read, before any pixel is decoded. */
    @FunctionalInterface
    public interface SizeCheck {
        /**
         * Throws a {@link BadInputException} naming {@code file} when an image of this size must not be decoded.
         *
         * @param file   the file (or the name standing for bytes in memory)
         * @param width  the image's width from its header
         * @param height its height
         * @throws BadInputException if the image must not be decoded
         */
        void check(Path file, int width, int height);
    }

    /**
     * Decodes an image file into 8-bit RGB, as PIL's {@code Image.open(file).convert("RGB")}.
     *
     * @param file a PNG, JPEG, BMP, GIF (first frame) or WebP file
     * @return its pixels
     * @throws BadInputException if the file is missing, unreadable, larger than {@link #MAX_FILE_BYTES}, not a
     *         PNG, JPEG, BMP, GIF or WebP, damaged, or over the pixel cap
     */
    public RgbImage decode(Path file) {
        return open(file).toRgb();
    }

    /**
     * Decodes into 8-bit RGB, running {@code sizeCheck} (after the pixel cap) on every size the header gives, before
     * decoding.
     *
     * @param file      a PNG, JPEG, BMP, GIF (first frame) or WebP file
     * @param sizeCheck a further check of the size
     * @return its pixels
     * @throws BadInputException if the file is missing, unreadable, larger than {@link #MAX_FILE_BYTES}, not a
     *         PNG, JPEG, BMP, GIF or WebP, damaged, or over the pixel cap, or {@code sizeCheck} refuses it
     */
    public RgbImage decode(Path file, SizeCheck sizeCheck) {
        return open(file, sizeCheck).toRgb();
    }

    /**
     * An encoded image held in memory (an upload, a resource), decoded exactly as the same bytes
     * in a file would be, with a further size check as {@link #decode(Path, SizeCheck)};
     * {@code name} stands for the file in error messages.
     *
     * @param encoded   the whole content of an image file
     * @param name      what error messages call it
     * @param sizeCheck a further check of the size
     * @return its pixels in 8-bit RGB
     * @throws BadInputException if the bytes are more than {@link #MAX_FILE_BYTES}, not a PNG, JPEG, BMP, GIF or
     *         WebP, damaged, or over the pixel cap, or {@code sizeCheck} refuses it
     */
    public RgbImage decode(byte[] encoded, String name, SizeCheck sizeCheck) {
        return open(encoded, name, sizeCheck).toRgb();
    }

    /**
     * Opens an image file in the mode PIL opens it in.
     *
     * @param file a PNG, JPEG, BMP, GIF (first frame) or WebP file
     * @return its mode and samples
     * @throws BadInputException if the file is missing, unreadable, larger than {@link #MAX_FILE_BYTES}, not a
     *         PNG, JPEG, BMP, GIF or WebP, damaged, or over the pixel cap
     */
    public DecodedImage open(Path file) {
        return open(file, (image, width, height) -> { });
    }

    /**
     * {@link #open(Path)}, running {@code sizeCheck} (after the pixel cap) on every size the header gives, before
     * decoding.
     *
     * @param file      a PNG, JPEG, BMP, GIF (first frame) or WebP file
     * @param sizeCheck a further check of the size
     * @return its mode and samples
     * @throws BadInputException if the file is missing, unreadable, larger than {@link #MAX_FILE_BYTES}, not a
     *         PNG, JPEG, BMP, GIF or WebP, damaged, or over the pixel cap, or {@code sizeCheck} refuses it
     */
    public DecodedImage open(Path file, SizeCheck sizeCheck) {
        InputFiles.checkedSize(file, MAX_FILE_BYTES);
        return open(file, () -> ImageIO.createImageInputStream(file.toFile()), () -> Files.newInputStream(file), sizeCheck);
    }

    /**
     * {@link #open(Path)} of encoded bytes in memory.
     *
     * @param encoded the whole content of an image file
     * @param name    what error messages call it
     * @return its mode and samples
     * @throws BadInputException if the bytes are more than {@link #MAX_FILE_BYTES}, not a PNG, JPEG, BMP, GIF or
     *         WebP, damaged, or over the pixel cap
     */
    public DecodedImage open(byte[] encoded, String name) {
        return open(encoded, name, (image, width, height) -> { });
    }

    /**
     * {@link #open(byte[], String)} with a further size check, as {@link #open(Path, SizeCheck)}.
     *
     * @param encoded   the whole content of an image file
     * @param name      what error messages call it
     * @param sizeCheck a further check of the size
     * @return its mode and samples
     * @throws BadInputException if the bytes are more than {@link #MAX_FILE_BYTES}, not a PNG, JPEG, BMP, GIF or
     *         WebP, damaged, or over the pixel cap, or {@code sizeCheck} refuses it
     */
    public DecodedImage open(byte[] encoded, String name, SizeCheck sizeCheck) {
        if (encoded.length > MAX_FILE_BYTES) {
            throw new BadInputException(Path.of(name), "larger than " + MAX_FILE_BYTES + " bytes: not decoded");
        }
        return open(Path.of(name), () -> new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded)),
                () -> new ByteArrayInputStream(encoded), sizeCheck);
    }

    /** Where the encoded bytes come from: opened once for the reader, once more for a PNG's own header. */
    private interface Source<T> {
        T open() throws IOException;
    }

    private DecodedImage open(Path file, Source<ImageInputStream> imageInput, Source<InputStream> bytes, SizeCheck sizeCheck) {
        try (ImageInputStream opened = imageInput.open()) {
            if (opened == null) {
                throw new BadInputException(file, "cannot open image file");
            }
            ImageInputStream input = new EndGuardedImageInput(opened);
            ImageReader reader = readerFor(file, input);
            try {
                reader.setInput(input, false, false);
                WarningLog warnings = new WarningLog();
                reader.addIIOReadWarningListener(warnings);
                DecodedImage image = decode(file, reader, Format.of(reader), bytes, sizeCheck);
                warnings.failIfTruncated(file);
                return image;
            } finally {
                reader.dispose();
            }
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "cannot decode image: " + describe(e), e);
        }
    }

    private DecodedImage decode(Path file, ImageReader reader, Format format, Source<InputStream> bytes, SizeCheck sizeCheck)
            throws IOException {
        return switch (format) {
            case PNG -> {
                PngHeader header;
                try (InputStream in = new BufferedInputStream(bytes.open())) {
                    header = PngHeader.read(in);
                }
                checkSize(file, header.width(), header.height(), sizeCheck);
                checkSize(file, reader.getWidth(0), reader.getHeight(0), sizeCheck);
                BufferedImage image = reader.read(0);
                yield RgbConverter.decode(image.getRaster(), header.mode(), header.paletteRgb());
            }
            case GIF -> {
                GifFirstFrame frame = GifFirstFrame.describe(reader);
                checkSize(file, frame.canvasWidth(), frame.canvasHeight(), sizeCheck);
                checkSize(file, reader.getWidth(0), reader.getHeight(0), sizeCheck);
                yield frame.compose(reader.read(0));
            }
            case JPEG -> {
                checkSize(file, reader.getWidth(0), reader.getHeight(0), sizeCheck);
                yield fromColorModel(readJpegWithoutColorManagement(reader));
            }
            case BMP -> {
                checkSize(file, reader.getWidth(0), reader.getHeight(0), sizeCheck);
                yield bmp(reader.read(0));
            }
            case WEBP -> {
                checkSize(file, reader.getWidth(0), reader.getHeight(0), sizeCheck);
                yield fromColorModel(reader.read(0));
            }
        };
    }

    /**
     * The JDK converts a JPEG that embeds an ICC profile to sRGB unless the read names its
     * bands; naming them keeps libjpeg's plain YCbCr-to-RGB output, which is what PIL returns.
     * CMYK JPEGs come back as ink amounts (the reader undoes Adobe's inversion, as PIL's
     * {@code "CMYK;I"} raw mode does).
     */
    private static BufferedImage readJpegWithoutColorManagement(ImageReader reader) throws IOException {
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
            throw new IIOException("unsupported JPEG colour space");
        }
        ImageReadParam param = reader.getDefaultReadParam();
        if (types.next().getNumBands() == 3) {
            param.setSourceBands(new int[] {0, 1, 2});
            param.setDestinationBands(new int[] {0, 1, 2});
        }
        return reader.read(0, param);
    }

    /** JPEG (L, RGB, CMYK) and WebP (RGB, RGBA): the mode follows the colour model. */
    private static DecodedImage fromColorModel(BufferedImage image) {
        return RgbConverter.fromBufferedImage(image);
    }

    /**
     * BMP as Pillow 9.4's {@code BmpImagePlugin} opens it: a palette of two entries black then white
     * is mode 1, an 8-bit palette that is the grey ramp (i, i, i) is mode L (the index is the grey
     * level), any other palette is P; 32-bit pixels with an alpha mask are RGBA, others RGB.
     */
    private static DecodedImage bmp(BufferedImage image) {
        if (image.getColorModel() instanceof IndexColorModel indexed) {
            byte[] palette = RgbConverter.paletteOf(indexed);
            DecodedImage indices = RgbConverter.decode(image.getRaster(), PilMode.P, palette);
            if (palette.length == 6 && DecodedImage.isGreyRamp(palette, 255)) {
                return indices.greyFromPalette(PilMode.BILEVEL);
            }
            if (indexed.getPixelSize() == 8 && DecodedImage.isGreyRamp(palette, 1)) {
                return indices.greyFromPalette(PilMode.L);
            }
            return indices;
        }
        return RgbConverter.fromBufferedImage(image);
    }

    private void checkSize(Path file, long width, long height, SizeCheck sizeCheck) {
        if (width <= 0 || height <= 0) {
            throw new BadInputException(file, "image size " + width + "x" + height + " is not positive");
        }
        if (width * height > maxPixels) {
            throw new BadInputException(file, "image is " + width + "x" + height + " = " + width * height
                    + " pixels, above the limit of " + maxPixels);
        }
        sizeCheck.check(file, (int) width, (int) height);
    }

    private static ImageReader readerFor(Path file, ImageInputStream input) {
        List<String> refused = new ArrayList<>();
        for (Iterator<ImageReader> readers = ImageIO.getImageReaders(input); readers.hasNext(); ) {
            ImageReader reader = readers.next();
            if (Format.of(reader) != null) {
                return reader;
            }
            refused.add(reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT));
        }
        throw new BadInputException(file, refused.isEmpty()
                ? "not an image in a known format (PNG, JPEG, BMP, GIF or WebP)"
                : "image format " + refused.getFirst() + " is not supported (PNG, JPEG, BMP, GIF or WebP)");
    }

    private static String describe(Throwable e) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (message.indexOf(text) < 0) {
                message.append(message.isEmpty() ? "" : ": ").append(text);
            }
        }
        return message.toString().replaceAll("\\s+", " ").strip();
    }

    /**
     * Reader warnings. libjpeg only warns when a JPEG ends early and fills the rest in; PIL
     * refuses such a file ("image file is truncated"), so Duet does too.
     */
    private static final class WarningLog implements IIOReadWarningListener {

        private final List<String> warnings = new ArrayList<>();

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            warnings.add(warning);
        }

        void failIfTruncated(Path file) {
            for (String warning : warnings) {
                String lower = warning.toLowerCase(Locale.ROOT);
                if (lower.contains("premature end") || lower.contains("truncated")) {
                    throw new BadInputException(file, "image file is truncated (" + warning.strip() + ")");
                }
            }
        }
    }
}
