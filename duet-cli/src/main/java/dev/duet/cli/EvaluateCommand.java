/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.JsonFormat;
import dev.duet.Spelling;
import dev.duet.eval.GroundingEvaluator;
import dev.duet.eval.GroundingReport;
import dev.duet.eval.GroundingTables;
import dev.duet.explain.Explainer;
import dev.duet.model.ClipCheckpoint;
import dev.duet.model.ClipModel;
import dev.duet.model.DualEncoder;
import dev.duet.tensor.Parallel;
import dev.duet.train.ClipInitializer;
import dev.duet.train.ClipParameters;
import dev.duet.train.WorldTraining;
import dev.duet.world.SceneGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Scores a model on held-out scenes of the synthetic world, as {@code train} does while it runs:
 * zero-shot retrieval, hard negatives, and grounding (the share of caption phrases whose span
 * map peaks inside the named object's box) at the layers and settings of {@code explain}.
 */
@Command(name = "evaluate", description = "Score a model on held-out scenes of the synthetic world: retrieval, "
        + "hard negatives and grounding of its explanations (at the layers and settings of explain).")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ExplainSettings settings;

    @Mixin
    ProgressOptions progressOptions;

    @Option(names = "--scenes", defaultValue = "200", paramLabel = "N", description = "held-out scenes, 2..10000 (default: ${DEFAULT-VALUE})")
    int scenes;

    @Option(names = "--world", defaultValue = "standard", description = WorldChoice.DESCRIPTION + " (default: ${DEFAULT-VALUE})")
    WorldChoice world;

    @Option(names = "--json", paramLabel = "OUT.json", description = "write the scores as JSON; - prints them to "
            + "standard output (and the summary line to standard error)")
    Path json;

    @Option(names = "--seed", paramLabel = "S", description = "scenes of this seed (default: the held-out seed train evaluates on)")
    Long seed;

    @Option(names = "--tables", paramLabel = "FILE.md", description = "also write Markdown tables: grounding beside the "
            + "centre prior and a random map, per shape, colour, size and object count, and the hard negatives' swapped words")
    Path tables;

    @Option(names = "--random-weights", paramLabel = "SEED", description = "score a freshly initialised model of the "
            + "same shape (with the same tokenizer and preprocessing) instead of the trained weights")
    Long randomWeights;

    @Option(names = "--focus-words", split = ",", paramLabel = "WORD", description = "also score each phrase that "
            + "holds one of these words by that word's own map, as the shifted worlds score their new concepts "
            + "(default: the words of the concepts the world adds; e.g. the known colours, to compare)")
    List<String> focusWords;

    @Option(names = "--all-layers", description = "score the explanations at every pair of text and image layers "
            + "(the tables then start with a grid of them; the detailed tables are those of --text-layer/--image-layer)")
    boolean allLayers;

    @Override
    public Integer call() throws IOException {
        if (scenes < 2 || scenes > 10_000) {
            throw new BadInputException(null, "--scenes must be in 2..10000, got " + scenes);
        }
        Set<String> focus = focusWords == null ? world.newConcepts() : Set.copyOf(focusWords);
        for (String word : focus) {
            if (!word.matches("[a-z]+")) {
                throw new BadInputException(null, "--focus-words takes lower-case words, got '" + word + "'");
            }
        }
        DualEncoder model = randomWeights == null ? modelOptions.load()
                : randomlyInitialised(modelOptions.loadClip("--random-weights initialises CLIP's weights"));
        SceneGenerator generator = new SceneGenerator(world.spec(model.vision().imageSize()));
        Map<GroundingTables.Layers, GroundingReport> reports = new LinkedHashMap<>();
        GroundingTables.Layers chosen;
        PrintWriter summary = JsonOutput.toStandardOutput(json) ? spec.commandLine().getErr() : spec.commandLine().getOut();
        try (Parallel parallel = modelOptions.parallel()) {
            // the explainer resolves absent layers (the last block) and checks given ones
            Explainer explainer = Explainer.forModel(model, settings.options(model), parallel);
            chosen = new GroundingTables.Layers(explainer.textLayer(), explainer.imageLayer());
            List<GroundingTables.Layers> pairs = new ArrayList<>();
            if (allLayers) {
                // every block's input, and for a ResNet every stage's output up to the last map
                for (int text = 0; text < model.text().layers(); text++) {
                    for (int image = 0; image <= model.vision().defaultCut(); image++) {
                        pairs.add(new GroundingTables.Layers(text, image));
                    }
                }
            } else {
                pairs.add(chosen);
            }
            long total = (long) pairs.size() * scenes;
            try (TaskProgress progress = TaskProgress.start("evaluate", total, "scenes", progressOptions.quiet,
                    spec.commandLine().getErr())) {
                for (GroundingTables.Layers layers : pairs) {
                    long before = (long) reports.size() * scenes;
                    String label = "layers " + layers.text() + "/" + layers.image();
                    GroundingReport report = new GroundingEvaluator(generator, seed == null ? WorldTraining.HELD_OUT_SEED : seed,
                            scenes, explainer.options().withLayers(layers.text(), layers.image()), focus)
                            .evaluate(model, parallel, done -> {
                                synchronized (progress) {
                                    progress.stepTo(before + done, total, label);
                                }
                            });
                    reports.put(layers, report);
                    summary.printf(Locale.ROOT, "%d scenes, layers %d/%d: retrieval text->image %.3f, "
                                    + "image->text %.3f, hard negatives %.3f, grounding %.3f of %d phrases (chance %.3f)%s%n",
                            report.scenes(), layers.text(), layers.image(), report.textToImage(), report.imageToText(),
                            report.hardNegative(), report.grounding(), report.mentions(), report.groundingChance(),
                            report.focusMentions() == 0 ? "" : String.format(Locale.ROOT, ", focus words alone %.3f of %d",
                                    report.focusGrounding(), report.focusMentions()));
                    summary.flush();
                }
            }
        }
        // the chosen pair is always scored: alone, or as one of every pair
        GroundingReport detailed = reports.get(chosen);
        if (tables != null) {
            String weights = randomWeights == null ? "trained weights" : "random weights (seed " + randomWeights + ")";
            StringBuilder markdown = new StringBuilder();
            if (allLayers) {
                markdown.append(GroundingTables.layerGrid(reports, weights + ", " + world + " world, every layer pair"));
            }
            markdown.append(GroundingTables.markdown(detailed, String.format(Locale.ROOT, "%s, layers %d/%d, %s world",
                    weights, chosen.text(), chosen.image(), world)));
            AtomicFiles.write(tables, markdown.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (json != null) {
            JsonOutput.emit(json, json(detailed, model, chosen.text(), chosen.image()), spec.commandLine().getOut());
        }
        return 0;
    }

    /** A model of the same shape as {@code trained}, with the same tokenizer and preprocessing, its weights drawn afresh. */
    private ClipModel randomlyInitialised(ClipModel trained) {
        ClipParameters fresh = ClipInitializer.initialize(trained.config(), randomWeights);
        return ClipModel.of(new ClipCheckpoint(Path.of("random-weights-" + randomWeights), trained.config(),
                fresh.weights(), "random"), trained.tokenizer(), trained.preprocessor());
    }

    private ObjectNode json(GroundingReport report, DualEncoder model, int textLayer, int imageLayer) {
        ObjectNode root = JsonFormat.EVALUATION.newDocument();
        root.put("model", modelOptions.modelDirectory().toString());
        root.put("model_family", Spelling.of(model.family()));
        root.put("world", world.name().toLowerCase(Locale.ROOT));
        root.put("seed", seed == null ? WorldTraining.HELD_OUT_SEED : seed);
        root.put("scenes", report.scenes());
        root.put("text_layer", textLayer);
        root.put("image_layer", imageLayer);
        root.put("text_to_image", report.textToImage());
        root.put("image_to_text", report.imageToText());
        root.put("hard_negative", report.hardNegative());
        ObjectNode grounding = root.putObject("grounding");
        grounding.put("phrases", report.mentions());
        grounding.put("share", report.grounding());
        grounding.put("chance", report.groundingChance());
        if (report.focusMentions() > 0) {
            grounding.putObject("focus_words").put("phrases", report.focusMentions()).put("share", report.focusGrounding());
        }
        return root;
    }
}