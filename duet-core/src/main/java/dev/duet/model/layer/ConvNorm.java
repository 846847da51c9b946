package dev.duet.model.layer;

import dev.duet.tensor.BatchNorm;
import dev.duet.tensor.Convolution;
import dev.duet.tensor.Parallel;

/**
 * A convolution without bias followed by inference-form batch norm, the unit CLIP's ResNets are
 * built of: {@code y = bn(conv(x))} on channel-last maps x [B][H][W][Cin] -> y [B][Ho][Wo][Cout];
 * weight [Cout][Cin][k][k]. Affine in x, so its tangent is {@code scale * conv(t)} and its
 * cotangent {@code conv^T(scale * d)}.
 */
public record ConvNorm(float[] weight, int inChannels, int outChannels, int kernel, int stride, int padding,
                       BatchNorm norm) {

    public Convolution.Shape shape(int height, int width) {
        return new Convolution.Shape(height, width, inChannels, outChannels, kernel, stride, padding);
    }

    public float[] forward(Parallel parallel, float[] x, int batch, int height, int width) {
        Convolution.Shape shape = shape(height, width);
        int positions = batch * shape.outHeight() * shape.outWidth();
        float[] y = new float[Math.multiplyExact(positions, outChannels)];
        Convolution.forward(parallel, y, x, weight, null, shape, batch);
        norm.forward(parallel, y, y, positions);
        return y;
    }

    /** Tangents of S directions [S][H][W][Cin] -> [S][Ho][Wo][Cout]. */
    public float[] tangent(Parallel parallel, float[] tX, int directions, int height, int width) {
        Convolution.Shape shape = shape(height, width);
        int positions = directions * shape.outHeight() * shape.outWidth();
        float[] tY = new float[Math.multiplyExact(positions, outChannels)];
        Convolution.tangent(parallel, tY, tX, weight, shape, directions);
        norm.tangent(parallel, tY, positions);
        return tY;
    }

    /** Cotangents of S outputs [S][Ho][Wo][Cout] -> [S][H][W][Cin]. */
    public float[] cotangent(Parallel parallel, float[] dY, int count, int height, int width) {
        Convolution.Shape shape = shape(height, width);
        float[] scaled = dY.clone();
        norm.tangent(parallel, scaled, count * shape.outHeight() * shape.outWidth());
        float[] dX = new float[Math.multiplyExact(count, height * width * inChannels)];
        Convolution.backward(parallel, dX, null, null, scaled, null, weight, shape, count);
        return dX;
    }
}
