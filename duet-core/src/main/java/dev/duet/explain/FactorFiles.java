/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.BadInputException;
import dev.duet.Spelling;
import dev.duet.Version;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Factors saved as safetensors files, so that a retrieval system can precompute one per item:
 * tensors {@code rows} [T][P], {@code input_embedding} [P], {@code reference_embedding} [P];
 * the header's metadata records the mode, rule, nodes, residual, the caller's provenance and
 * Duet's version. Mode and rule are written in their one spelling ({@link Spelling}: {@code exact},
 * {@code gauss-legendre}); files of earlier versions, which wrote the mode as {@code EXACT}, still read.
 */
public final class FactorFiles {

    private FactorFiles() {
    }

    /** Writes {@code factor} with extra {@code provenance} (model checksum, layer, reference...) in the header. */
    public static void write(Path file, Factor factor, Map<String, String> provenance) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter()
                .put("rows", factor.rows(), factor.rowCount(), factor.dim())
                .put("input_embedding", factor.inputEmbedding(), factor.dim())
                .put("reference_embedding", factor.referenceEmbedding(), factor.dim())
                .metadata("normalization", Spelling.of(factor.normalization()))
                .metadata("rule", Spelling.of(factor.rule()))
                .metadata("nodes", Integer.toString(factor.nodes()))
                .metadata("residual", Double.toString(factor.residual()))
                .metadata("duet_version", Version.VALUE);
        provenance.forEach(writer::metadata);
        writer.write(file, DType.F32);
    }

    public static Factor read(Path file) {
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            Map<String, String> metadata = safetensors.metadata();
            long[] shape = safetensors.info("rows").shape();
            if (shape.length != 2) {
                throw new BadInputException(file, "tensor 'rows' must be 2-dimensional");
            }
            try {
                return new Factor(safetensors.readFloats("rows"), Math.toIntExact(shape[0]), Math.toIntExact(shape[1]),
                        safetensors.readFloats("input_embedding"), safetensors.readFloats("reference_embedding"),
                        spelled(file, metadata, "normalization", Normalization.class),
                        spelled(file, metadata, "rule", Quadrature.class), Integer.parseInt(required(file, metadata, "nodes")),
                        Double.parseDouble(required(file, metadata, "residual")));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new BadInputException(file, "not a Duet factor file: " + e.getMessage(), e);
            }
        }
    }

    /** Case-blind, as earlier versions wrote the normalisation's constant name ({@code EXACT}). */
    private static <E extends Enum<E>> E spelled(Path file, Map<String, String> metadata, String key, Class<E> type) {
        String value = required(file, metadata, key);
        return Spelling.parse(type, value.toLowerCase(Locale.ROOT)).orElseThrow(() -> new BadInputException(file,
                "factor file's '" + key + "' is '" + value + "', not one of " + Spelling.choices(type)));
    }

    private static String required(Path file, Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        if (value == null) {
            throw new BadInputException(file, "factor file lacks '" + key + "' in its metadata");
        }
        return value;
    }
}
