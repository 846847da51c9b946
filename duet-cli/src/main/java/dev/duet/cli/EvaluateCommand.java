package dev.duet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import dev.duet.JsonFormat;
import dev.duet.eval.GroundingEvaluator;
import dev.duet.eval.GroundingReport;
import dev.duet.explain.Explainer;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;
import dev.duet.world.SceneGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
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

    @Option(names = "--scenes", defaultValue = "200", paramLabel = "N", description = "held-out scenes, 2..10000 (default: ${DEFAULT-VALUE})")
    int scenes;

    @Option(names = "--world", defaultValue = "standard", description = WorldChoice.DESCRIPTION + " (default: ${DEFAULT-VALUE})")
    WorldChoice world;

    @Option(names = "--json", paramLabel = "OUT.json", description = "write the scores as JSON; - prints them to "
            + "standard output (and the summary line to standard error)")
    Path json;

    @Option(names = "--seed", paramLabel = "S", description = "scenes of this seed (default: the held-out seed train evaluates on)")
    Long seed;

    @Override
    public Integer call() {
        if (scenes < 2 || scenes > 10_000) {
            throw new BadInputException(null, "--scenes must be in 2..10000, got " + scenes);
        }
        ClipModel model = modelOptions.load();
        SceneGenerator generator = new SceneGenerator(world.spec(model.config().vision().imageSize()));
        GroundingReport report;
        int textLayer;
        int imageLayer;
        try (Parallel parallel = modelOptions.parallel()) {
            // the explainer resolves absent layers (the last block) and checks given ones
            Explainer explainer = Explainer.forModel(model, settings.options(model), parallel);
            textLayer = explainer.textLayer();
            imageLayer = explainer.imageLayer();
            report = new GroundingEvaluator(generator, seed == null ? TrainCommand.HELD_OUT_SEED : seed, scenes,
                    explainer.options(), world.newConcepts()).evaluate(model, parallel);
        }
        if (json != null) {
            JsonOutput.emit(json, json(report, textLayer, imageLayer), spec.commandLine().getOut());
        }
        PrintWriter summary = JsonOutput.toStandardOutput(json) ? spec.commandLine().getErr() : spec.commandLine().getOut();
        summary.printf(Locale.ROOT, "%d scenes, layers %d/%d: retrieval text->image %.3f, image->text %.3f, "
                        + "hard negatives %.3f, grounding %.3f of %d phrases (chance %.3f)%s%n", report.scenes(), textLayer,
                imageLayer, report.textToImage(), report.imageToText(), report.hardNegative(), report.grounding(),
                report.mentions(), report.groundingChance(), report.focusMentions() == 0 ? ""
                        : String.format(Locale.ROOT, ", new concepts %.3f of %d", report.focusGrounding(), report.focusMentions()));
        return 0;
    }

    private ObjectNode json(GroundingReport report, int textLayer, int imageLayer) {
        ObjectNode root = JsonFormat.EVALUATION.newDocument();
        root.put("model", modelOptions.modelDirectory().toString());
        root.put("world", world.name().toLowerCase(Locale.ROOT));
        root.put("seed", seed == null ? TrainCommand.HELD_OUT_SEED : seed);
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
            grounding.putObject("new_concepts").put("phrases", report.focusMentions()).put("share", report.focusGrounding());
        }
        return root;
    }
}