package dev.duet.world;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Speed floors on one thread; measured after a warm-up round so the JIT has compiled the loops. */
@Tag("slow")
class WorldThroughputTest {

    @TempDir
    Path dir;

    @Test
    void thousandsOfSmallScenesPerSecondInMemory() {
        SceneGenerator generator = new SceneGenerator(WorldSpec.standard().withImageSize(64));
        int count = 4000;
        double best = 0;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            long captions = generator.scenes(round, 0, count).mapToLong(scene -> scene.captions().size()).sum();
            double perSecond = count / ((System.nanoTime() - start) / 1e9);
            best = Math.max(best, perSecond);
            assertTrue(captions > count);
        }
        System.out.printf("64x64 scenes in memory: %.0f per second (best of 3 rounds of %d)%n", best, count);
        assertTrue(best > 1500, "only " + best + " scenes per second");
    }

    @Test
    void writingPngAndJson() throws IOException {
        WorldSpec spec = WorldSpec.standard().withImageSize(64);
        WorldGenerator.write(dir.resolve("warm"), spec, 500, 1);
        long start = System.nanoTime();
        WorldGenerator.write(dir.resolve("world"), spec, 2000, 2);
        double perSecond = 2000 / ((System.nanoTime() - start) / 1e9);
        System.out.printf("64x64 scenes written as PNG + COCO JSON: %.0f per second%n", perSecond);
        assertTrue(perSecond > 300, "only " + perSecond + " scenes per second");
    }
}
