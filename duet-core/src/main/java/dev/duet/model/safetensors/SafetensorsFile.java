/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.JsonTree;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.duet.model.safetensors.SafetensorsException.Reason;

/**
 * A safetensors file whose header has been validated in full before any tensor
 * is read: header length inside the file, every entry's dtype x shape equal to its byte range,
 * ranges inside the data section, contiguous, non-overlapping and covering it, unique names.
 * Layout: u64 little-endian header length N, N bytes of JSON, then the data section.
 */
public final class SafetensorsFile implements TensorSource {

    /** Headers larger than this are refused (the reference implementation caps at 100 MB). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart,
                            Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Reads and validates the header; tensors are mapped one at a time when read, so that a
     * loaded model holds its weights once (in the arrays) rather than also as mapped pages.
     */
    public static SafetensorsFile open(Path path) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new SafetensorsException(path, Reason.TOO_SMALL,
                        "not a safetensors file: " + fileSize + " bytes, shorter than the 8-byte header length");
            }
            long headerLength = readBytes(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw new SafetensorsException(path, Reason.HEADER_TOO_LARGE,
                        "header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
            }
            if (headerLength > fileSize - 8) {
                throw new SafetensorsException(path, Reason.HEADER_OUTSIDE_FILE,
                        "header length " + headerLength + " runs past the end of the " + fileSize + "-byte file (truncated?)");
            }
            byte[] headerBytes = readBytes(channel, 8, (int) headerLength).array();
            long dataStart = 8 + headerLength;
            Header header = parseHeader(path, headerBytes, fileSize - dataStart);
            return new SafetensorsFile(path, channel, dataStart, header.tensors, header.metadata);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SafetensorsException(path, Reason.UNREADABLE, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static ByteBuffer readBytes(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("file ended while reading its header");
            }
        }
        return buffer.flip();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the open already failed; that failure is the one to report
        }
    }

    private record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
    }

    private static Header parseHeader(Path path, byte[] headerBytes, long dataSize) {
        JsonNode root;
        try {
            root = JsonTree.STRICT.read(new String(headerBytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            Reason reason = e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    ? Reason.DUPLICATE_NAME : Reason.HEADER_NOT_JSON;
            String problem = reason == Reason.DUPLICATE_NAME
                    ? "header names a tensor twice: " + e.getOriginalMessage()
                    : "header is not valid JSON: " + e.getOriginalMessage();
            throw new SafetensorsException(path, reason, problem, e);
        }
        if (!root.isObject()) {
            throw new SafetensorsException(path, Reason.HEADER_NOT_JSON, "header is not a JSON object");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                readMetadata(path, field.getValue(), metadata);
            } else {
                tensors.put(field.getKey(), readEntry(path, field.getKey(), field.getValue()));
            }
        }
        checkLayout(path, tensors, dataSize);
        return new Header(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static void readMetadata(Path path, JsonNode node, Map<String, String> metadata) {
        if (!node.isObject()) {
            throw new SafetensorsException(path, Reason.BAD_ENTRY, "__metadata__ is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new SafetensorsException(path, Reason.BAD_ENTRY, "__metadata__ value of '" + entry.getKey() + "' is not a string");
            }
            metadata.put(entry.getKey(), entry.getValue().asText());
        }
    }

    private static TensorInfo readEntry(Path path, String name, JsonNode node) {
        if (!node.isObject() || !node.path("dtype").isTextual() || !node.path("shape").isArray()
                || !node.path("data_offsets").isArray() || node.path("data_offsets").size() != 2) {
            throw new SafetensorsException(path, Reason.BAD_ENTRY,
                    "tensor '" + name + "' needs dtype, shape and two data_offsets");
        }
        DType dtype;
        try {
            dtype = DType.valueOf(node.get("dtype").asText());
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(path, Reason.UNKNOWN_DTYPE,
                    "tensor '" + name + "' has unknown dtype " + node.get("dtype").asText());
        }
        JsonNode shapeNode = node.get("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dimension = shapeNode.get(i);
            if (!dimension.canConvertToLong() || !dimension.isIntegralNumber() || dimension.asLong() < 0) {
                throw new SafetensorsException(path, Reason.BAD_ENTRY, "tensor '" + name + "' has a bad shape " + shapeNode);
            }
            shape[i] = dimension.asLong();
        }
        JsonNode offsets = node.get("data_offsets");
        for (JsonNode offset : offsets) {
            if (!offset.isIntegralNumber() || !offset.canConvertToLong() || offset.asLong() < 0) {
                throw new SafetensorsException(path, Reason.BAD_ENTRY, "tensor '" + name + "' has bad data_offsets " + offsets);
            }
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (end < begin) {
            throw new SafetensorsException(path, Reason.BAD_ENTRY, "tensor '" + name + "' ends before it begins: " + offsets);
        }
        TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
        long expected;
        try {
            expected = Math.multiplyExact(info.elementCount(), dtype.bytes());
        } catch (ArithmeticException e) {
            throw new SafetensorsException(path, Reason.SIZE_MISMATCH, "tensor '" + name + "' shape " + info.shapeText() + " overflows");
        }
        if (expected != end - begin) {
            throw new SafetensorsException(path, Reason.SIZE_MISMATCH, "tensor '" + name + "' is " + dtype + " " + info.shapeText()
                    + " = " + expected + " bytes but its data_offsets span " + (end - begin));
        }
        return info;
    }

    private static void checkLayout(Path path, Map<String, TensorInfo> tensors, long dataSize) {
        List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expectedBegin = 0;
        for (TensorInfo info : byOffset) {
            if (info.end() > dataSize) {
                throw new SafetensorsException(path, Reason.OFFSETS_OUTSIDE_DATA, "tensor '" + info.name() + "' ends at byte "
                        + info.end() + " of a data section of " + dataSize + " bytes (truncated?)");
            }
            if (info.begin() != expectedBegin) {
                throw new SafetensorsException(path, Reason.OFFSETS_NOT_CONTIGUOUS, "tensor '" + info.name() + "' starts at byte "
                        + info.begin() + ", expected " + expectedBegin + " (overlap or gap)");
            }
            expectedBegin = info.end();
        }
        if (expectedBegin != dataSize) {
            throw new SafetensorsException(path, Reason.OFFSETS_NOT_CONTIGUOUS,
                    "tensors cover " + expectedBegin + " bytes of a data section of " + dataSize);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new SafetensorsException(path, Reason.MISSING_TENSOR, "missing tensor '" + name + "'");
        }
        return info;
    }

    /** Reads a floating tensor widened to float32 (row-major), refusing NaN and infinities. */
    @Override
    public float[] readFloats(String name) {
        long count = floatCount(info(name));
        if (count > Integer.MAX_VALUE - 8) {
            throw new SafetensorsException(path, Reason.UNSUPPORTED_DTYPE, "tensor '" + name + "' has " + count + " elements, too many for one array");
        }
        float[] values = new float[(int) count];
        readFloatsInto(name, values, 0);
        return values;
    }

    /**
     * As {@link #readFloats}, into {@code target[offset ..)}: several tensors stacked into one
     * array (Q, K and V stored apart, used fused) without a copy of each.
     *
     * @return the number of values read
     */
    @Override
    public int readFloatsInto(String name, float[] target, int offset) {
        TensorInfo info = info(name);
        long count = floatCount(info);
        if (offset < 0 || count > target.length - (long) offset) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + count + " elements; "
                    + (target.length - offset) + " left in the target at offset " + offset);
        }
        int length = (int) count;
        int largest = 0;
        if (length > 0) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment slice = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(),
                        info.end() - info.begin(), arena);
                largest = widen(info.dtype(), slice, target, offset, length);
            } catch (IOException e) {
                throw new SafetensorsException(path, Reason.UNREADABLE, "cannot read tensor '" + name + "': " + e.getMessage(), e);
            }
        }
        if (largest == EXPONENT_BITS) {
            int first = 0;
            while (Float.isFinite(target[offset + first])) {
                first++;
            }
            throw new SafetensorsException(path, Reason.NON_FINITE, "tensor '" + name + "' holds a non-finite value at element " + first);
        }
        return length;
    }

    /** Elements of a tensor that widens to float32; any other dtype is refused. */
    private long floatCount(TensorInfo info) {
        if (!info.dtype().widensToFloat()) {
            throw new SafetensorsException(path, Reason.UNSUPPORTED_DTYPE,
                    "tensor '" + info.name() + "' is " + info.dtype() + "; only F32, F16 and BF16 can be read as weights");
        }
        return info.elementCount();
    }

    private static final int EXPONENT_BITS = 0x7f800000;

    /**
     * The largest exponent field among the values; it is all ones exactly when one of them is
     * infinite or NaN. A branch-free reduction, which the JIT vectorises: weights are checked at
     * memory speed.
     */
    private static int largestExponent(float[] values, int offset, int length) {
        int largest = 0;
        for (int i = offset; i < offset + length; i++) {
            largest = Math.max(largest, Float.floatToRawIntBits(values[i]) & EXPONENT_BITS);
        }
        return largest;
    }

    /** Values widened in chunks that stay in cache: each is checked right after it is written. */
    private static final int CHUNK = 1 << 14;

    /**
     * Widens the slice's values into {@code values[offset ..)}, chunk by chunk, each checked while it is still
     * in cache; returns their largest exponent field ({@link #largestExponent}).
     */
    private static int widen(DType dtype, MemorySegment slice, float[] values, int offset, int length) {
        int largest = 0;
        for (int from = 0; from < length; from += CHUNK) {
            int count = Math.min(CHUNK, length - from);
            int at = offset + from;
            switch (dtype) {
                case F32 -> MemorySegment.copy(slice, F32_LE, (long) from * Float.BYTES, values, at, count);
                case F16 -> {
                    for (int i = 0; i < count; i++) {
                        values[at + i] = Float.float16ToFloat(slice.getAtIndex(U16_LE, from + i));
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < count; i++) {
                        values[at + i] = Float.intBitsToFloat((slice.getAtIndex(U16_LE, from + i) & 0xffff) << 16);
                    }
                }
                default -> throw new IllegalStateException("unreachable: " + dtype);
            }
            largest = Math.max(largest, largestExponent(values, at, count));
        }
        return largest;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
