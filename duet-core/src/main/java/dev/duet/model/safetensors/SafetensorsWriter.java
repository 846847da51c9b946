/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.safetensors;

import dev.duet.AtomicFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes float tensors as a safetensors file (F32 or F16), atomically: the bytes go to a
 * temporary file beside the target, which is moved into place only when complete.
 */
public final class SafetensorsWriter {

    /** A tensor to write: row-major values and their shape. */
    public record Tensor(float[] values, long... shape) {
        public Tensor {
            long count = 1;
            for (long dimension : shape) {
                count = Math.multiplyExact(count, dimension);
            }
            if (count != values.length) {
                throw new IllegalArgumentException("shape holds " + count + " elements, values " + values.length);
            }
        }
    }

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter put(String name, float[] values, long... shape) {
        if (tensors.putIfAbsent(name, new Tensor(values, shape)) != null) {
            throw new IllegalArgumentException("tensor written twice: " + name);
        }
        return this;
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public void write(Path target, DType dtype) throws IOException {
        if (dtype != DType.F32 && dtype != DType.F16) {
            throw new IllegalArgumentException("can write F32 or F16, not " + dtype);
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            ObjectNode node = header.putObject(entry.getKey());
            node.put("dtype", dtype.name());
            ArrayNode shape = node.putArray("shape");
            for (long dimension : entry.getValue().shape()) {
                shape.add(dimension);
            }
            long length = (long) entry.getValue().values().length * dtype.bytes();
            node.putArray("data_offsets").add(offset).add(offset + length);
            offset += length;
        }
        byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (headerBytes.length + 7) / 8 * 8;
        Files.createDirectories(target.toAbsolutePath().getParent());
        AtomicFiles.write(target, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(length.array());
            out.write(headerBytes);
            for (int i = headerBytes.length; i < padded; i++) {
                out.write(' ');
            }
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor tensor : tensors.values()) {
                for (float value : tensor.values()) {
                    if (chunk.remaining() < 4) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    if (dtype == DType.F32) {
                        chunk.putFloat(value);
                    } else {
                        chunk.putShort(Float.floatToFloat16(value));
                    }
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        });
    }
}
