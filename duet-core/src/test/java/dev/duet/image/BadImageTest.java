/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import dev.duet.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.duet.image.TestPngs.bytes;
import static dev.duet.image.TestPngs.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every unusable image file is a one-line {@link BadInputException} that names the file. */
class BadImageTest {

    private static final Path FIXTURES = Path.of(System.getProperty("duet.shared"), "fixtures");

    @TempDir
    Path dir;

    private BadInputException refused(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return refused(file);
    }

    private static BadInputException refused(Path file) {
        BadInputException e = assertThrows(BadInputException.class, () -> new ImageDecoder().decode(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void truncatedPng() throws IOException {
        byte[] whole = Files.readAllBytes(FIXTURES.resolve("images/img2_sun_and_house.png"));
        refused("cut.png", Arrays.copyOf(whole, whole.length / 2));
    }

    @Test
    void pngWhoseHeaderFailsItsCrcIsRefusedAsPilRefusesIt() throws IOException {
        byte[] file = png(3, 2, 8, 2, new byte[][] {bytes(1, 2, 3, 4, 5, 6, 7, 8, 9), bytes(9, 8, 7, 6, 5, 4, 3, 2, 1)},
                TestPngs.chunk("tEXt", "k\0v".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(3, new ImageDecoder().open(file, "good.png").width(), "the undamaged file decodes");
        // byte 29 is the last byte of IHDR's CRC (8 signature + 8 length and type + 13 data)
        byte[] badHeader = file.clone();
        badHeader[29] ^= 1;
        BadInputException e = refused("bad-ihdr.png", badHeader);
        assertTrue(e.getMessage().contains("IHDR fails its CRC"), e.getMessage());
        // PIL checks every chunk before the first IDAT: a damaged tEXt is refused too (an IDAT's CRC is not checked)
        byte[] badText = file.clone();
        int text = indexOf(file, "tEXt".getBytes(StandardCharsets.US_ASCII));
        badText[text + 4 + 2] ^= 1;   // the "v"
        assertTrue(refused("bad-text.png", badText).getMessage().contains("tEXt fails its CRC"));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void notAnImage() throws IOException {
        BadInputException e = refused("notes.png", "just some words\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        refused("empty.jpg", new byte[0]);
    }

    @Test
    void missingFileAndDirectory() {
        refused(dir.resolve("absent.png"));
        refused(dir);
    }

    /**
     * Found by fuzzing: TwelveMonkeys' lossless WebP reader catches the end of the data and reads on,
     * for ever, on this 519-byte file; the decoder's input lets it find the end only so often.
     */
    @Test
    void webpWhoseDecoderReadsPastTheEndIsRefusedInsteadOfHanging() throws IOException {
        byte[] hostile;
        try (var in = BadImageTest.class.getResourceAsStream(
                "/dev/duet/fuzz/ParserFuzzTestInputs/imageDecoder/webp-lossless-reads-past-end")) {
            hostile = in.readAllBytes();
        }
        BadInputException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> refused("hostile.webp", hostile));
        assertTrue(e.getMessage().contains("kept reading past the end of the data"), e.getMessage());
        BadInputException fromBytes = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> assertThrows(BadInputException.class, () -> new ImageDecoder().open(hostile, "upload.webp")));
        assertTrue(fromBytes.getMessage().startsWith("upload.webp"), fromBytes.getMessage());
    }

    @Test
    void hugeDeclaredSizeIsRefusedFromTheHeader() throws IOException {
        // 100000 x 100000 = 1e10 pixels declared; the IDAT holds almost nothing
        byte[] file = png(100_000, 100_000, 8, 2, new byte[][] {bytes(1, 2, 3)});
        BadInputException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> refused("bomb.png", file));
        assertTrue(e.getMessage().contains("above the limit of 89478485"), e.getMessage());
    }

    @Test
    void zeroWidth() throws IOException {
        refused("flat.png", png(0, 5, 8, 2, new byte[][] {bytes()}));
    }

    @Test
    void unsupportedFormatIsNamed() throws IOException {
        Path file = dir.resolve("picture.tif");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "tiff", file.toFile());
        BadInputException e = refused(file);
        assertTrue(e.getMessage().contains("tif"), e.getMessage());
    }

    @Test
    void extremeAspectRatioIsRefusedBeforeResizing() throws IOException {
        // 1 x 30000 resizes to 64 x 1920000 = 123 M pixels
        byte[][] rows = new byte[30_000][];
        Arrays.fill(rows, bytes(9, 9, 9));
        Path file = dir.resolve("needle.png");
        Files.write(file, png(1, 30_000, 8, 2, rows));
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessorConfig.clipDefaults(64));
        BadInputException e = assertThrows(BadInputException.class, () -> preprocessor.preprocess(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("aspect ratio"), e.getMessage());
    }
}
