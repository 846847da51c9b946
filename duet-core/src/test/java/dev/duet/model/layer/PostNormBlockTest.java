package dev.duet.model.layer;

import dev.duet.tensor.Activation;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.duet.model.layer.TransformerBlockBackwardTest.dot;
import static dev.duet.model.layer.TransformerBlockBackwardTest.gaussian;

/**
 * BERT's post-LN block and mean pooling: padding leaves the attended rows as they are without it,
 * and the mean's scatter is its transpose. The block's tangent and cotangent rules are checked
 * with the others in {@code TangentRulesTest}.
 */
class PostNormBlockTest {

    private static final int ROWS = 6;
    private static final int KEYS = 4;

    /** The random pre-LN block's weights of {@link TransformerBlockBackwardTest}, read as BERT's post-LN block. */
    private static PostNormBlock block(Random random) {
        TransformerBlock shape = TransformerBlockBackwardTest.randomBlock(random, false);
        return new PostNormBlock(shape.weights(), shape.width(), shape.intermediate(), shape.heads(), Activation.GELU,
                1e-12f);
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
}
