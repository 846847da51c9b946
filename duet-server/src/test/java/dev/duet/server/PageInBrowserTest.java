/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.image.CropGeometry;
import dev.duet.image.PatchRegions;
import dev.duet.image.PatchRegions.Rect;
import dev.duet.report.ColorScale;
import dev.duet.report.HeatmapOverlay;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: Debian's Chromium, headless, driven through its chromedriver ({@link HeadlessChromium}).
 * Explains a pair, selects words by click and by drag, drags a box, uploads a non-image; saves
 * a screenshot to docs/serve.png when {@code -Dduet.docs} names the docs folder.
 */
class PageInBrowserTest {

    private static DuetServer server;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        server = TinyServer.start();
        chromium = HeadlessChromium.start(1320, 1240);
        browser = chromium.browser();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static WebElement overlay() {
        return browser.findElement(By.id("overlay"));
    }

    /** A checksum of the overlay canvas's pixels, to see that the picture itself changed. */
    private static long canvasChecksum() {
        Object sum = ((JavascriptExecutor) browser).executeScript(
                "const c = document.getElementById('overlay');"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let s = 0; for (let i = 0; i < d.length; i += 7) s = (s * 31 + d[i]) % 1000000007; return s;");
        return ((Number) sum).longValue();
    }

    private static WebElement word(String text) {
        for (WebElement word : browser.findElements(By.cssSelector("#words .word"))) {
            if (word.getText().equals(text)) {
                return word;
            }
        }
        throw new AssertionError("no word " + text + " on the page");
    }

    @Test
    void explainSelectWordsAndBoxes() throws IOException {
        browser.get(server.address().toString());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        List<WebElement> thumbs = browser.findElements(By.cssSelector("#examples .thumb"));
        assertEquals(ImageStore.EXAMPLES.size(), thumbs.size());

        WebElement caption = browser.findElement(By.id("caption"));
        caption.clear();
        caption.sendKeys("a red circle and a blue square");
        browser.findElement(By.id("explain")).click();
        wait.until(ExpectedConditions.attributeToBe(overlay(), "data-selection", "1:8"));
        assertTrue(browser.findElement(By.id("map-kind")).getDomProperty("textContent").contains("whole caption"));
        assertFalse(browser.findElement(By.id("similarity")).getText().isBlank());
        long wholeCaption = canvasChecksum();
        String rendered = overlay().getDomAttribute("data-rendered");

        word("circle").click();
        wait.until(ExpectedConditions.attributeToBe(overlay(), "data-selection", "3:4"));
        assertNotEquals(rendered, overlay().getDomAttribute("data-rendered"));
        assertNotEquals(wholeCaption, canvasChecksum(), "the map of one word is another picture");
        assertEquals("\u201ccircle\u201d", browser.findElement(By.id("map-title")).getText());
        assertTrue(word("circle").getDomAttribute("class").contains("selected"));

        new Actions(browser).clickAndHold(word("red")).moveToElement(word("circle")).release().perform();
        wait.until(ExpectedConditions.attributeToBe(overlay(), "data-selection", "2:4"));
        assertEquals("\u201cred circle\u201d", browser.findElement(By.id("map-title")).getText());

        WebElement marks = browser.findElement(By.id("marks"));
        int width = marks.getSize().getWidth();
        int height = marks.getSize().getHeight();
        new Actions(browser).moveToElement(marks, -width / 4, -height / 4).clickAndHold()
                .moveByOffset(width / 5, height / 5).moveByOffset(width / 8, height / 8).release().perform();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("box-scores")));
        List<WebElement> chips = browser.findElements(By.cssSelector("#token-scores .chip"));
        assertEquals(7, chips.size(), "one chip per caption token");
        for (WebElement chip : chips) {
            assertTrue(Double.isFinite(Double.parseDouble(chip.getDomAttribute("data-score"))));
        }
        List<WebElement> scored = browser.findElements(By.cssSelector("#words .tok[data-score]"));
        assertEquals(7, scored.size(), "the caption's tokens are coloured by their box scores");
        assertEquals(2, browser.findElements(By.cssSelector("#special-scores .chip")).size(), "BOS and EOS apart");
        assertFalse(browser.findElement(By.id("box-scores")).getDomAttribute("data-box").isBlank());

        saveScreenshot();

