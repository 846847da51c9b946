/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.Spelling;
import dev.duet.data.BadRecordPolicy;
import dev.duet.data.DatasetKind;
import dev.duet.data.DatasetSplit;
import dev.duet.data.GroundingDataset;
import dev.duet.data.GroundingReaders;
import dev.duet.data.RecordProblems;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.BaselineMaps;
import dev.duet.explain.Explainer;
import dev.duet.grounding.GroundingRun;
import dev.duet.grounding.GroundingSummary;
import dev.duet.grounding.MapMethod;
import dev.duet.grounding.MapSource;
import dev.duet.grounding.ResultLog;
import dev.duet.model.DualEncoder;
import dev.duet.tensor.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code duet eval}: the grounding harness over a data set on disk. Parses options, reads the
 * data set, refuses an output folder written with other arguments, runs
 * {@link GroundingRun} (appending to {@code results.jsonl}) and writes {@code summary.json} and
 * {@code summary.md} atomically at the end.
 */
@Command(name = "eval", description = "Grounding of explanations over a data set (COCO 2017, Flickr30k Entities, HNC or "
        + "a synthetic world): pointing game and mass in box per phrase, per class and per box size, against baselines; "
        + "resumable.")
final class EvalCommand implements Callable<Integer> {

    static final String RUN_FILE = "run.json";
    static final String SUMMARY_JSON = "summary.json";
    static final String SUMMARY_MD = "summary.md";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    PreprocessOption preprocess = new PreprocessOption();

    @Mixin
    ExplainSettings settings;

    @Mixin
    ProgressOptions progressOptions;

    @Mixin
    ChartOptions charts;

