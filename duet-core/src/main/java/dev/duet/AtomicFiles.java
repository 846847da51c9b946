/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Output files that are complete or absent: bytes go to a temporary sibling that is moved into
 * place only when fully written, so a failure never leaves a partial file behind. Only a regular
 * file is ever replaced: a device, a folder or a pipe at the target is refused, never renamed over.
 * A target that cannot be written (missing folder, read-only or full file system) is the user's
 * problem: a {@link BadInputException} that names the path.
 */
public final class AtomicFiles {

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Refuses, before any work, a target that could not be written: its folder is missing or it exists and is not
     * a regular file (links are followed, so a link to {@code /dev/null} is refused too).
     */
    public static void checkTarget(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadInputException(target, "cannot write: folder " + parent + " does not exist");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new BadInputException(target, "exists and is not a regular file (a folder, device or pipe); "
                    + "Duet replaces only regular files");
        }
    }

    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    public static void write(Path target, Content content) {
        checkTarget(target);
        Path temporary = null;
        try {
            temporary = Files.createTempFile(target.toAbsolutePath().getParent(), ".duet-", ".part");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 20)) {
                content.writeTo(out);
            }
            // temporary files are private (0600); the result should read like any file the user writes
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX modes: its default applies
            }
            // checked again: the target may have been replaced by something else while the content was written
            checkTarget(target);
            Files.move(temporary, target.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BadInputException(target, "cannot write: " + reason(e), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** An I/O failure in the user's terms: the file system's own reason (read-only, no space, denied). */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException failure && failure.getReason() != null) {
            return failure.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return String.valueOf(e.getMessage());
    }

    /** Deletes a folder and everything below it, deepest first; nothing when it does not exist. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // the write itself has already failed or succeeded; a stray temporary is named .duet-*.part
        }
    }
}
