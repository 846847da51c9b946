/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import dev.duet.explain.Factor;
import dev.duet.explain.PathIntegral;
import dev.duet.model.NonFiniteValues;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one place that knows the fields of {@link Factor}: how an image factor becomes a stored
 * item and comes back. An item is, little endian: the raw image embedding float32 [P], the
 * reference embedding float32 [P], then the rows U [R][P] in the store's {@link Precision}; the
 * per-item scalars (rule, nodes, residual) live in the store header as {@link ItemInfo}.
 */
final class FactorCodec {

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** What the header keeps of an item besides its bytes; {@code rule} is the quadrature's {@link dev.duet.Spelling}. */
    record ItemInfo(String key, String rule, int nodes, double residual) {
    }

    private FactorCodec() {
    }

    static ItemInfo info(String key, Factor factor) {
        return new ItemInfo(key, dev.duet.Spelling.of(factor.rule()), factor.nodes(), factor.residual());
    }

    /** The raw (unnormalised) image embedding the factor was computed for, [P]. */
    static float[] embedding(Factor factor) {
        return factor.inputEmbedding();
    }

    /** Refuses a factor that does not have the store's shape, or that float16 cannot hold. */
    static void check(String key, Factor factor, StoreSettings settings) {
        if (factor.rowCount() != settings.rows() || factor.dim() != settings.dim()) {
            throw new IllegalArgumentException("factor of " + key + " is " + factor.rowCount() + " x " + factor.dim()
                    + ", the store's " + settings.rows() + " x " + settings.dim());
        }
        if (settings.precision() == Precision.FLOAT16) {
            for (float value : factor.rows()) {
                if (!(Math.abs(value) <= Precision.FLOAT16_MAX)) {
                    throw new dev.duet.BadInputException(null, "the factor of " + key + " holds " + value
                            + ", beyond float16's range; build the index without --half");
                }
            }
        }
    }

    /** The item's bytes, [2P float32 + R*P values]. */
    static ByteBuffer encode(Factor factor, Precision precision) {
        int dim = factor.dim();
        float[] rows = factor.rows();
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(2L * Float.BYTES * dim + (long) rows.length * precision.bytes()))
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(factor.inputEmbedding()).put(factor.referenceEmbedding());
        bytes.position(2 * Float.BYTES * dim);
        if (precision == Precision.FLOAT32) {
            bytes.asFloatBuffer().put(rows);
        } else {
            java.nio.ShortBuffer halves = bytes.asShortBuffer();
            for (float value : rows) {
                halves.put(Float.floatToFloat16(value));
            }
        }
        bytes.rewind();
        return bytes;
    }

    /** The raw embedding of the item at {@code offset}, [P]. */
    static float[] readEmbedding(MemorySegment data, long offset, int dim) {
        float[] embedding = new float[dim];
        MemorySegment.copy(data, FLOAT, offset, embedding, 0, dim);
        return embedding;
    }

    /** The item at {@code offset} as the factor it was written from (float16 rows widened to float32). */
    static Factor decode(MemorySegment data, long offset, StoreSettings settings, ItemInfo info) {
        float[] rows = new float[settings.rows() * settings.dim()];
        readRows(data, offset, settings, rows);
        return Factor.of(rows, settings.rows(), settings.dim(), integral(data, offset, settings, info));
    }

    /** The rows V [R][P] of the item at {@code offset} into {@code rows} (float16 widened to float32). */
    static void readRows(MemorySegment data, long offset, StoreSettings settings, float[] rows) {
        int values = settings.rows() * settings.dim();
        long rowsAt = offset + 2L * Float.BYTES * settings.dim();
        if (settings.precision() == Precision.FLOAT32) {
            MemorySegment.copy(data, FLOAT, rowsAt, rows, 0, values);
        } else {
            for (int i = 0; i < values; i++) {
                rows[i] = Float.float16ToFloat(data.get(HALF, rowsAt + (long) i * Short.BYTES));
            }
        }
    }

    /** What the item at {@code offset} was integrated from and how: both embeddings and the header's rule, nodes, residual. */
    static PathIntegral integral(MemorySegment data, long offset, StoreSettings settings, ItemInfo info) {
        int dim = settings.dim();
        float[] input = readEmbedding(data, offset, dim);
        float[] reference = new float[dim];
        MemorySegment.copy(data, FLOAT, offset + (long) Float.BYTES * dim, reference, 0, dim);
        return new PathIntegral(input, reference, settings.normalization(),
                dev.duet.Spelling.parse(dev.duet.explain.Quadrature.class, info.rule()).orElseThrow(), info.nodes(),
                info.residual());
    }

    /** Whether every value of the factor (rows and both embeddings) is finite. */
    static boolean finite(Factor factor) {
        return !NonFiniteValues.any(factor.rows()) && !NonFiniteValues.any(factor.inputEmbedding())
                && !NonFiniteValues.any(factor.referenceEmbedding());
    }
}
