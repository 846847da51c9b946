/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The badness heuristic's fast pre-check never hides a match of the full patterns. */
class MojibakeHeuristicTest {

    @Test
    void classBodiesExpandToTheirMembers() {
        var set = MojibakeHeuristic.members("\\N{GREEK CAPITAL LETTER ALPHA}-\\N{GREEK CAPITAL LETTER GAMMA}\\x{E9}z");
        assertTrue(set.get(0x391) && set.get(0x392) && set.get(0x393) && set.get(0xE9) && set.get('z'));
        assertEquals(5, set.cardinality());
    }

    @Test
    void preCheckAgreesWithTheFullPatternsOnRandomText() {
        String pool = "aeZ .,?!'\u00A0\u00B0\u00B2\u00C2\u00C3\u00C4\u00D8\u00D9\u00E0\u00E2\u00E9\u00F3\u00FC"
                + "\u0152\u0153\u0160\u0178\u0192\u02C6\u0386\u0392\u03B2\u03C0\u0412\u0432\u0402\u045E"
                + "\u2013\u2019\u201A\u201C\u201D\u2020\u2022\u2026\u20AC\u2122\u221A\u2248\u2502\u2550\u2591"
                + "\u0080\u0085\u009D\u00A9\u00AE\u00BB\u00BF\uFFFD\u4E2D\u65E5";
        Random random = new Random(7);
        int bad = 0;
        for (int n = 0; n < 20000; n++) {
            StringBuilder s = new StringBuilder();
            for (int k = 1 + random.nextInt(6); k > 0; k--) {
                s.append(pool.charAt(random.nextInt(pool.length())));
            }
            boolean full = MojibakeHeuristic.matchesBadnessPatterns(s.toString());
            assertEquals(full, MojibakeHeuristic.isBad(s.toString()), s.toString());
            bad += full ? 1 : 0;
        }
        assertTrue(bad > 1000 && bad < 19000, "random text should be sometimes bad: " + bad);
        assertFalse(MojibakeHeuristic.isBad("a caf\u00E9 in Z\u00FCrich, \u65E5\u672C\u8A9E"));
        assertTrue(MojibakeHeuristic.isBad("caf\u00C3\u00A9"));
    }
}
