/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.model.SentenceEncoder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in its texts mode, in Chromium, over the tiny sentence-transformers BERT checkpoint:
 * two texts typed, Explain clicked, the grid has a cell per pair of tokens holding the API's
 * numbers (first text down, second across), tokens carry their row and column sums, hovering
 * reads a cell out; saves a screenshot to docs/serve-texts.png when {@code -Dduet.docs} names the docs folder.
 */
class TextPairPageInBrowserTest {

    private static final String FIRST = "A photo of a cat.";
    private static final String SECOND = "a cat photo";

    private static DuetServer server;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        SentenceEncoder model = SentenceEncoder.load(Path.of(System.getProperty("duet.bert")));
        ServerOptions options = ServerOptions.defaults().withAddress(ServerOptions.LOOPBACK, 0).withThreads(2);
        server = DuetServer.start(model, "bert-tiny", options, System.err);
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

    /** The same pair and settings through the API, as the page sends them by default. */
    private static JsonNode fromTheApi() throws Exception {
        String body = Exchanges.JSON.createObjectNode().put("first", FIRST).put("second", SECOND).put("layer", 1)
                .put("normalization", "exact").put("quadrature", "adaptive").put("steps", 8).toString();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.address().resolve("/api/explain-texts")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Exchanges.JSON.readTree(response.body());
    }

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    @Test
    void explainTwoTextsAndReadTheGrid() throws Exception {
        browser.get(server.address().toString());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertFalse(browser.findElement(By.id("image-field")).isDisplayed(), "no images in texts mode");
        assertFalse(browser.findElement(By.id("caption")).isDisplayed());
        assertFalse(browser.findElement(By.id("image-layer")).isDisplayed());
        Select layer = new Select(browser.findElement(By.id("text-layer")));
        assertEquals(2, layer.getOptions().size(), "the tiny checkpoint's two blocks");
        assertEquals("1", layer.getFirstSelectedOption().getDomAttribute("value"));

        type("first", FIRST);
        type("second", SECOND);
        browser.findElement(By.id("explain-texts")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("matrix"), "data-rows", "8"));
        WebElement matrix = browser.findElement(By.id("matrix"));
        assertEquals("5", matrix.getDomAttribute("data-cols"));
        List<WebElement> cells = matrix.findElements(By.cssSelector("td.cell"));
        assertEquals(8 * 5, cells.size(), "one cell per token of the first text and token of the second");
        List<WebElement> rowHeads = matrix.findElements(By.cssSelector("th.row-head"));
        List<WebElement> columnHeads = matrix.findElements(By.cssSelector("th.col-head"));
        assertEquals(8, rowHeads.size());
        assertEquals(5, columnHeads.size());
        assertEquals("cat", rowHeads.get(5).getText());
        assertEquals("cat", columnHeads.get(2).getText());
        assertEquals(2, matrix.findElements(By.cssSelector("th.row-head.special")).size(), "[CLS] and [SEP]");
        assertEquals(8, browser.findElements(By.cssSelector("#first-tokens .tok-sum")).size());
        assertEquals(5, browser.findElements(By.cssSelector("#second-tokens .tok-sum")).size());

        JsonNode api = fromTheApi();
        assertTrue(api.get("cached").asBoolean(), "the page asked the same");
        JsonNode rows = api.get("interactions");
        double largest = 0;
        WebElement strongest = null;
        for (WebElement cell : cells) {
            int i = Integer.parseInt(cell.getDomAttribute("data-row"));
            int j = Integer.parseInt(cell.getDomAttribute("data-col"));
            double value = Double.parseDouble(cell.getDomAttribute("data-value"));
            assertEquals(rows.get(i).get(j).asDouble(), value, 0, "cell " + i + ", " + j);
            if (Math.abs(value) > largest) {
                largest = Math.abs(value);
                strongest = cell;
            }
        }
        for (int i = 0; i < 8; i++) {
            double sum = 0;
            for (JsonNode value : rows.get(i)) {
                sum += value.asDouble();
            }
            assertEquals(sum, Double.parseDouble(rowHeads.get(i).getDomAttribute("data-value")), 1e-12, "row " + i);
            assertEquals(sum, Double.parseDouble(browser.findElements(By.cssSelector("#first-tokens .tok-sum")).get(i)
                    .getDomAttribute("data-value")), 1e-12, "the first text's token " + i);
        }
        // the strongest cell takes the colour map's end on its side
        JsonNode colormap = Exchanges.JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.address().resolve("/api/info")).build(), HttpResponse.BodyHandlers.ofString()).body()).get("colormap");
        double strongestValue = Double.parseDouble(strongest.getDomAttribute("data-value"));
        int rgb = colormap.get(strongestValue > 0 ? 256 : 0).asInt();
        assertEquals("rgb(" + (rgb >> 16 & 255) + ", " + (rgb >> 8 & 255) + ", " + (rgb & 255) + ")",
                strongest.getCssValue("background-color").replace("rgba", "rgb").replace(", 1)", ")"));

        double similarity = api.get("similarity").asDouble();
        assertEquals(similarity, Double.parseDouble(browser.findElement(By.id("pair-similarity")).getText()
                .replace('\u2212', '-')), 1e-4);
        assertFalse(browser.findElement(By.id("pair-error")).getText().isBlank());

        new Actions(browser).moveToElement(cells.get(5 * 5 + 2)).perform();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("readout"), "\u201ccat\u201d \u00d7 \u201ccat\u201d"));
        assertTrue(rowHeads.get(5).getDomAttribute("class").contains("crossed"), "the hovered cell's row is marked");
        new Actions(browser).moveToElement(columnHeads.get(3)).perform();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("readout"), "\u201cphoto\u201d, second text"));
        assertTrue(columnHeads.get(3).getDomAttribute("class").contains("crossed"), "a hovered token's header is marked");
        assertFalse(rowHeads.get(5).getDomAttribute("class").contains("crossed"), "and the cell's row no longer");

        saveScreenshot();

        layer.selectByValue("0");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pair-about"), "input of block 0"));
        assertEquals(8 * 5, browser.findElements(By.cssSelector("#matrix td.cell")).size());
    }

    @Test
    void aMissingTextIsSaidInALine() {
        browser.get(server.address().toString());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        browser.findElement(By.id("second")).clear();
        browser.findElement(By.id("explain-texts")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertEquals("type both texts", browser.findElement(By.id("error")).getText());
    }

    private static void saveScreenshot() throws IOException {
        String docs = System.getProperty("duet.docs");
        if (docs == null || docs.isBlank()) {
            return;
        }
        Path folder = Path.of(docs);
        Files.createDirectories(folder);
        Files.write(folder.resolve("serve-texts.png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