    @Option(names = "--dataset", required = true, converter = DatasetConverter.class,
            description = "coco | flickr30k-entities | hnc | synthetic")
    DatasetKind dataset;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "the data set's folder")
    Path data;

    @Option(names = "--split", description = "val | test (default: val; test for flickr30k-entities; a synthetic world has no splits)")
    SplitName split;

    @Option(names = "--limit", paramLabel = "N", description = "only the first N images")
    Integer limit;

    @Option(names = "--methods", split = ",", defaultValue = "duet,random,centre", converter = MethodConverter.class,
            description = "maps to score, comma-separated: duet, random, centre, gradient (first-order gradient x input "
                    + "at the image layer), dense (patch embeddings against the phrase's) (default: ${DEFAULT-VALUE})")
    List<MapMethod> methods;

    @Option(names = "--layer-pairs", split = ",", paramLabel = "T/I",
            description = "score Duet's maps at each of these text/image layer pairs (e.g. 0/3,3/3), each as method "
                    + "duet@T/I; without it, the one pair of --text-layer and --image-layer, as method duet")
    List<String> layerPairs;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the random map and of the bootstrap (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--on-bad-record", defaultValue = "skip", description = "skip | fail (default: ${DEFAULT-VALUE})")
    PolicyName onBadRecord;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created; a rerun with the same arguments resumes)")
    Path out;

    enum SplitName { val, test }

    enum PolicyName { skip, fail }

    static final class DatasetConverter implements CommandLine.ITypeConverter<DatasetKind> {
        @Override
        public DatasetKind convert(String value) {
            for (DatasetKind kind : DatasetKind.values()) {
                if (kind.cliName().equals(value)) {
                    return kind;
                }
            }
            throw new CommandLine.TypeConversionException("unknown data set '" + value + "'");
        }
    }

    static final class MethodConverter implements CommandLine.ITypeConverter<MapMethod> {
        @Override
        public MapMethod convert(String value) {
            return MapMethod.fromCliName(value).orElseThrow(() -> new CommandLine.TypeConversionException("unknown method '" + value + "'"));
        }
    }

    @Override
    public Integer call() throws IOException {
        if (limit != null && limit < 1) {
            throw new BadInputException(null, "--limit must be at least 1, got " + limit);
        }
        if (out.getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
            throw new BadInputException(out, "the folder that should hold --out does not exist");
        }
        Set<MapMethod> chosen = EnumSet.copyOf(methods);
        DatasetSplit datasetSplit = split != null ? DatasetSplit.valueOf(split.name().toUpperCase(Locale.ROOT))
                : dataset == DatasetKind.FLICKR30K_ENTITIES ? DatasetSplit.TEST : DatasetSplit.VAL;
        DualEncoder model = modelOptions.load(preprocess);
        RecordProblems problems = new RecordProblems(onBadRecord == PolicyName.fail ? BadRecordPolicy.FAIL : BadRecordPolicy.SKIP);
        GroundingDataset read = GroundingReaders.read(dataset, data, datasetSplit, problems);
        GroundingDataset evaluated = limit == null ? read : read.limit(limit);
        try (Parallel parallel = modelOptions.parallel()) {
            List<Explainer> explainers = explainers(model, parallel);
            Explainer explainer = explainers.get(0);
            List<MapSource> sources = MapSource.of(chosen, explainers);
            ObjectNode arguments = arguments(model, explainers, datasetSplit, chosen);
            Files.createDirectories(out);
            claim(arguments);
            GroundingRun.Outcome outcome;
            GroundingRun run;
            try (ResultLog log = ResultLog.open(out.resolve(ResultLog.FILE));
                 TaskProgress progress = TaskProgress.start("eval", evaluated.images().size(), "images", progressOptions.quiet,
                         spec.commandLine().getErr())) {
                BaselineMaps baselines = new BaselineMaps(model.vision(), explainer.imageLayer(), parallel);
                run = new GroundingRun(model, sources, baselines, seed, problems);
                outcome = run.run(evaluated, log,
                        (done, total, results) -> progress.stepTo(done, total, results + " results"));
            }
            GroundingSummary summary = GroundingSummary.of(evaluated, arguments, sources, outcome, problems.skipped(),
                    problems.firstReasons(), seed);
            AtomicFiles.write(out.resolve(SUMMARY_JSON), summary.json().getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(out.resolve(SUMMARY_MD), summary.markdown().getBytes(StandardCharsets.UTF_8));
            EvalCharts.write(out, JSON.readTree(summary.json()), sources, outcome, charts.format);
            if (chosen.contains(MapMethod.DUET)) {
                EvalCases.write(out, evaluated, run, outcome, sources.stream()
                        .filter(source -> source.method() == MapMethod.DUET).findFirst().orElseThrow().name());
            }
            spec.commandLine().getOut().print(summary.markdown());
        }
        return 0;
    }

    /** Everything that decides the results; a rerun into the same folder must match it. */
    /** One explainer per layer pair asked for, or the one of the explain settings. */
    private List<Explainer> explainers(DualEncoder model, Parallel parallel) {
        ExplainOptions options = settings.options(model);
        if (layerPairs == null || layerPairs.isEmpty()) {
            return List.of(Explainer.forModel(model, options, parallel));
        }
        List<Explainer> explainers = new java.util.ArrayList<>();
        for (String pair : layerPairs) {
            String[] parts = pair.split("/", -1);
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                explainers.add(Explainer.forModel(model, options.withLayers(Integer.parseInt(parts[0].trim()),
                        Integer.parseInt(parts[1].trim())), parallel));
            } catch (NumberFormatException e) {
                throw new BadInputException(null, "--layer-pairs: '" + pair + "' is not TEXT/IMAGE, such as 0/3");
            }
        }
        return explainers;
    }

    private ObjectNode arguments(DualEncoder model, List<Explainer> explainers, DatasetSplit datasetSplit,
                                 Set<MapMethod> chosen) {
        Explainer explainer = explainers.get(0);
        ExplainOptions options = explainer.options();
        ObjectNode node = JSON.createObjectNode();
        node.put("dataset", dataset.cliName());
        node.put("data", data.toAbsolutePath().normalize().toString());
        node.put("split", dataset == DatasetKind.SYNTHETIC ? null : datasetSplit.cliName());
        if (limit == null) {
            node.putNull("limit");
        } else {
            node.put("limit", limit);
        }
        chosen.forEach(method -> node.withArray("methods").add(method.cliName()));
        node.put("seed", seed);
        node.put("on_bad_record", onBadRecord.name());
        node.put("model", model.directory().toAbsolutePath().normalize().toString());
        node.put("model_family", Spelling.of(model.family()));
        node.put("preprocessing", model.preprocessor().pipeline().cliName());
        ObjectNode explain = node.putObject("explain");
        explain.put("text_layer", explainer.textLayer());
        explain.put("image_layer", explainer.imageLayer());
        explain.put("quadrature", Spelling.of(options.quadrature()));
        explain.put("steps", options.steps());
        explain.put("tolerance", options.tolerance());
        explain.put("normalization", Spelling.of(options.normalization()));
        explain.put("text_reference_length", options.textReferenceLength());
        explain.put("image_reference", options.imageReference().describe());
        explain.put("scale_by_logit", options.scaleByLogit());
        explain.put("image_mode", Spelling.of(options.imageMode()));
        if (layerPairs != null && !layerPairs.isEmpty()) {
            explainers.forEach(e -> explain.withArray("layer_pairs").add(e.textLayer() + "/" + e.imageLayer()));
        }
        return node;
    }

    /** Writes run.json in a new folder; in a used one, requires the same arguments. */
    private void claim(ObjectNode arguments) throws IOException {
        Path runFile = out.resolve(RUN_FILE);
        if (Files.exists(runFile)) {
            JsonNode earlier;
            try {
                earlier = JSON.readTree(runFile.toFile());
            } catch (IOException e) {
                throw new BadInputException(runFile, "is not the JSON a run writes: " + e.getMessage(), e);
            }
            // compared as read back from JSON: a long seed written as 0 reads back as an int
            JsonNode now = JSON.readTree(JSON.writeValueAsBytes(arguments));
            if (!now.equals(earlier)) {
                throw new BadInputException(runFile, "this folder holds a run with other arguments (" + difference(earlier, now)
                        + "); rerun with the same arguments to resume, or choose another --out");
            }
            return;
        }
        AtomicFiles.write(runFile, JSON.writeValueAsBytes(arguments));
    }

    private static String difference(JsonNode earlier, JsonNode now) {
        StringBuilder changed = new StringBuilder();
        now.fieldNames().forEachRemaining(name -> {
            if (!now.get(name).equals(earlier.get(name))) {
                changed.append(changed.isEmpty() ? "" : ", ").append(name).append(": ").append(earlier.get(name))
                        .append(" then, ").append(now.get(name)).append(" now");
            }
        });
        return changed.isEmpty() ? "fields differ" : changed.toString();
    }
}
