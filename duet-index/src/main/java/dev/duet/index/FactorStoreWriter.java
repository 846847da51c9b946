/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.AtomicFiles;
import dev.duet.Version;
import dev.duet.explain.Factor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects image factors of one {@link StoreSettings} and writes them as a {@link FactorStore}
 * file, atomically ({@link AtomicFiles}: the file is complete or absent).
 */
public final class FactorStoreWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StoreSettings settings;
    private final List<FactorCodec.ItemInfo> items = new ArrayList<>();
    private final List<ByteBuffer> encoded = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();

    public FactorStoreWriter(StoreSettings settings) {
        this.settings = settings;
    }

    /** Adds the factor of the item {@code key}; refuses a second item of the same key or a factor of another shape. */
    public FactorStoreWriter add(String key, Factor factor) {
        if (key.isEmpty() || key.length() > FactorStore.MAX_KEY_CHARS) {
            throw new IllegalArgumentException("keys have 1.." + FactorStore.MAX_KEY_CHARS + " characters");
        }
        if (!keys.add(key)) {
            throw new IllegalArgumentException("item '" + key + "' is already in the store");
        }
        FactorCodec.check(key, factor, settings);
        if (!FactorCodec.finite(factor)) {
            throw new IllegalArgumentException("the factor of '" + key + "' holds a NaN or infinite value");
        }
        items.add(FactorCodec.info(key, factor));
        encoded.add(FactorCodec.encode(factor, settings.precision()));
        return this;
    }

    public int size() {
        return items.size();
    }

    /** Writes the store to {@code file}, replacing a regular file there. */
    public void write(Path file) {
        byte[] header = header();
        AtomicFiles.write(file, out -> {
            ByteBuffer prefix = ByteBuffer.allocate(FactorStore.PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            prefix.put(FactorStore.MAGIC).putInt(FactorStore.VERSION).putInt(header.length);
            out.write(prefix.array());
            out.write(header);
            long headerEnd = FactorStore.PREFIX_BYTES + (long) header.length;
            out.write(new byte[(int) (Math.ceilDiv(headerEnd, FactorStore.ALIGNMENT) * FactorStore.ALIGNMENT - headerEnd)]);
            for (ByteBuffer item : encoded) {
                write(out, item);
            }
        });
    }

    private static void write(OutputStream out, ByteBuffer item) throws IOException {
        out.write(item.array(), item.arrayOffset(), item.limit());
    }

    private byte[] header() {
        ObjectNode root = JSON.createObjectNode();
        root.put("duet_version", Version.VALUE);
        root.set("settings", settings.toJson());
        ArrayNode list = root.putArray("items");
        for (FactorCodec.ItemInfo info : items) {
            list.addObject().put("key", info.key()).put("rule", info.rule()).put("nodes", info.nodes()).put("residual", info.residual());
        }
        byte[] bytes = root.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > FactorStore.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header of " + items.size() + " items passes "
                    + FactorStore.MAX_HEADER_BYTES + " bytes; write fewer items per store");
        }
        return bytes;
    }
}
