package dev.duet.spark;

import dev.duet.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * SHA-256 of what a checkpoint folder's model is made of: its weights ({@code *.safetensors} and a
 * shard index) and the files that shape its inputs and outputs (configs, tokenizer, preprocessing),
 * each as its name, its length and its bytes, in name order. Training logs and pictures beside the
 * weights are left out, so copying a model without them keeps its checksum.
 */
public final class ModelChecksum {

    private static final Set<String> CONFIGS = Set.of("config.json", "open_clip_config.json", "preprocessor_config.json",
            "vocab.json", "merges.txt", "model.safetensors.index.json");

    private ModelChecksum() {
    }

    public static String of(Path directory) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Files.isRegularFile(entry) && (CONFIGS.contains(name) || name.endsWith(".safetensors"))) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new BadInputException(directory, "cannot list the checkpoint folder: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new BadInputException(directory, "holds no checkpoint files (config.json, *.safetensors)");
        }
        files.sort(null);
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        for (Path file : files) {
            digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try (InputStream in = Files.newInputStream(file)) {
                digest.update(Long.toString(Files.size(file)).getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) 0);
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    digest.update(buffer, 0, read);
                }
            } catch (IOException e) {
                throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
