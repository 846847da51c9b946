package dev.duet.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.image.CropGeometry;
import dev.duet.image.PatchRegions;
import dev.duet.image.PatchRegions.Rect;
import dev.duet.report.SmallMultiples.Panel;
import dev.duet.report.TokenHighlight.SpecialScore;
import dev.duet.report.TokenHighlight.TokenScore;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Writes one of each picture for people to look at: into target/report-samples, or the folder
 * named by -Dduet.report.samples.
 */
class SamplePicturesTest {

    private final Path folder =
            Path.of(System.getProperty("duet.report.samples", "target/report-samples"));

    @Test
    void overlaysAndSmallMultiples() throws Exception {
        BufferedImage photo = Scenes.redCircle();
        PatchRegions regions = Scenes.CLIP_320X240;
        float[] circle = Scenes.plus(Scenes.bump(regions, 100, 120, 28, 0.042),
                Scenes.bump(regions, 235, 125, 22, -0.018));
        Box selected = new Box(new Rect(40, 60, 160, 180), "selected");
        new HeatmapOverlay(photo, regions).render("\u201ca red circle\u201d", circle,
                ColorScale.fitting(circle), List.of(selected))
                .writePng(folder.resolve("overlay.png"));

        float[] square = Scenes.plus(Scenes.bump(regions, 235, 125, 25, 0.03),
                Scenes.bump(regions, 100, 120, 30, -0.012));
        float[] article = Scenes.bump(regions, 160, 60, 60, 0.004);
        float[] and = Scenes.bump(regions, 160, 200, 40, -0.006);
        new SmallMultiples(photo, regions).render("a red circle and a blue square",
                List.of(new Panel("red circle", circle), new Panel("blue square", square),
                        new Panel("a", article), new Panel("and", and)))
                .writePng(folder.resolve("small-multiples.png"));
        assertTrue(Files.size(folder.resolve("overlay.png")) > 1000);
    }

    @Test
    void tallPhotoWithLongTitle() {
        BufferedImage photo = Scenes.redCircle();
        BufferedImage tall = new BufferedImage(240, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tall.createGraphics();
        g.drawImage(photo, 0, 0, 240, 180, null);
        g.drawImage(photo, 0, 180, 240, 300, null);
        g.dispose();
        PatchRegions regions = new PatchRegions(
                new CropGeometry(240, 480, 224, 448, 0, 112, 224, 224), 14, 14, 16);
        new HeatmapOverlay(tall, regions).render("a long caption that will not fit on one line "
                        + "of the title, so it wraps onto a second line and is cut after that",
                Scenes.bump(regions, 120, 240, 40, 3e-5))
                .writePng(folder.resolve("overlay-tall.png"));
    }

    /** The tiny fixture model's coarse 4x4 grid on a fixture photo: one patch hot, one cold. */
    @Test
    void coarseGridOnAFixturePhoto() throws Exception {
        Path photo = Path.of(System.getProperty("duet.shared"), "fixtures", "images",
                "img0_red_circle_blue_square.png");
        PatchRegions coarse = new PatchRegions(
                new CropGeometry(320, 240, 85, 64, 10, 0, 64, 64), 4, 4, 16);
        float[] map = new float[16];
        map[5] = 0.8f;
        map[6] = 0.1f;
        map[7] = -0.5f;
        new HeatmapOverlay(ImageIO.read(photo.toFile()), coarse)
                .render("4\u00d74 grid: patch (1, 1) positive, (1, 3) negative", map,
                        ColorScale.fitting(map), List.of(new Box(coarse.patchRect(5), "patch 5")))
                .writePng(folder.resolve("overlay-coarse.png"));
    }

    @Test
    void tokensAndColourBar() {
        String caption = "a red circle and a blue square, photographed sideways";
        List<TokenScore> tokens = List.of(
                new TokenScore(0, 1, 0.0021), new TokenScore(2, 5, 0.031),
                new TokenScore(6, 12, 0.044), new TokenScore(13, 16, -0.004),
                new TokenScore(17, 18, 0.0008), new TokenScore(19, 23, -0.021),
                new TokenScore(24, 30, -0.035), new TokenScore(30, 31, 0.0),
                new TokenScore(32, 38, 0.006), new TokenScore(38, 44, 0.011),
                new TokenScore(45, 49, -0.009), new TokenScore(49, 53, -0.002));
        new TokenHighlight().render("tokens for the selected region", caption, tokens,
                List.of(new SpecialScore("BOS", 0.0012), new SpecialScore("EOS", 0.087),
                        new SpecialScore("CLS", -0.013)))
                .writePng(folder.resolve("tokens.png"));
        new ColorBar(ColorScale.symmetric(4.7e-4), "contribution to similarity")
                .render(ColorBar.Orientation.HORIZONTAL, 420).writePng(folder.resolve("bar.png"));
    }
}
