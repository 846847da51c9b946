package dev.duet.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.image.PatchRegions;
import dev.duet.image.PatchRegions.Rect;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Writes one of each picture for people to look at: into target/report-samples, or the folder
 * named by -Dduet.report.samples.
 */
class SamplePicturesTest {

    @Test
    void writeSamples() throws Exception {
        Path folder = Path.of(System.getProperty("duet.report.samples", "target/report-samples"));
        BufferedImage photo = Scenes.redCircle();
        PatchRegions regions = Scenes.CLIP_320X240;
        float[] circle = Scenes.plus(Scenes.bump(regions, 100, 120, 28, 0.042),
                Scenes.bump(regions, 235, 125, 22, -0.018));
        Box selected = new Box(new Rect(40, 60, 160, 180), "selected");

        new HeatmapOverlay(photo, regions).render("\u201ca red circle\u201d", circle,
                ColorScale.fitting(circle), List.of(selected)).writePng(folder.resolve("overlay.png"));

        float[] square = Scenes.plus(Scenes.bump(regions, 235, 125, 25, 0.03),
                Scenes.bump(regions, 100, 120, 30, -0.012));
        float[] article = Scenes.bump(regions, 160, 60, 60, 0.004);
        float[] and = Scenes.bump(regions, 160, 200, 40, -0.006);
        new SmallMultiples(photo, regions).render("a red circle and a blue square",
                List.of(new SmallMultiples.Panel("red circle", circle),
                        new SmallMultiples.Panel("blue square", square),
                        new SmallMultiples.Panel("a", article),
                        new SmallMultiples.Panel("and", and)))
                .writePng(folder.resolve("small-multiples.png"));

        String caption = "a red circle and a blue square, photographed sideways";
        List<TokenHighlight.TokenScore> tokens = List.of(
                new TokenHighlight.TokenScore(0, 1, 0.0021),
                new TokenHighlight.TokenScore(2, 5, 0.031),
                new TokenHighlight.TokenScore(6, 12, 0.044),
                new TokenHighlight.TokenScore(13, 16, -0.004),
                new TokenHighlight.TokenScore(17, 18, 0.0008),
                new TokenHighlight.TokenScore(19, 23, -0.021),
                new TokenHighlight.TokenScore(24, 30, -0.035),
                new TokenHighlight.TokenScore(30, 31, 0.0),
                new TokenHighlight.TokenScore(32, 38, 0.006),
                new TokenHighlight.TokenScore(38, 44, 0.011),
                new TokenHighlight.TokenScore(45, 49, -0.009),
                new TokenHighlight.TokenScore(49, 53, -0.002));
        new TokenHighlight().render("tokens for the selected region", caption, tokens,
                List.of(new TokenHighlight.SpecialScore("BOS", 0.0012),
                        new TokenHighlight.SpecialScore("EOS", 0.087),
                        new TokenHighlight.SpecialScore("CLS", -0.013)))
                .writePng(folder.resolve("tokens.png"));

        new ColorBar(ColorScale.symmetric(4.7e-4), "contribution to similarity")
                .render(ColorBar.Orientation.HORIZONTAL, 420).writePng(folder.resolve("bar.png"));

        // a tall photo with a large cropped-away margin and a small map
        BufferedImage tall = new BufferedImage(240, 480, BufferedImage.TYPE_INT_RGB);
        var g = tall.createGraphics();
        g.drawImage(photo, 0, 0, 240, 180, null);
        g.drawImage(photo, 0, 180, 240, 300, null);
        g.dispose();
        PatchRegions tallRegions = new PatchRegions(
                new dev.duet.image.CropGeometry(240, 480, 224, 448, 0, 112, 224, 224), 14, 14, 16);
        float[] tallMap = Scenes.bump(tallRegions, 120, 240, 40, 3e-5);
        new HeatmapOverlay(tall, tallRegions).render("a long caption that will not fit on one line of the title, so it is cut", tallMap)
                .writePng(folder.resolve("overlay-tall.png"));

        assertTrue(Files.size(folder.resolve("overlay.png")) > 1000);
    }
}
