/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.duet.AtomicFiles;
import dev.duet.InputFiles;
import dev.duet.explain.Factor;
import dev.duet.explain.PathIntegral;
import dev.duet.model.NonFiniteValues;
import dev.duet.index.FactorStoreException.Reason;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A factor store file, memory-mapped and validated when opened. Format version 1, little endian:
 *
 * <pre>
 * [0, 8)        magic "DUETFCTR"
 * [8, 12)       int32 format version (1)
 * [12, 16)      int32 header length H, 2 .. 16 MiB
 * [16, 16 + H)  header, UTF-8 JSON: {"duet_version": .., "settings": {StoreSettings}, "items": [{"key", "rule", "nodes", "residual"}, ..]}
 * ..            zero bytes up to the next multiple of 8
 * data          count items of StoreSettings.itemBytes() each: embedding f32 [P], reference embedding f32 [P], rows [R][P]
 * </pre>
 *
 * The file must end exactly after the last item. Opening checks every size and offset (and the
 * header's every field); reading an item checks that its values are finite. A store is immutable:
 * it is written whole by {@link FactorStoreWriter}.
 */
public final class FactorStore implements AutoCloseable {

    static final byte[] MAGIC = "DUETFCTR".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int PREFIX_BYTES = 16;
    static final int MAX_HEADER_BYTES = 16 << 20;
    static final int MAX_KEY_CHARS = 4096;
    static final int MAX_RULE_CHARS = 64;
    static final int ALIGNMENT = 8;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final Arena arena;
    private final MemorySegment data;
    private final long dataStart;
    private final long itemBytes;
    private final StoreSettings settings;
    private final List<FactorCodec.ItemInfo> items;
    private final Map<String, Integer> slots;

    private FactorStore(Path file, Arena arena, MemorySegment data, long dataStart, StoreSettings settings,
                        List<FactorCodec.ItemInfo> items, Map<String, Integer> slots) {
        this.file = file;
        this.arena = arena;
        this.data = data;
        this.dataStart = dataStart;
        this.itemBytes = settings.itemBytes();
        this.settings = settings;
        this.items = items;
        this.slots = slots;
    }

    /** Opens and validates a store, whatever its settings. */
    public static FactorStore open(Path file) {
        long size = InputFiles.checkedSize(file, Long.MAX_VALUE);
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return validate(file, data, size, arena);
        } catch (IOException e) {
            arena.close();
            throw new FactorStoreException(file, Reason.NOT_A_STORE, "cannot read: " + AtomicFiles.reason(e), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Opens a store and refuses it unless it was written with exactly {@code expected} settings. */
    public static FactorStore open(Path file, StoreSettings expected) {
        FactorStore store = open(file);
        String difference = expected.firstDifference(store.settings());
        if (difference != null) {
            store.close();
            throw new FactorStoreException(file, Reason.OTHER_SETTINGS, "written for another model or with other settings ("
                    + difference.replace(" here,", " expected,").replace(" there", " in this file") + ")");
        }
        return store;
    }

    private static FactorStore validate(Path file, MemorySegment data, long size, Arena arena) {
        if (size < PREFIX_BYTES || MemorySegment.mismatch(data, 0, MAGIC.length, MemorySegment.ofArray(MAGIC), 0, MAGIC.length) != -1) {
            throw new FactorStoreException(file, Reason.NOT_A_STORE, "not a Duet factor store (no DUETFCTR magic)");
        }
        int version = data.get(INT, 8);
        if (version != VERSION) {
            throw new FactorStoreException(file, Reason.UNSUPPORTED_VERSION, "factor store format version " + version
                    + "; this Duet reads version " + VERSION);
        }
        int headerBytes = data.get(INT, 12);
        if (headerBytes < 2 || headerBytes > MAX_HEADER_BYTES || headerBytes > size - PREFIX_BYTES) {
            throw new FactorStoreException(file, Reason.HEADER_SIZE, "header length " + headerBytes + " is outside 2.."
                    + Math.min(MAX_HEADER_BYTES, size - PREFIX_BYTES) + " for a file of " + size + " bytes");
        }
        JsonNode header = parseHeader(file, data.asSlice(PREFIX_BYTES, headerBytes).toArray(ValueLayout.JAVA_BYTE));
        StoreSettings settings;
        List<FactorCodec.ItemInfo> items = new ArrayList<>();
        Map<String, Integer> slots = new HashMap<>();
        try {
            settings = StoreSettings.fromJson(header.get("settings"));
            JsonNode list = header.get("items");
            if (list == null || !list.isArray()) {
                throw new IllegalArgumentException("header lacks the 'items' array");
            }
            for (JsonNode item : list) {
                FactorCodec.ItemInfo info = item(item);
                if (slots.putIfAbsent(info.key(), items.size()) != null) {
                    throw new FactorStoreException(file, Reason.DUPLICATE_KEY, "two items have the key '" + info.key() + "'");
                }
                items.add(info);
            }
        } catch (IllegalArgumentException e) {
            throw new FactorStoreException(file, Reason.HEADER, "invalid header: " + e.getMessage(), e);
        }
        long headerEnd = PREFIX_BYTES + (long) headerBytes;
        long dataStart = Math.ceilDiv(headerEnd, ALIGNMENT) * ALIGNMENT;
        long expected;
        try {
            expected = Math.addExact(dataStart, Math.multiplyExact(items.size(), settings.itemBytes()));
        } catch (ArithmeticException e) {
            throw new FactorStoreException(file, Reason.SIZE_MISMATCH, "item count x item size overflows", e);
        }
        if (size != expected) {
            throw new FactorStoreException(file, Reason.SIZE_MISMATCH, "is " + size + " bytes; " + items.size() + " items of "
                    + settings.itemBytes() + " bytes after the header make " + expected);
        }
        for (long at = headerEnd; at < dataStart; at++) {
            if (data.get(ValueLayout.JAVA_BYTE, at) != 0) {
                throw new FactorStoreException(file, Reason.PADDING, "byte " + at + " between header and data is not zero");
            }
        }
        return new FactorStore(file, arena, data, dataStart, settings, List.copyOf(items), Map.copyOf(slots));
    }

    private static JsonNode parseHeader(Path file, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            JsonNode header = JSON.readTree(text);
            if (header == null || !header.isObject()) {
                throw new FactorStoreException(file, Reason.HEADER, "the header is not a JSON object");
            }
            return header;
        } catch (CharacterCodingException e) {
            throw new FactorStoreException(file, Reason.HEADER, "the header is not UTF-8", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FactorStoreException(file, Reason.HEADER, "the header is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static FactorCodec.ItemInfo item(JsonNode item) {
        if (!item.isObject()) {
            throw new IllegalArgumentException("every item must be a JSON object");
        }
        JsonNode key = item.get("key");
        JsonNode rule = item.get("rule");
        JsonNode nodes = item.get("nodes");
        JsonNode residual = item.get("residual");
        if (key == null || !key.isTextual() || key.asText().isEmpty() || key.asText().length() > MAX_KEY_CHARS) {
            throw new IllegalArgumentException("an item's key must be a string of 1.." + MAX_KEY_CHARS + " characters");
        }
        if (rule == null || !rule.isTextual() || rule.asText().length() > MAX_RULE_CHARS
                || dev.duet.Spelling.parse(dev.duet.explain.Quadrature.class, rule.asText()).isEmpty()) {
            throw new IllegalArgumentException("item '" + key.asText() + "': rule must be one of "
                    + dev.duet.Spelling.choices(dev.duet.explain.Quadrature.class));
        }
        if (nodes == null || !nodes.isIntegralNumber() || !nodes.canConvertToInt() || nodes.asInt() < 1
                || nodes.asInt() > dev.duet.explain.ExplainOptions.MAX_STEPS) {
            throw new IllegalArgumentException("item '" + key.asText() + "': nodes must be an integer in 1.."
                    + dev.duet.explain.ExplainOptions.MAX_STEPS);
        }
        if (residual == null || !residual.isNumber() || !(residual.asDouble() >= 0) || !Double.isFinite(residual.asDouble())) {
            throw new IllegalArgumentException("item '" + key.asText() + "': residual must be a finite number >= 0");
        }
        return new FactorCodec.ItemInfo(key.asText(), rule.asText(), nodes.asInt(), residual.asDouble());
    }

    public Path file() {
        return file;
    }

    public StoreSettings settings() {
        return settings;
    }

    /** Number of items. */
    public int size() {
        return items.size();
    }

    /** The key of item {@code slot} (an index's image path relative to its folder). */
    public String key(int slot) {
        return items.get(slot).key();
    }

    /** The slot of {@code key}, or -1. */
    public int slot(String key) {
        return slots.getOrDefault(key, -1);
    }

    /** The raw (unnormalised) image embedding of item {@code slot}, [P]. */
    public float[] embedding(int slot) {
        float[] embedding = FactorCodec.readEmbedding(data, offset(slot), settings.dim());
        for (float value : embedding) {
            if (!Float.isFinite(value)) {
                throw nonFinite(slot);
            }
        }
        return embedding;
    }

    /** The image factor of item {@code slot}, rows widened to float32 when stored as float16. */
    public Factor factor(int slot) {
        Factor factor = FactorCodec.decode(data, offset(slot), settings, items.get(slot));
        if (!FactorCodec.finite(factor)) {
            throw nonFinite(slot);
        }
        return factor;
    }

    /**
     * Item {@code slot}'s rows V [R][P] into {@code rows} (float16 widened), unchecked: a caller that multiplies them
     * checks the product instead (a NaN or infinity in V reaches every entry of A in its column), and reports it
     * through {@link #nonFinite}.
     */
    void readRows(int slot, float[] rows) {
        FactorCodec.readRows(data, offset(slot), settings, rows);
    }

    /** What item {@code slot} was integrated from and how (its embeddings checked finite). */
    PathIntegral integral(int slot) {
        PathIntegral integral = FactorCodec.integral(data, offset(slot), settings, items.get(slot));
        if (NonFiniteValues.any(integral.inputEmbedding()) || NonFiniteValues.any(integral.referenceEmbedding())) {
            throw nonFinite(slot);
        }
        return integral;
    }

    /** The refusal of item {@code slot} for holding a NaN or infinite value. */
    FactorStoreException nonFinite(int slot) {
        return new FactorStoreException(file, Reason.NON_FINITE, "item " + slot + " ('" + key(slot) + "') holds a NaN or infinite value");
    }

    private long offset(int slot) {
        java.util.Objects.checkIndex(slot, items.size());
        return dataStart + slot * itemBytes;
    }

    /** Unmaps the file; items must not be read afterwards. */
    @Override
    public void close() {
        arena.close();
    }
}
