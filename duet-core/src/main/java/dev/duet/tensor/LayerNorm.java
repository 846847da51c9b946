package dev.duet.tensor;

/**
 * LayerNorm over the last axis, {@code y = g * xh + b}, {@code xh = (x - mean x) * rstd},
 * {@code rstd = 1 / sqrt(var x + eps)} (biased variance), with its tangent and gradient rules.
 * Shapes: x, y, xh [rows][D]; g, b [D]; rstd [rows].
 */
public final class LayerNorm {

    private LayerNorm() {
    }

    /** Forward over rows; saves {@code normalized} (xh) and {@code rstd} when they are not null. */
    public static void forward(float[] y, float[] x, float[] gain, float[] bias, int rows, int width, float eps,
                               float[] normalized, float[] rstd) {
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            float mean = 0f;
            for (int i = 0; i < width; i++) {
                mean += x[base + i];
            }
            mean /= width;
            float variance = 0f;
            for (int i = 0; i < width; i++) {
                float centred = x[base + i] - mean;
                variance += centred * centred;
            }
            variance /= width;
            float inverse = (float) (1.0 / Math.sqrt(variance + eps));
            if (rstd != null) {
                rstd[r] = inverse;
            }
            for (int i = 0; i < width; i++) {
                float xh = (x[base + i] - mean) * inverse;
                if (normalized != null) {
                    normalized[base + i] = xh;
                }
                y[base + i] = gain[i] * xh + bias[i];
            }
        }
    }

    /**
     * Tangent rule (method.md section 4) for {@code directions} tangents sharing one primal:
     * {@code t_xh = (t_x - mean(t_x) - xh * mean(xh * t_x)) * rstd}, {@code t_y = g * t_xh}.
     * Tangents are laid out [directions][rows][D]; {@code tOut} may be {@code tIn}.
     */
    public static void tangent(float[] tOut, float[] tIn, float[] normalized, float[] rstd, float[] gain,
                               int rows, int width, int directions) {
        for (int s = 0; s < directions; s++) {
            for (int r = 0; r < rows; r++) {
                int base = (s * rows + r) * width;
                tangentRow(tOut, base, tIn, base, normalized, r * width, rstd[r], gain, width);
            }
        }
    }

    /** The same rule with the directions split over the workers of {@code parallel}. */
    public static void tangent(Parallel parallel, float[] tOut, float[] tIn, float[] normalized, float[] rstd, float[] gain,
                               int rows, int width, int directions) {
        parallel.forRange(directions, 1, (from, to) -> {
            for (int s = from; s < to; s++) {
                for (int r = 0; r < rows; r++) {
                    int base = (s * rows + r) * width;
                    tangentRow(tOut, base, tIn, base, normalized, r * width, rstd[r], gain, width);
                }
            }
        });
    }

    /** The tangent rule for one row: tangent at {@code tOffset}, its primal's xh at {@code primalOffset}. */
    public static void tangentRow(float[] tOut, int outOffset, float[] tIn, int inOffset,
                                  float[] normalized, int primalOffset, float rstd, float[] gain, int width) {
        float mean = 0f;
        float projection = 0f;
        for (int i = 0; i < width; i++) {
            float t = tIn[inOffset + i];
            mean += t;
            projection += normalized[primalOffset + i] * t;
        }
        mean /= width;
        projection /= width;
        for (int i = 0; i < width; i++) {
            float txh = (tIn[inOffset + i] - mean - normalized[primalOffset + i] * projection) * rstd;
            tOut[outOffset + i] = gain[i] * txh;
        }
    }

    /**
     * Gradient rule: given dy [rows][D], accumulates {@code dGain += dy * xh}, {@code dBias += dy}
     * and writes {@code dx = rstd * (dxh - mean(dxh) - xh * mean(dxh * xh))}, {@code dxh = g * dy}.
     * dGain and dBias may be null for a frozen LayerNorm.
     */
    public static void backward(float[] dx, float[] dGain, float[] dBias, float[] dy, float[] normalized, float[] rstd,
                                float[] gain, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            float mean = 0f;
            float projection = 0f;
            for (int i = 0; i < width; i++) {
                float dxh = gain[i] * dy[base + i];
                mean += dxh;
                projection += dxh * normalized[base + i];
                if (dGain != null) {
                    dGain[i] += dy[base + i] * normalized[base + i];
                }
                if (dBias != null) {
                    dBias[i] += dy[base + i];
                }
            }
            mean /= width;
            projection /= width;
            for (int i = 0; i < width; i++) {
                float dxh = gain[i] * dy[base + i];
                dx[base + i] = rstd[r] * (dxh - mean - normalized[base + i] * projection);
            }
        }
    }
}
