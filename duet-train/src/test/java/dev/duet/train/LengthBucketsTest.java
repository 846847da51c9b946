/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LengthBucketsTest {

    @Test
    void everyIndexOnceAndGroupsInLengthOrder() {
        Random random = new Random(3);
        int[] lengths = new int[150];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = 4 + random.nextInt(19);
        }
        List<int[]> groups = LengthBuckets.of(lengths);
        assertTrue(groups.size() >= 1 && groups.size() <= LengthBuckets.MAX_GROUPS, groups.size() + " groups");
        boolean[] seen = new boolean[lengths.length];
        int previous = Integer.MIN_VALUE;
        for (int[] group : groups) {
            for (int index : group) {
                assertTrue(!seen[index], "index " + index + " twice");
                seen[index] = true;
                assertTrue(lengths[index] >= previous, "lengths ascend through the groups");
                previous = lengths[index];
            }
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
    }

    /** The grouping is the cheapest of all cuts of the sorted lengths, found here by trying every cut. */
    @Test
    void theGroupingCostsNoMoreThanAnyOtherCut() {
        int[] lengths = {5, 6, 5, 22, 7, 13, 12, 5, 6, 19, 4, 11, 6, 6, 5, 14, 7, 6, 5, 20};
        List<int[]> groups = LengthBuckets.of(lengths);
        int[] sorted = lengths.clone();
        java.util.Arrays.sort(sorted);
        long best = Long.MAX_VALUE;
        int n = sorted.length;
        for (int a = 1; a <= n; a++) {
            for (int b = a; b <= n; b++) {
                for (int c = b; c <= n; c++) {
                    List<Integer> ends = new ArrayList<>();
                    for (int end : new int[] {a, b, c, n}) {
                        if (ends.isEmpty() || end > ends.getLast()) {
                            ends.add(end);
                        }
                    }
                    long cost = 0;
                    int start = 0;
                    for (int end : ends) {
                        cost += (long) (end - start) * sorted[end - 1] + LengthBuckets.OVERHEAD_ROWS;
                        start = end;
                    }
                    best = Math.min(best, cost);
                }
            }
        }
        long chosen = 0;
        for (int[] group : groups) {
            int longest = 0;
            for (int index : group) {
                longest = Math.max(longest, lengths[index]);
            }
            chosen += (long) group.length * longest + LengthBuckets.OVERHEAD_ROWS;
        }
        assertEquals(best, chosen);
    }

    @Test
    void equalLengthsMakeOneGroup() {
        assertEquals(1, LengthBuckets.of(new int[] {7, 7, 7, 7}).size());
        assertEquals(List.of(), LengthBuckets.of(new int[0]));
    }
}
