package dev.duet.model.layer;

/**
 * A tower's pooling by row selection: of states [B][T][D], row {@code pooled[b]} of sequence b
 * (CLIP's text tower: the EOS row; its vision tower: the CLS row 0). Its tangent is the same
 * selection, and its cotangent and gradient the scatter back.
 */
public final class Pooling {

    private Pooling() {
    }

    /** The pooled rows [B][D] of x [B][T][D]. */
    public static float[] select(float[] x, int rows, int width, int[] pooled) {
        float[] out = new float[pooled.length * width];
        for (int b = 0; b < pooled.length; b++) {
            System.arraycopy(x, (b * rows + pooled[b]) * width, out, b * width, width);
        }
        return out;
    }

    /** The gradient [B][T][D] of x from that of the pooled rows [B][D]: zero off the pooled rows. */
    public static float[] scatter(float[] dPooled, int rows, int width, int[] pooled) {
        float[] dX = new float[pooled.length * rows * width];
        for (int b = 0; b < pooled.length; b++) {
            System.arraycopy(dPooled, b * width, dX, (b * rows + pooled[b]) * width, width);
        }
        return dX;
    }
}
