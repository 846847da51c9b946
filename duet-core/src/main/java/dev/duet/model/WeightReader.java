package dev.duet.model;

import dev.duet.model.safetensors.SafetensorsException;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.TensorInfo;

import java.util.Arrays;

/** Reads named tensors from a checkpoint, checking each one's shape against what the config implies. */
final class WeightReader {

    private final SafetensorsFile file;

    WeightReader(SafetensorsFile file) {
        this.file = file;
    }

    SafetensorsFile file() {
        return file;
    }

    float[] read(String name, long... expectedShape) {
        TensorInfo info = file.info(name);
        if (!Arrays.equals(info.shape(), expectedShape)) {
            throw new SafetensorsException(file.path(), SafetensorsException.Reason.SIZE_MISMATCH,
                    "tensor '" + name + "' has shape " + info.shapeText() + " but the config implies "
                            + Arrays.toString(expectedShape));
        }
        return file.readFloats(name);
    }

    /** A scalar stored 0-dimensional (hub checkpoints) or with shape [1]. */
    float readScalar(String name) {
        TensorInfo info = file.info(name);
        if (info.elementCount() != 1) {
            throw new SafetensorsException(file.path(), SafetensorsException.Reason.SIZE_MISMATCH,
                    "tensor '" + name + "' should hold one value, has shape " + info.shapeText());
        }
        return file.readFloats(name)[0];
    }

    /** Stacks row blocks [a][in], [b][in], ... into one [a + b + ...][in] array. */
    static float[] concatenate(float[]... parts) {
        int total = 0;
        for (float[] part : parts) {
            total += part.length;
        }
        float[] joined = new float[total];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }

    /** [rows][cols] -> [cols][rows]. */
    static float[] transpose(float[] matrix, int rows, int cols) {
        float[] transposed = new float[matrix.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                transposed[c * rows + r] = matrix[r * cols + c];
            }
        }
        return transposed;
    }
}