        browser.findElement(By.id("text-layer")).sendKeys("0");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "explained"));
        wait.until(ExpectedConditions.attributeToBe(overlay(), "data-selection", "1:8"));
        assertTrue(browser.findElement(By.id("box-scores")).getDomAttribute("hidden") != null,
                "a new explanation starts without a box");
    }

    @Test
    void aFileThatIsNoImageIsRefusedWithAMessage() throws IOException {
        browser.get(server.address().toString());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        Path notAnImage = Files.createTempFile("duet-not-an-image-", ".png");
        try {
            Files.writeString(notAnImage, "this is text, not a picture");
            browser.findElement(By.id("upload")).sendKeys(notAnImage.toRealPath().toString());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
            assertTrue(browser.findElement(By.id("error")).getText().startsWith("not an image Duet can read"),
                    browser.findElement(By.id("error")).getText());
        } finally {
            Files.deleteIfExists(notAnImage);
        }
        Path photo = TinyServer.fixtures().resolve("images").resolve("img4_purple_oval_on_grass.png");
        browser.findElement(By.id("caption")).clear();
        browser.findElement(By.id("caption")).sendKeys("a purple oval on green grass");
        browser.findElement(By.id("upload")).sendKeys(photo.toRealPath().toString());
        wait.until(ExpectedConditions.attributeToBe(overlay(), "data-selection", "1:7"));
        assertTrue(browser.findElement(By.id("upload-hint")).getText().contains("400\u00d7300"));
        assertEquals(ImageStore.EXAMPLES.size() + 1, browser.findElements(By.cssSelector("#examples .thumb")).size(),
                "the upload joins the images to choose from");
    }

    /**
     * The page paints maps itself; at the patch centres of flat background its colours must be
     * those of duet-report's PNG overlay of the same map.
     */
    @Test
    void thePagePaintsWhatThePngOverlayPaints() throws Exception {
        browser.get(server.address().toString());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        WebElement caption = browser.findElement(By.id("caption"));
        caption.clear();
        caption.sendKeys("a red circle and a blue square");
        browser.findElement(By.id("explain")).click();
        wait.until(ExpectedConditions.attributeToBe(overlay(), "data-selection", "1:8"));
        JavascriptExecutor js = browser;
        @SuppressWarnings("unchecked")
        List<Number> map = (List<Number>) js.executeScript("return state.map;");
        float[] values = new float[map.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = map.get(i).floatValue();
        }
        BufferedImage photo = ImageIO.read(
                TinyServer.fixtures().resolve("images").resolve("img0_red_circle_blue_square.png").toFile());
        PatchRegions regions = new PatchRegions(
                new CropGeometry(320, 240, 85, 64, 10, 0, 64, 64), 4, 4, 16);
        ColorScale scale = ColorScale.fitting(values);
        HeatmapOverlay png = new HeatmapOverlay(photo, regions);
        BufferedImage figure = png.render("t", values, scale, List.of()).image();
        AffineTransform toFigure = png.originalToFigure("t", scale);
        int compared = 0;
        for (int patch = 0; patch < regions.patchCount(); patch++) {
            Rect cell = regions.patchRect(patch);
            int x = (int) ((cell.left() + cell.right()) / 2);
            int y = (int) ((cell.top() + cell.bottom()) / 2);
            if (!flat(photo, x, y)) {
                continue;
            }
            Point2D at = toFigure.transform(new Point2D.Double(x + 0.5, y + 0.5), null);
            int expected = figure.getRGB((int) at.getX(), (int) at.getY());
            @SuppressWarnings("unchecked")
            List<Number> actual = (List<Number>) js.executeScript(
                    "const c = document.getElementById('overlay'); const s = c.width / 320;"
                            + "return Array.from(c.getContext('2d').getImageData(Math.floor(arguments[0] * s),"
                            + " Math.floor(arguments[1] * s), 1, 1).data);", x + 0.5, y + 0.5);
            for (int channel = 0; channel < 3; channel++) {
                int want = (expected >> (16 - 8 * channel)) & 0xff;
                int got = actual.get(channel).intValue();
                assertTrue(Math.abs(want - got) <= 6, "patch " + patch + " channel " + channel + ": page " + got
                        + ", PNG " + want);
            }
            compared++;
        }
        assertTrue(compared >= 4, "enough flat patches compared: " + compared);
    }

    /** The photo has one colour around (x, y), so resampling cannot change it. */
    private static boolean flat(BufferedImage photo, int x, int y) {
        int colour = photo.getRGB(x, y);
        for (int dy = -6; dy <= 6; dy++) {
            for (int dx = -6; dx <= 6; dx++) {
                if (photo.getRGB(x + dx, y + dy) != colour) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void saveScreenshot() throws IOException {
        String docs = System.getProperty("duet.docs");
        if (docs == null || docs.isBlank()) {
            return;
        }
        Path folder = Path.of(docs);
        Files.createDirectories(folder);
        Files.write(folder.resolve("serve.png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
