/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import dev.duet.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where readers report a malformed record. Under {@link BadRecordPolicy#FAIL} a report throws the
 * {@link BadInputException} at once; under {@link BadRecordPolicy#SKIP} it is counted and the
 * first {@link #KEPT_REASONS} messages (file, record, problem) are kept for the summary.
 * Not thread-safe: one reader fills it.
 */
public final class RecordProblems {

    public static final int KEPT_REASONS = 10;

    private final BadRecordPolicy policy;
    private final List<String> firstReasons = new ArrayList<>();
    private int skipped;

    public RecordProblems(BadRecordPolicy policy) {
        this.policy = policy;
    }

    public static RecordProblems failing() {
        return new RecordProblems(BadRecordPolicy.FAIL);
    }

    public BadRecordPolicy policy() {
        return policy;
    }

    /** Reports that the record {@code where} of {@code file} is left out because of {@code problem}. */
    public void report(Path file, String where, String problem) {
        report(new BadInputException(file, where + ": " + problem));
    }

    /** Reports a record's problem already phrased as an exception (it names the file and the record). */
    public void report(BadInputException problem) {
        if (policy == BadRecordPolicy.FAIL) {
            throw problem;
        }
        skipped++;
        if (firstReasons.size() < KEPT_REASONS) {
            firstReasons.add(problem.getMessage());
        }
    }

    public int skipped() {
        return skipped;
    }

    /** The first {@link #KEPT_REASONS} messages, in the order reported. */
    public List<String> firstReasons() {
        return List.copyOf(firstReasons);
    }
}
