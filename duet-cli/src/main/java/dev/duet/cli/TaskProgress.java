/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;

/**
 * Progress of a long command on stderr, drawn by me.tongfei:progressbar (count, share, elapsed
 * time, rate and time left): on a terminal one line redrawn in place every second; written to a
 * log or a pipe, the same line every 10 s; nothing with {@code --quiet}.
 */
final class TaskProgress implements AutoCloseable {

    private final ProgressBar bar;
    private final boolean terminal;
    private final PrintWriter err;

    private TaskProgress(ProgressBar bar, boolean terminal, PrintWriter err) {
        this.bar = bar;
        this.terminal = terminal;
        this.err = err;
    }

    static TaskProgress start(String task, long total, String unit, boolean quiet, PrintWriter err) {
        if (quiet) {
            return new TaskProgress(null, false, err);
        }
        boolean terminal = onTerminal();
        DelegatingProgressBarConsumer consumer = new DelegatingProgressBarConsumer(line -> {
            err.print(terminal ? "\r" + line : line + System.lineSeparator());
            err.flush();
        }, 100);
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(consumer).showSpeed()
                .setUpdateIntervalMillis(terminal ? 1000 : 10_000).build();
        return new TaskProgress(bar, terminal, err);
    }

    /** Whether the command runs on a terminal (where a line can be redrawn in place) rather than into a log or pipe. */
    static boolean onTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    /** {@code done} of {@code total} items so far; {@code message} is shown after the bar (results so far, the last item...). */
    void stepTo(long done, long total, String message) {
        if (bar != null) {
            bar.maxHint(total);
            bar.stepTo(done);
            bar.setExtraMessage(" " + message);
        }
    }

    /** Draws the final state (and ends the terminal's line). */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            if (terminal) {
                err.println();
                err.flush();
            }
        }
    }
}
