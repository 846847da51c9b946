/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./benchmark.sh grounding} runs: on the tiny fixture model and two scenes it prints both
 * rows of its table and the phrases both ways agree on. Its figures are not checked: they are times.
 */
class GroundingBenchmarkTest {

    private static final Path TINY = Path.of(System.getProperty("duet.shared"), "fixtures", "models", "tiny");

    @Test
    void itPrintsPhrasesPerSecondWithAndWithoutReuse(@TempDir Path scratch) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            GroundingBenchmark.main(new String[] {TINY.toString(), scratch.toString(), "2", "1", "1"});
        } finally {
            System.setOut(out);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        Matcher header = Pattern.compile("2 images of the standard world at 64 px, (\\d+) phrases, cut .*").matcher(lines.getFirst());
        assertTrue(header.matches(), lines.getFirst());
        int phrases = Integer.parseInt(header.group(1));
        assertTrue(phrases > 0, "the scenes' captions name objects");
        for (String row : List.of("| an image's factor reused by its captions and phrases | ",
                "| every phrase explained on its own | ")) {
            String line = lines.stream().filter(l -> l.startsWith(row)).findFirst().orElseThrow(() -> new AssertionError(row));
            assertTrue(Double.parseDouble(line.substring(row.length(), line.length() - 2)) > 0, line);
        }
        Matcher agree = Pattern.compile("the pointing game is the same both ways for (\\d+) of (\\d+) phrases").matcher(lines.getLast());
        assertTrue(agree.matches(), lines.getLast());
        assertEquals(phrases, Integer.parseInt(agree.group(2)));
        assertTrue(Integer.parseInt(agree.group(1)) > 0, lines.getLast());
        try (var left = Files.list(scratch)) {
            assertFalse(left.findAny().isPresent(), "the scratch world is removed");
        }
    }
}
