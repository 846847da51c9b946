/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.explain.Factor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Stores written by Python from the format's description with numpy's float16 rounding
 * (reference/make_reference_stores.py): Duet reads them value for value, and encodes the same
 * factors to the same item bytes. They also stand for stores of an earlier Duet, which must still load.
 */
class ReferenceStoreTest {

    private static Path reference(String name) {
        try {
            return Path.of(ReferenceStoreTest.class.getResource("reference/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    @Test
    void pythonsStoresReadValueForValue() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(reference("expected.json").toFile()).get("items");
        for (Precision precision : Precision.values()) {
            try (FactorStore store = FactorStore.open(reference("reference-" + precision.label() + ".dfs"))) {
                assertEquals(precision, store.settings().precision());
                assertEquals(2, store.size());
                for (int slot = 0; slot < 2; slot++) {
                    JsonNode item = expected.get(slot);
                    Factor factor = store.factor(slot);
                    assertEquals(item.get("key").asText(), store.key(slot));
                    assertArrayEquals(floats(item.get("embedding")), store.embedding(slot));
                    assertArrayEquals(floats(item.get("reference")), factor.referenceEmbedding());
                    assertArrayEquals(floats(item.get("rows_" + precision.label())), factor.rows(), precision.label());
                    assertEquals(item.get("nodes").asInt(), factor.nodes());
                    assertEquals(item.get("residual").asDouble(), factor.residual());
                }
            }
        }
    }

    @Test
    void duetEncodesTheSameItemBytesAsNumpy() throws IOException {
        for (Precision precision : Precision.values()) {
            Path file = reference("reference-" + precision.label() + ".dfs");
            byte[] bytes = Files.readAllBytes(file);
            try (FactorStore float32 = FactorStore.open(reference("reference-float32.dfs"))) {
                long itemBytes = withPrecision(float32.settings(), precision).itemBytes();
                long dataStart = bytes.length - 2 * itemBytes;
                for (int slot = 0; slot < 2; slot++) {
                    ByteBuffer encoded = FactorCodec.encode(float32.factor(slot), precision);
                    int from = (int) (dataStart + slot * itemBytes);
                    assertArrayEquals(Arrays.copyOfRange(bytes, from, (int) (from + itemBytes)),
                            Arrays.copyOf(encoded.array(), encoded.limit()), precision + " item " + slot);
                }
            }
        }
    }

    private static StoreSettings withPrecision(StoreSettings settings, Precision precision) {
        return new StoreSettings(settings.modelSha256(), settings.imageLayer(), settings.imageReference(), settings.normalization(),
                settings.quadrature(), settings.steps(), settings.tolerance(), precision, settings.rows(), settings.dim(),
                settings.gridRows(), settings.gridCols());
    }
}
