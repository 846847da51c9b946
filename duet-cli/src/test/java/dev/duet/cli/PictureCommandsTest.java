/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain --heatmap}, {@code report} and {@code serve} as a person runs them. */
class PictureCommandsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String CAPTION = "a red circle and a blue square";

    @TempDir
    Path folder;

    private record Run(int exit, String out, String err) {
    }

    private static Path fixtures() {
        Path path = Path.of(System.getProperty("duet.shared"), "fixtures");
        if (!Files.isDirectory(path.resolve("models").resolve("tiny"))) {
            throw new AssertionError("fixture model missing under " + path);
        }
        return path;
    }

    private static String model() {
        return fixtures().resolve("models").resolve("tiny").toString();
    }

    private static String image(String name) {
        return fixtures().resolve("images").resolve(name).toString();
    }

    private static Run duet(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DuetCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run explain(String... extra) {
        List<String> args = new ArrayList<>(List.of("explain", "--model", model(), "--threads", "2", "--caption", CAPTION,
                "--image", image("img0_red_circle_blue_square.png")));
        args.addAll(Arrays.asList(extra));
        return duet(args.toArray(String[]::new));
    }

    private List<Path> filesInFolder() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    private static void assertOneLineError(Run run, String... mentions) {
        assertEquals(2, run.exit(), run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, "one line: " + run.err());
        assertTrue(lines[0].startsWith("duet: "), lines[0]);
        for (String mention : mentions) {
            assertTrue(lines[0].contains(mention), lines[0] + " should name " + mention);
        }
    }

    @Test
    void heatmapWritesAPngOfTheOriginalImagesShape() throws IOException {
        Path png = folder.resolve("red-circle.png");
        Run run = explain("--heatmap", png.toString(), "--span", "Red Circle");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("wrote " + png), run.out());
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8));
        BufferedImage picture = ImageIO.read(png.toFile());
        assertNotNull(picture);
        // the 320x240 photo is drawn 512 wide, its 4:3 shape kept, plus title, bar and margins
        assertTrue(picture.getWidth() > 512 && picture.getHeight() > 384, picture.getWidth() + "x" + picture.getHeight());
        assertEquals(List.of(png), filesInFolder(), "no temporary file left behind");
    }

    @Test
    void heatmapDefaultsToTheWholeCaptionAndTakesCharacterRanges() throws IOException {
        Path whole = folder.resolve("whole.png");
        Run run = explain("--heatmap", whole.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("map of \u201c" + CAPTION + "\u201d"), run.out());
        Path range = folder.resolve("range.png");
        Run ranged = explain("--heatmap", range.toString(), "--span", "2:12");
        assertEquals(0, ranged.exit(), ranged.err());
        assertTrue(ranged.out().contains("map of \u201cred circle\u201d"), ranged.out());
        assertFalse(Arrays.equals(Files.readAllBytes(whole), Files.readAllBytes(range)));
    }

    @Test
    void badSpansAndImagesFailWithOneLineAndNoFile() throws IOException {
        Path png = folder.resolve("out.png");
        assertOneLineError(explain("--heatmap", png.toString(), "--span", "green triangle"), "green triangle", CAPTION);
        assertOneLineError(explain("--heatmap", png.toString(), "--span", "40:50"), "40:50");
        assertOneLineError(explain("--span", "red"), "--heatmap");
        assertOneLineError(duet("explain", "--model", model(), "--caption", CAPTION, "--image",
                folder.resolve("missing.png").toString(), "--heatmap", png.toString()), "missing.png");
        Path text = Files.writeString(folder.resolve("notes.png"), "not a picture");
        assertOneLineError(duet("explain", "--model", model(), "--caption", CAPTION, "--image", text.toString(),
                "--heatmap", png.toString()), "notes.png");
        assertOneLineError(explain("--heatmap", folder.resolve("no-such-folder").resolve("x.png").toString()),
                "no-such-folder");
        assertFalse(Files.exists(png));
        assertEquals(List.of(text), filesInFolder(), "nothing written, nothing left behind");
    }

    @Test
    void reportIsOneSelfContainedHtmlFile() throws IOException {
        Path html = folder.resolve("report.html");
        Run run = duet("report", "--model", model(), "--threads", "2", "--caption", CAPTION,
                "--image", image("img0_red_circle_blue_square.png"), "--image", image("img1_green_triangle.png"),
                "--out", html.toString(), "--quadrature", "gauss-legendre", "--steps", "4");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("2 pairs"), run.out());
        assertEquals(List.of(html), filesInFolder(), "one file and nothing else");
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertFalse(page.contains("http://") || page.contains("https://"), "no network references");
        assertFalse(page.contains("src=\"/") || page.contains("src=\"file:") || page.contains("<link"),
                "no other files referenced");
        Matcher embedded = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(page);
        int images = 0;
        while (embedded.find()) {
            assertNotNull(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(embedded.group(1)))));
            images++;
        }
        assertTrue(images >= 8, "every figure of both pairs is embedded: " + images);
        assertTrue(page.contains("img1_green_triangle.png") && page.contains("img0_red_circle_blue_square.png"));
        assertTrue(page.contains("gauss-legendre, 4 / 4 nodes"), "settings are reported");
    }

    @Test
    void reportExplainsEveryCaptionAgainstOneImage() throws IOException {
        Path html = folder.resolve("report.html");
        Run run = duet("report", "--model", model(), "--caption", CAPTION, "--caption", "a green triangle",
                "--image", image("img0_red_circle_blue_square.png"), "--out", html.toString(),
                "--quadrature", "gauss-legendre", "--steps", "4");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("2 pairs"), run.out());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.contains("a green triangle"), "the second caption's section");
        assertTrue(page.indexOf(CAPTION) < page.indexOf("a green triangle"), "the captions in their order");
    }

    @Test
    void reportRefusesBadInputsBeforeWritingAnything() throws IOException {
        Path html = folder.resolve("report.html");
        assertOneLineError(duet("report", "--model", model(), "--caption", CAPTION, "--image",
                folder.resolve("gone.png").toString(), "--out", html.toString()), "gone.png");
        assertOneLineError(duet("report", "--model", model(), "--caption", "a", "--caption", "b", "--image",
                image("img0_red_circle_blue_square.png"), "--image", image("img1_green_triangle.png"), "--image",
                image("img2_sun_and_house.png"), "--out", html.toString()), "2 captions and 3 images");
        assertOneLineError(duet("report", "--model", model(), "--caption", CAPTION, "--image",
                image("img0_red_circle_blue_square.png"), "--out", folder.resolve("nope").resolve("r.html").toString()),
                "nope");
        assertEquals(List.of(), filesInFolder());
    }

    @Test
    void serveChecksItsOptions() {
        assertOneLineError(duet("serve", "--model", model(), "--port", "70000"), "--port");
        assertEquals(2, duet("serve", "--model", model(), "--port", "http").exit());
    }
}
