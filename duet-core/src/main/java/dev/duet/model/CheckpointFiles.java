package dev.duet.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.duet.BadInputException;
import dev.duet.InputFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small helpers shared by the checkpoint layouts: bounded, strict JSON reading. */
final class CheckpointFiles {

    static final long MAX_CONFIG_BYTES = 4L * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private CheckpointFiles() {
    }

    static JsonConfig readJson(Path file) {
        InputFiles.checkedSize(file, MAX_CONFIG_BYTES);
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            if (root == null || !root.isObject()) {
                throw new BadInputException(file, "not a JSON object");
            }
            return new JsonConfig(file, root, "");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(file, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    static BadInputException configProblem(Path file, IllegalArgumentException problem) {
        return new BadInputException(file, problem.getMessage(), problem);
    }
}
