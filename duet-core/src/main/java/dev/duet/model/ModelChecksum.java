/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The identity of a checkpoint as an index, a factor store and a Spark job record it: SHA-256 over
 * the files that decide what the model computes (every {@code *.json}, {@code *.safetensors} and
 * {@code *.model} file of the folder, {@code merges.txt} and {@code vocab.txt}: configs, weights,
 * CLIP's BPE, SigLIP's SentencePiece model and BERT's WordPiece vocabulary, ALIGN's and the
 * sentence encoders'), in name order, each as its name, a zero byte, its size (8 bytes,
 * big endian) and its bytes. Training logs, pictures and READMEs beside the weights do not count,
 * so redrawing a curve does not make a store stale; a changed weight, config, vocabulary or
 * preprocessing does.
 */
public final class ModelChecksum {

    private ModelChecksum() {
    }

    /** The hex SHA-256 of the model folder's defining files. */
    public static String of(Path modelDirectory) {
        List<Path> files = definingFiles(modelDirectory);
        if (files.isEmpty()) {
            throw new BadInputException(modelDirectory, "no *.json or *.safetensors file: not a model folder");
        }
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 20];
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(ByteBuffer.allocate(Long.BYTES).putLong(Files.size(file)).array());
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    digest.update(buffer, 0, read);
                }
            } catch (IOException e) {
                throw new BadInputException(file, "cannot read: " + AtomicFiles.reason(e), e);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<Path> definingFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new BadInputException(directory, "not a model directory");
        }
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(Files::isRegularFile).filter(ModelChecksum::defines).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(directory, "cannot list: " + AtomicFiles.reason(e), e);
        }
    }

    private static boolean defines(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".safetensors") || name.endsWith(".model")
                || name.equals("merges.txt") || name.equals("vocab.txt");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
