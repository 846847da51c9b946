package dev.duet.model.layer;

import dev.duet.tensor.Activation;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BERT's post-LN block and mean pooling: the tangent against central finite differences of the
 * forward (with padding rows), the cotangent as the tangent's transpose, and padding that leaves
 * the attended rows as they are without it.
 */
class PostNormBlockTest {

    private static final int ROWS = 6;
    private static final int KEYS = 4;
    private static final int WIDTH = 8;
    private static final int HEADS = 2;
    private static final int INTERMEDIATE = 12;
    private static final double EPSILON = 1e-2;

    private static float[] random(Random random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    private static PostNormBlock block(Random random) {
        int d = WIDTH;
        int i = INTERMEDIATE;
        BlockWeights weights = new BlockWeights(random(random, d, 0.5), random(random, d, 0.2),
                random(random, 3 * d * d, 0.4), random(random, 3 * d, 0.2), random(random, d * d, 0.4),
                random(random, d, 0.2), random(random, d, 0.5), random(random, d, 0.2), random(random, i * d, 0.4),
                random(random, i, 0.2), random(random, d * i, 0.4), random(random, d, 0.2));
        for (float[] gain : new float[][] {weights.norm1Gain(), weights.norm2Gain()}) {
            for (int k = 0; k < d; k++) {
                gain[k] += 1f;
            }
        }
        return new PostNormBlock(weights, d, i, HEADS, Activation.GELU, 1e-12f);
    }

    private static float[] forward(PostNormBlock block, float[] x) {
        float[] y = x.clone();
        block.forward(Parallel.serial(), y, block.inferenceTrace(ROWS, new int[] {KEYS}));
        return y;
    }

    @Test
    void tangentEqualsCentralFiniteDifferencesOfTheForward() {
        Random random = new Random(3);
        PostNormBlock block = block(random);
        float[] x = random(random, ROWS * WIDTH, 1);
        int directions = 3;
        float[] v = random(random, directions * ROWS * WIDTH, 1);
        PostNormBlock.Trace trace = block.derivativeTrace(ROWS, KEYS);
        block.forward(Parallel.serial(), x.clone(), trace);
        float[] tangents = block.tangent(Parallel.serial(), trace, v, directions);
        for (int s = 0; s < directions; s++) {
            float[] direction = Arrays.copyOfRange(v, s * ROWS * WIDTH, (s + 1) * ROWS * WIDTH);
            float[] expected = finiteDifference(input -> forward(block, input), x, direction);
            float[] actual = Arrays.copyOfRange(tangents, s * ROWS * WIDTH, (s + 1) * ROWS * WIDTH);
            assertClose(expected, actual, "direction " + s);
        }
    }

    @Test
    void cotangentIsTheTransposeOfTheTangent() {
        Random random = new Random(4);
        PostNormBlock block = block(random);
        float[] x = random(random, ROWS * WIDTH, 1);
        PostNormBlock.Trace trace = block.derivativeTrace(ROWS, KEYS);
        block.forward(Parallel.serial(), x.clone(), trace);
        int count = 2;
        float[] v = random(random, count * ROWS * WIDTH, 1);
        float[] w = random(random, count * ROWS * WIDTH, 1);
        float[] jv = block.tangent(Parallel.serial(), trace, v, count);
        float[] jtw = block.cotangent(Parallel.serial(), trace, w, count);
        double left = dot(jv, w);
        double right = dot(v, jtw);
        assertEquals(left, right, 1e-4 * Math.max(1, Math.abs(left)), "<J v, w> = <v, J^T w>");
    }

    @Test
    void paddedRowsLeaveTheAttendedRowsAsWithoutPadding() {
        Random random = new Random(5);
        PostNormBlock block = block(random);
        float[] padded = random(random, 2 * ROWS * WIDTH, 1);
        float[] alone = Arrays.copyOfRange(padded, ROWS * WIDTH, ROWS * WIDTH + KEYS * WIDTH);
        block.forward(Parallel.serial(), padded, block.inferenceTrace(ROWS, new int[] {ROWS, KEYS}));
        block.forward(Parallel.serial(), alone, block.inferenceTrace(KEYS, new int[] {KEYS}));
        float[] attended = Arrays.copyOfRange(padded, ROWS * WIDTH, ROWS * WIDTH + KEYS * WIDTH);
        for (int i = 0; i < alone.length; i++) {
            assertEquals(alone[i], attended[i], 1e-5, "element " + i);
        }
    }

    @Test
    void meanPoolingAveragesTheAttendedRowsAndItsScatterIsTheTranspose() {
        Random random = new Random(6);
        int[] keys = {ROWS, 2};
        float[] x = random(random, 2 * ROWS * WIDTH, 1);
        float[] pooled = Pooling.mean(x, ROWS, WIDTH, keys);
        float expected = 0;
        for (int r = 0; r < 2; r++) {
            expected += x[(ROWS + r) * WIDTH + 3];
        }
        assertEquals(expected / 2, pooled[WIDTH + 3], 1e-6);
        float[] w = random(random, 2 * WIDTH, 1);
        assertEquals(dot(pooled, w), dot(x, Pooling.meanScatter(w, ROWS, WIDTH, keys)), 1e-4);
        assertArrayEquals(new float[WIDTH], Arrays.copyOfRange(Pooling.meanScatter(w, ROWS, WIDTH, keys),
                (ROWS + 2) * WIDTH, (ROWS + 3) * WIDTH));
    }

    private static float[] finiteDifference(Function<float[], float[]> f, float[] x, float[] v) {
        float[] plus = x.clone();
        float[] minus = x.clone();
        for (int i = 0; i < x.length; i++) {
            plus[i] += (float) (EPSILON * v[i]);
            minus[i] -= (float) (EPSILON * v[i]);
        }
        float[] high = f.apply(plus);
        float[] low = f.apply(minus);
        float[] difference = new float[high.length];
        for (int i = 0; i < high.length; i++) {
            difference[i] = (float) ((high[i] - low[i]) / (2 * EPSILON));
        }
        return difference;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(scale > 1e-2, what + ": a vanishing tangent tests nothing");
        assertTrue(worst <= 3e-3 * scale, what + ": tangent differs from finite difference by " + worst + " (scale "
                + scale + ")");
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
