/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.SafetensorsWriter;
import dev.duet.model.safetensors.TensorInfo;
import dev.duet.tensor.Parallel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A resumable training checkpoint: the model in its family's layout (F32, so weights are kept
 * bit for bit; loadable by {@link ModelParameters#load} and transformers), plus
 * {@code optimizer.safetensors} (AdamW moments {@code first_moment.<name>},
 * {@code second_moment.<name>} and, with the pull to the initial weights, {@code initial.<name>})
 * and {@code trainer_state.json} (step, random-stream state, seed, options). The state file is
 * written last and names the step, which the model file's metadata must repeat.
 */
final class TrainingCheckpoint {

    static final String OPTIMIZER = "optimizer.safetensors";
    static final String STATE = "trainer_state.json";
    static final String FORMAT = "duet-trainer-state";
    static final int VERSION = 1;
    /** Both families' writers name the weights so. */
    private static final String WEIGHTS = "model.safetensors";
    private static final String STEP_KEY = "duet.step";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingCheckpoint() {
    }

    static void write(Path directory, DualEncoderTrainer trainer) throws IOException {
        ModelParameters parameters = trainer.parameters();
        String step = Long.toString(trainer.step());
        parameters.write(directory, Map.of(STEP_KEY, step, "duet.seed", Long.toString(trainer.options().seed())));
        SafetensorsWriter optimizer = new SafetensorsWriter();
        optimizer.metadata(STEP_KEY, step);
        List<ParameterTensor> tensors = parameters.tensors();
        for (int i = 0; i < tensors.size(); i++) {
            ParameterTensor tensor = tensors.get(i);
            if (trainer.adamW().firstMoment(i) != null) {
                optimizer.put("first_moment." + tensor.name(), trainer.adamW().firstMoment(i), tensor.shape());
                optimizer.put("second_moment." + tensor.name(), trainer.adamW().secondMoment(i), tensor.shape());
            }
            if (trainer.initial() != null && trainer.initial()[i] != null) {
                optimizer.put("initial." + tensor.name(), trainer.initial()[i], tensor.shape());
            }
        }
        optimizer.write(directory.resolve(OPTIMIZER), DType.F32);
        ObjectNode state = JSON.createObjectNode();
        state.put("format", FORMAT);
        state.put("version", VERSION);
        state.put("step", trainer.step());
        // a string: JSON readers that hold numbers in doubles would round a 64-bit state
        state.put("random_state", Long.toString(trainer.random().state()));
        state.put("seed", trainer.options().seed());
        state.set("options", JSON.valueToTree(trainer.options()));
        Path target = directory.resolve(STATE);
        Path temporary = Files.createTempFile(directory, ".duet-", ".json.part");
        try {
            Files.write(temporary, JSON.writeValueAsString(state).getBytes(StandardCharsets.UTF_8));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static DualEncoderTrainer read(Path directory, TrainingOptions options, Parallel parallel) {
        Path stateFile = directory.resolve(STATE);
        JsonNode state = readState(stateFile);
        long step = longField(stateFile, state, "step");
        if (step < 0) {
            throw new BadInputException(stateFile, "negative step " + step);
        }
        long randomState = longField(stateFile, state, "random_state");
        ModelParameters parameters = ModelParameters.load(directory);
        requireStep(directory.resolve(WEIGHTS), step);
        List<ParameterTensor> tensors = parameters.tensors();
        AdamW adamW = new AdamW(options.adamW(), tensors.size());
        boolean[] trainable = DualEncoderTrainer.trainableMask(parameters, options);
        float[][] initial = options.pullToInitial() > 0 ? new float[tensors.size()][] : null;
        Path optimizerFile = directory.resolve(OPTIMIZER);
        if (!Files.isRegularFile(optimizerFile)) {
            throw new BadInputException(optimizerFile, "file not found: not a resumable training checkpoint");
        }
        requireStep(optimizerFile, step);
        try (SafetensorsFile file = SafetensorsFile.open(optimizerFile)) {
            for (int i = 0; i < tensors.size(); i++) {
                ParameterTensor tensor = tensors.get(i);
                String first = "first_moment." + tensor.name();
                String second = "second_moment." + tensor.name();
                if (file.contains(first) != file.contains(second)) {
                    throw new BadInputException(optimizerFile, "holds only one of the two moments of " + tensor.name());
                }
                if (file.contains(first)) {
                    adamW.restore(i, read(file, first, tensor), read(file, second, tensor));
                }
                if (initial != null && trainable[i]) {
                    String name = "initial." + tensor.name();
                    if (!file.contains(name)) {
                        throw new BadInputException(optimizerFile, "the pull to the initial weights needs '" + name
                                + "', which this checkpoint lacks (was it trained without the pull?)");
                    }
                    initial[i] = read(file, name, tensor);
                }
            }
        }
        return new DualEncoderTrainer(parameters, options, parallel, adamW, SeededRandom.restore(randomState), initial, step);
    }

    private static float[] read(SafetensorsFile file, String name, ParameterTensor tensor) {
        TensorInfo info = file.info(name);
        if (!Arrays.equals(info.shape(), tensor.shape())) {
            throw new BadInputException(file.path(), "'" + name + "' has shape " + info.shapeText() + ", the model's "
                    + tensor.name() + " " + Arrays.toString(tensor.shape()));
        }
        return file.readFloats(name);
    }

    private static void requireStep(Path file, long step) {
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            String written = safetensors.metadata().get(STEP_KEY);
            if (!Long.toString(step).equals(written)) {
                throw new BadInputException(file, "written at step " + written + " but " + STATE + " says step " + step
                        + " (an interrupted save?)");
            }
        }
    }

    private static JsonNode readState(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "file not found: not a resumable training checkpoint");
        }
        try {
            if (Files.size(file) > 1 << 20) {
                throw new BadInputException(file, "larger than 1 MiB: not a trainer state");
            }
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
                throw new BadInputException(file, "not a Duet trainer state (format must be '" + FORMAT + "')");
            }
            if (root.path("version").asInt(-1) != VERSION) {
                throw new BadInputException(file, "trainer state version " + root.path("version") + " is not supported");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static long longField(Path file, JsonNode state, String key) {
        JsonNode value = state.get(key);
        if (value == null || !(value.isIntegralNumber() && value.canConvertToLong() || value.isTextual())) {
            throw new BadInputException(file, "'" + key + "' must be an integer");
        }
        try {
            return value.isTextual() ? Long.parseLong(value.asText()) : value.asLong();
        } catch (NumberFormatException e) {
            throw new BadInputException(file, "'" + key + "' must be an integer, got " + value, e);
        }
    }
}
