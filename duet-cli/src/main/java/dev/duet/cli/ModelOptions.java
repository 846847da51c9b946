/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.BadInputException;
import dev.duet.model.ClipModel;
import dev.duet.model.DualEncoder;
import dev.duet.model.HubCache;
import dev.duet.model.ModelFamily;
import dev.duet.tensor.Parallel;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Options shared by every command that loads a model. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "DIR|ORG/NAME",
            description = "checkpoint directory: CLIP (HuggingFace or open_clip layout, weights whole or sharded), SigLIP "
                    + "(transformers' layout with spiece.model, or SigLIP 2's with Gemma's tokenizer.model) or a "
                    + "sentence-transformers BERT model (embed and tokenize only), a HuggingFace hub cache snapshot, or a hub id such as "
                    + "openai/clip-vit-base-patch16 found in the hub cache (never downloaded); default: Duet's own model")
    Path model;

    @Option(names = "--hub-cache", paramLabel = "DIR",
            description = "the HuggingFace hub cache that hub ids are looked up in (default: $HF_HUB_CACHE, else $HF_HOME/hub, "
                    + "else ~/.cache/huggingface/hub)")
    Path hubCache;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores; for one "
            + "explanation or the embeddings of the inputs given, one core fewer, which the JIT compiler needs)")
    Integer threads;

    Path modelDirectory() {
        if (model != null) {
            return (hubCache == null ? HubCache.fromEnvironment() : new HubCache(hubCache)).resolve(model.toString());
        }
        Path fallback = Path.of(System.getProperty("duet.home", "."), "models", "default");
        if (!Files.isDirectory(fallback)) {
            throw new BadInputException(fallback, "no --model given and Duet's default model is not installed here");
        }
        return fallback;
    }

    /** The model, CLIP's or SigLIP's, its images preprocessed as its own library does. */
    DualEncoder load() {
        return DualEncoder.load(modelDirectory());
    }

    /** The model, CLIP's or SigLIP's, its images preprocessed in the order {@code --preprocess} names or as its own library does. */
    DualEncoder load(PreprocessOption preprocess) {
        return preprocess.load(modelDirectory());
    }

    /** A CLIP model, for a command that takes no other: a SigLIP checkpoint is refused with {@code why}. */
    ClipModel loadClip(String why) {
        Path directory = modelDirectory();
        requireClip(directory, why);
        return ClipModel.load(directory);
    }

    /** Refuses a SigLIP, ALIGN or sentence encoder checkpoint in {@code directory} in one line: {@code why} says what needs CLIP, and why. */
    static void requireClip(Path directory, String why) {
        switch (ModelFamily.of(directory)) {
            case CLIP -> { }
            case SIGLIP -> throw new BadInputException(directory, "a SigLIP checkpoint: " + why);
            case ALIGN -> throw new BadInputException(directory, "an ALIGN checkpoint: " + why);
            case SENTENCE_BERT -> throw new BadInputException(directory, "a sentence encoder (BERT) checkpoint: " + why);
        }
    }

    /** The pool for a command that works through many inputs: {@code --threads}, else every core. */
    Parallel parallel() {
        return threads == null ? Parallel.allCores() : chosen();
    }

    /**
     * The pool for a command that computes one result and exits (one explanation, the embeddings of the inputs on
     * its command line): {@code --threads}, else every core but one. Such a command runs mostly while the JIT
     * compiles its kernels, and a compute thread on every core slows the compiler more than it speeds the
     * computation (BENCHMARKS.md, session 14). The results do not depend on the number of threads.
     */
    Parallel oneShotParallel() {
        return threads == null ? Parallel.of(Math.max(1, Runtime.getRuntime().availableProcessors() - 1)) : chosen();
    }

    private Parallel chosen() {
        if (threads < 1 || threads > 256) {
            throw new BadInputException(null, "--threads must be in 1..256, got " + threads);
        }
        return Parallel.of(threads);
    }
}
