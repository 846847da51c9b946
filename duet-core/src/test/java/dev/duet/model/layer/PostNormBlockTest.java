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
import static dev.duet.model.layer.TransformerBlockBackwardTest.dot;
import static dev.duet.model.layer.TransformerBlockBackwardTest.gaussian;

/**
 * BERT's post-LN block and mean pooling: the tangent against central finite differences of the
 * forward (with padding rows), the cotangent as the tangent's transpose, and padding that leaves
 * the attended rows as they are without it.
 */
class PostNormBlockTest {

    private static final int ROWS = 6;
    private static final int KEYS = 4;
    private static final double EPSILON = 1e-2;

    /** The random pre-LN block's weights of {@link TransformerBlockBackwardTest}, read as BERT's post-LN block. */
    private static PostNormBlock block(Random random) {
        TransformerBlock shape = TransformerBlockBackwardTest.randomBlock(random, false);
        return new PostNormBlock(shape.weights(), shape.width(), shape.intermediate(), shape.heads(), Activation.GELU,
                1e-12f);
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
        int width = block.width();
        float[] x = gaussian(random, ROWS * width, 1);
        int directions = 3;
        float[] v = gaussian(random, directions * ROWS * width, 1);
        PostNormBlock.Trace trace = block.derivativeTrace(ROWS, KEYS);
        block.forward(Parallel.serial(), x.clone(), trace);
        float[] tangents = block.tangent(Parallel.serial(), trace, v, directions);
        for (int s = 0; s < directions; s++) {
            float[] direction = Arrays.copyOfRange(v, s * ROWS * width, (s + 1) * ROWS * width);
            float[] expected = finiteDifference(input -> forward(block, input), x, direction);
            float[] actual = Arrays.copyOfRange(tangents, s * ROWS * width, (s + 1) * ROWS * width);
            assertClose(expected, actual, "direction " + s);
        }
    }

    @Test
    void cotangentIsTheTransposeOfTheTangent() {
        Random random = new Random(4);
        PostNormBlock block = block(random);
        int width = block.width();
        float[] x = gaussian(random, ROWS * width, 1);
        PostNormBlock.Trace trace = block.derivativeTrace(ROWS, KEYS);
        block.forward(Parallel.serial(), x.clone(), trace);
        int count = 2;
        float[] v = gaussian(random, count * ROWS * width, 1);
        float[] w = gaussian(random, count * ROWS * width, 1);
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
        int width = block.width();
        float[] padded = gaussian(random, 2 * ROWS * width, 1);
        float[] alone = Arrays.copyOfRange(padded, ROWS * width, ROWS * width + KEYS * width);
        block.forward(Parallel.serial(), padded, block.inferenceTrace(ROWS, new int[] {ROWS, KEYS}));
        block.forward(Parallel.serial(), alone, block.inferenceTrace(KEYS, new int[] {KEYS}));
        float[] attended = Arrays.copyOfRange(padded, ROWS * width, ROWS * width + KEYS * width);
        for (int i = 0; i < alone.length; i++) {
            assertEquals(alone[i], attended[i], 1e-5, "element " + i);
        }
    }

    @Test
    void meanPoolingAveragesTheAttendedRowsAndItsScatterIsTheTranspose() {
        Random random = new Random(6);
        int[] keys = {ROWS, 2};
        int width = 8;
        float[] x = gaussian(random, 2 * ROWS * width, 1);
        float[] pooled = Pooling.mean(x, ROWS, width, keys);
        float expected = 0;
        for (int r = 0; r < 2; r++) {
            expected += x[(ROWS + r) * width + 3];
        }
        assertEquals(expected / 2, pooled[width + 3], 1e-6);
        float[] w = gaussian(random, 2 * width, 1);
        assertEquals(dot(pooled, w), dot(x, Pooling.meanScatter(w, ROWS, width, keys)), 1e-4);
        assertArrayEquals(new float[width], Arrays.copyOfRange(Pooling.meanScatter(w, ROWS, width, keys),
                (ROWS + 2) * width, (ROWS + 3) * width));
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
}
