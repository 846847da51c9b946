/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one check before any reader opens a user's file: it must be a regular file (a pipe would block the
 * reader for ever, a device such as {@code /dev/zero} never ends; links are followed, so a link to either is
 * refused too) and no larger than the reader's cap, so that nothing is allocated for more than the cap.
 */
public final class InputFiles {

    private InputFiles() {
    }

    /** The file's size in bytes, after refusing what is missing, not a regular file, or larger than {@code maxBytes}. */
    public static long checkedSize(Path file, long maxBytes) {
        if (!Files.exists(file)) {
            throw new BadInputException(file, "file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "is not a regular file (a folder, device or pipe)");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + AtomicFiles.reason(e), e);
        }
        if (size > maxBytes) {
            throw new BadInputException(file, "is " + size + " bytes, more than the limit of " + maxBytes);
        }
        return size;
    }
}
