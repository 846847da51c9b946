/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The images of a corpus folder: regular files with an image extension, at any depth, keyed by their relative path. */
final class ImageFiles {

    /** What the decoder reads (PNG, JPEG, BMP, GIF, WebP); other files in the folder are not images and are left alone. */
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "webp");

    private ImageFiles() {
    }

    /** Keys ({@code /}-separated paths relative to {@code root}), sorted, so that builds visit images in one order. */
    static List<String> list(Path root) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root, "not a folder of images");
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(ImageFiles::isImage)
                    .map(file -> key(root, file)).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(root, "cannot list: " + AtomicFiles.reason(e), e);
        } catch (UncheckedIOException e) {
            throw new BadInputException(root, "cannot list: " + AtomicFiles.reason(e.getCause()), e);
        }
    }

    static Path resolve(Path root, String key) {
        return root.resolve(key.replace('/', root.getFileSystem().getSeparator().charAt(0)));
    }

    private static String key(Path root, Path file) {
        StringBuilder key = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (!key.isEmpty()) {
                key.append('/');
            }
            key.append(part);
        }
        return key.toString();
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
