package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without --model, commands use the committed models/default, and its explanations add up. */
class DefaultModelTest {

    @TempDir
    Path directory;

    @Test
    void explainUsesTheDefaultModel() throws IOException {
        String previous = System.getProperty("duet.home");
        System.setProperty("duet.home", Path.of("..").toAbsolutePath().normalize().toString());
        try {
            Path json = directory.resolve("e.json");
            CliContractTest.Result result = CliContractTest.run("explain", "--caption", "a blue rectangle right of a small red square",
                    "--image", Path.of("../examples/blue-rectangle-red-square.png").toString(), "--json", json.toString());
            assertEquals(0, result.exit(), result.err());
            JsonNode explanation = new ObjectMapper().readTree(json.toFile());
            assertEquals(8, explanation.get("grid").get(0).asInt());
            assertTrue(explanation.get("settings").get("model").asText().endsWith("default"));
            assertTrue(Math.abs(explanation.get("completeness").get("error").asDouble()) < 2e-3,
                    "adaptive quadrature keeps the error small: " + explanation.get("completeness"));
            assertTrue(explanation.get("similarity").asDouble() > 0.3, "the trained model matches its own world");
        } finally {
            if (previous == null) {
                System.clearProperty("duet.home");
            } else {
                System.setProperty("duet.home", previous);
            }
        }
    }
}
