/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import dev.duet.BadInputException;
import dev.duet.image.ImageDecoder;
import dev.duet.image.DecodedImage;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessedImage;
import dev.duet.image.RgbImage;
import dev.duet.report.Figure;
import dev.duet.report.Photo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The images the page can explain: the bundled examples, always there, and the last uploads.
 * An upload is accepted only if Duet's own decoder reads it; what is kept and served back is
 * the decoded pixels as PNG, never the uploaded bytes.
 */
final class ImageStore {

    /** Bundled examples: classpath resources under {@code examples/}, named here and nowhere else. */
    static final List<String> EXAMPLES = List.of(
            "red-circle-blue-square.png", "sun-and-house.png", "orange-circle-white-square.png",
            "purple-oval-on-grass.png");

    private static final Pattern ID = Pattern.compile("(ex|up)-[a-z0-9-]{1,64}");
    /**
     * Large enough for a 24-megapixel camera photo, small enough to bound the decoder's memory: about 250 MB for
     * the decoded image and its copies, and uploads are decoded one at a time.
     */
    private static final long MAX_PIXELS = 25_000_000L;
    /** An upload keeps its crop and its pixels as PNG (up to ~100 MB for the largest photos). */
    private static final int KEPT_UPLOADS = 8;

    private final ImagePreprocessor preprocessor;
    private final Map<String, StoredImage> examples = new LinkedHashMap<>();
    private final LruCache<String, StoredImage> uploads = new LruCache<>(KEPT_UPLOADS);
    private final ImageDecoder decoder = new ImageDecoder(MAX_PIXELS);
    private final Object decoding = new Object();

    ImageStore(ImagePreprocessor preprocessor) {
        this.preprocessor = preprocessor;
        for (String name : EXAMPLES) {
            byte[] bytes = exampleBytes(name);
            String id = "ex-" + name.substring(0, name.lastIndexOf('.'));
            examples.put(id, decode(id, name, bytes));
        }
    }

    List<StoredImage> examples() {
        return List.copyOf(examples.values());
    }

    /** The image with this id, or 404 (an upload may have been forgotten: upload it again). */
    StoredImage get(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiException.badRequest("image id must look like ex-NAME or up-HASH");
        }
        StoredImage image = id.startsWith("ex-") ? examples.get(id) : uploads.get(id);
        if (image == null) {
            throw ApiException.notFound("no image " + id + " here (uploads are kept for a while only: upload it again)");
        }
        return image;
    }

    /** Decodes and keeps an upload; refuses anything Duet cannot read as an image with a 415. */
    StoredImage upload(byte[] bytes, String name) {
        if (bytes.length == 0) {
            throw ApiException.badRequest("the upload is empty");
        }
        String id = "up-" + HexFormat.of().formatHex(sha256(bytes), 0, 12);
        StoredImage known = uploads.get(id);
        if (known != null) {
            return known;
        }
        synchronized (decoding) {
            StoredImage image = decode(id, name, bytes);
            uploads.put(id, image);
            return image;
        }
    }

    private StoredImage decode(String id, String name, byte[] bytes) {
        Path file = null;
        try {
            // the decoder sniffs formats from a file; the file's name never reaches the person
            file = Files.createTempFile("duet-upload-", ".img");
            Files.write(file, bytes);
            DecodedImage decoded = preprocessor.decode(file, decoder);
            RgbImage rgb = decoded.toRgb();
            PreprocessedImage preprocessed = preprocessor.preprocess(decoded);
            byte[] png = new Figure(Photo.of(rgb)).png();
            return new StoredImage(id, name, rgb.width(), rgb.height(), png, preprocessed);
        } catch (BadInputException e) {
            String message = e.getMessage();
            String prefix = file + ": ";
            throw new ApiException(415, "not an image Duet can read: "
                    + (message.startsWith(prefix) ? message.substring(prefix.length()) : message));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hold an upload in a temporary file", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is removed by the system later
                }
            }
        }
    }

    private static byte[] exampleBytes(String name) {
        try (InputStream in = ImageStore.class.getResourceAsStream("examples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("example image " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading example image " + name, e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
