/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static final Pattern EMBEDDED = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    @Test
    void oneSelfContainedFileWithEveryFigureEmbedded() throws Exception {
        String caption = "a red circle & a <b>blue</b> square";
        ReportEntry first = entry(caption, "img0_red_circle_blue_square.png");
        ReportEntry second = entry("a green triangle", "img1_green_triangle.png");
        String html = new HtmlReport("Two pairs", "models/tiny").render(List.of(first, second));

        assertFalse(html.contains("http://"), "no network at view time");
        assertFalse(html.contains("https://"), "no network at view time");
        assertFalse(html.contains("<link"), "no external style sheet");
        assertFalse(html.contains("<script"), "no script needed");
        assertTrue(html.contains("a red circle &amp; a &lt;b&gt;blue&lt;/b&gt; square"), "caption escaped");
        assertFalse(html.contains("<b>blue</b>"));

        Matcher images = EMBEDDED.matcher(html);
        int count = 0;
        while (images.find()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.group(1))));
            assertNotNull(image, "embedded picture " + count + " is a PNG");
            assertTrue(image.getWidth() > 50 && image.getHeight() > 50);
            count++;
        }
        // per pair: whole map, tokens, words, and up to 3 + 3 strongest interactions
        assertTrue(count >= 2 * 4, "figures embedded: " + count);
        assertEquals(count, html.split("<img ", -1).length - 1, "every image is embedded");

        assertTrue(html.contains(Html.number(first.pair().attributions().similarity())), "similarity shown");
        assertTrue(html.contains(Html.signed(first.pair().attributions().completeness().target())), "target shown");
        assertTrue(html.contains("image CLS column") && html.contains("caption BOS row") && html.contains("caption EOS row"));
        assertTrue(html.contains("href=\"#pair-2\""), "contents link to each pair");
        assertTrue(html.contains("<th>image preprocessing</th><td>" + first.pair().image().pipeline().cliName() + " order</td>"),
                "the preprocessing order shown");

        Path samples = Path.of(System.getProperty("duet.report.samples", "target/report-samples"));
        Files.createDirectories(samples);
        Files.writeString(samples.resolve("report.html"), html, StandardCharsets.UTF_8);
    }

    @Test
    void numbersUseATrueMinusAndShowTinyValues() {
        assertEquals("\u22120.1235", Html.number(-0.123456));
        assertEquals("+1.20e\u221207", Html.signed(1.2e-7));
        assertEquals("0", Html.number(0));
        assertEquals("12.5%", Html.percent(0.125));
    }

    private static ReportEntry entry(String caption, String image) {
        return new ReportEntry(TinyPairs.explain(caption, image), Photo.read(TinyPairs.image(image)), image);
    }
}
