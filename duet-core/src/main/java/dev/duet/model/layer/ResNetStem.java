package dev.duet.model.layer;

import dev.duet.BadInputException;
import dev.duet.tensor.AveragePool;
import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * The input of CLIP's ResNets: three 3x3 convolutions with batch norm and ReLU (the first with
 * stride 2), then a 2x2 average pool. CHW images [B][3][S][S] -> channel-last maps
 * [B][S/4][S/4][W]. Explanations start above it, so it has a forward only.
 */
public record ResNetStem(ConvNorm first, ConvNorm second, ConvNorm third, int imageSize) {

    /** Side of the map it outputs. */
    public int outSize() {
        return imageSize / 4;
    }

    public float[] forward(Parallel parallel, List<float[]> images) {
        int batch = images.size();
        int size = imageSize;
        float[] x = new float[batch * 3 * size * size];
        for (int b = 0; b < batch; b++) {
            float[] image = images.get(b);
            if (image.length != 3 * size * size) {
                throw new BadInputException(null, "image tensor has " + image.length + " values, the model expects 3x"
                        + size + "x" + size);
            }
            // CHW -> HWC
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < size * size; p++) {
                    x[(b * size * size + p) * 3 + c] = image[c * size * size + p];
                }
            }
        }
        int half = (size + 1) / 2;
        float[] y = relu(first.forward(parallel, x, batch, size, size));
        y = relu(second.forward(parallel, y, batch, half, half));
        y = relu(third.forward(parallel, y, batch, half, half));
        float[] pooled = new float[batch * (half / 2) * (half / 2) * third.outChannels()];
        AveragePool.forward(parallel, pooled, y, batch, half, half, third.outChannels(), 2);
        return pooled;
    }

    private static float[] relu(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(0f, x[i]);
        }
        return x;
    }
}
