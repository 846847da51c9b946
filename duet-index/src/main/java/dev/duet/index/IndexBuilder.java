/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.explain.Explainer;
import dev.duet.explain.Factor;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.DualEncoder;
import dev.duet.model.ModelChecksum;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds or extends an index of an image folder: per image its factor V (with the settings of
 * the given explainer) and embedding, {@code commitEvery} images per commit. A commit writes
 * the batch's factors as one new {@link FactorStore} file (atomically), then adds the batch's
 * documents to Lucene and commits them with the updated {@link IndexManifest}. A build killed at
 * any point leaves the last commit intact; run again, it skips the images that commit holds,
 * overwrites a factor file a killed batch left past it, and so adds each image exactly once.
 * Images added to the folder since the last build are added; none is ever removed.
 */
public final class IndexBuilder {

    /** What an unreadable image in the corpus does. */
    public enum OnBadImage {
        /** skipped and counted; the build goes on */
        SKIP,
        /** the build stops (exit 2); the index keeps its last commit */
        FAIL
    }

    /** Where a build stands after an image: {@code done} of {@code toDo} pending images, {@code skipped} of them unreadable. */
    public record Progress(int done, int toDo, int skipped, double seconds) {

        /** Seconds left at the rate so far. */
        public double secondsLeft() {
            return done == 0 ? Double.NaN : seconds / done * (toDo - done);
        }
    }

    /** Called after every image (and may throw, which stops the build as a failure would). */
    @FunctionalInterface
    public interface Listener {
        void afterImage(Progress progress);
    }

    /**
     * What a build did.
     *
     * @param added          images indexed by this build
     * @param alreadyIndexed images an earlier build had committed
     * @param skipped        unreadable images (each named in {@code problems}, the first {@link #MAX_PROBLEMS})
     * @param items          images in the index now
     */
    public record Summary(int added, int alreadyIndexed, int skipped, List<String> problems, int items) {
    }

    static final int MAX_PROBLEMS = 20;
    static final String FILE = "file";
    static final String EMBEDDING = "embedding";
    static final String CHUNK = "chunk";
    static final String SLOT = "slot";

    private final DualEncoder model;
    private final Explainer explainer;
    private final StoreSettings settings;
    private final OnBadImage onBadImage;
    private final int commitEvery;

    /**
     * @param explainer   computes the image factors; its options (image layer, reference, normalisation,
     *                    quadrature) become the index's settings
     * @param commitEvery images per commit: a killed build loses at most this many
     */
    public IndexBuilder(DualEncoder model, Explainer explainer, Precision precision, OnBadImage onBadImage, int commitEvery) {
        if (commitEvery < 1 || commitEvery > 100_000) {
            throw new BadInputException(null, "images per commit must be in 1..100000, got " + commitEvery);
        }
        this.model = model;
        this.explainer = explainer;
        this.settings = StoreSettings.of(ModelChecksum.of(model.directory()), model.vision(), explainer.options(), precision);
        this.onBadImage = onBadImage;
        this.commitEvery = commitEvery;
    }

    public StoreSettings settings() {
        return settings;
    }

    /** Indexes every image under {@code images} into the folder {@code index} (created, or resumed). */
    public Summary build(Path images, Path index, Listener listener) throws IOException {
        Path root = images.toAbsolutePath().normalize();
        List<String> keys = ImageFiles.list(root);
        boolean created = prepareFolder(index);
        Files.createDirectories(IndexManifest.factorsFolder(index));
        try (Directory directory = FSDirectory.open(IndexManifest.luceneFolder(index))) {
            IndexWriter writer = openWriter(index, directory);
            boolean committedBatch = false;
            try {
                IndexManifest manifest = manifest(index, directory, writer, root);
                Set<String> done = committedKeys(writer);
                removeLeftovers(index, manifest.chunks());
                List<String> pending = keys.stream().filter(key -> !done.contains(key)).toList();
                int skipped = 0;
                List<String> problems = new ArrayList<>();
                long start = System.nanoTime();
                FactorStoreWriter batch = new FactorStoreWriter(settings);
                List<Document> documents = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    String key = pending.get(i);
                    Factor factor = factor(root, key, problems);
                    if (factor == null) {
                        skipped++;
                    } else {
                        documents.add(document(key, manifest.chunks(), batch.size(), FactorCodec.embedding(factor)));
                        batch.add(key, factor);
                    }
                    if (batch.size() == commitEvery || (i == pending.size() - 1 && batch.size() > 0)) {
                        manifest = commit(index, writer, manifest, batch, documents);
                        committedBatch = true;
                        batch = new FactorStoreWriter(settings);
                        documents.clear();
                    }
                    listener.afterImage(new Progress(i + 1, pending.size(), skipped, (System.nanoTime() - start) / 1e9));
                }
                writer.close();
                return new Summary(pending.size() - skipped, done.size(), skipped, List.copyOf(problems), manifest.items());
            } catch (IOException | RuntimeException | Error failure) {
                writer.rollback();
                if (created && !committedBatch) {
                    directory.close();
                    AtomicFiles.deleteTree(index);
                }
                throw failure;
            }
        }
    }

    /** The index folder: created when absent (true), reused when it holds a Duet index or nothing. */
    private static boolean prepareFolder(Path index) throws IOException {
        if (!Files.exists(index)) {
            Path parent = index.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new BadInputException(index, "cannot create the index: folder " + parent + " does not exist");
            }
            Files.createDirectory(index);
            return true;
        }
        if (!Files.isDirectory(index)) {
            throw new BadInputException(index, "exists and is not a folder; an index is a folder");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(index)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.equals(IndexManifest.LUCENE_FOLDER) && !name.equals(IndexManifest.FACTORS_FOLDER)) {
                    throw new BadInputException(index, "exists and is not a Duet index (it holds " + name + ")");
                }
            }
        }
        return false;
    }

    private static IndexWriter openWriter(Path index, Directory directory) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false);   // only complete batches are committed, by commit()
        try {
            return new IndexWriter(directory, config);
        } catch (LockObtainFailedException e) {
            throw new BadInputException(index, "another process is building this index", e);
        } catch (IOException e) {
            throw new BadInputException(index, "not a readable Duet index: " + e.getMessage(), e);
        }
    }

    /** The last commit's manifest, checked against this build; for a new index an empty commit records it first. */
    private IndexManifest manifest(Path index, Directory directory, IndexWriter writer, Path root) throws IOException {
        Path modelFolder = model.directory().toAbsolutePath().normalize();
        if (!DirectoryReader.indexExists(directory)) {
            IndexManifest fresh = new IndexManifest(settings, modelFolder, root, 0, 0);
            writer.setLiveCommitData(fresh.commitData().entrySet());
            writer.commit();
            return fresh;
        }
        java.util.Map<String, String> data = new java.util.HashMap<>();
        writer.getLiveCommitData().forEach(entry -> data.put(entry.getKey(), entry.getValue()));
        IndexManifest manifest = IndexManifest.of(index, data);
        String difference = settings.firstDifference(manifest.settings());
        if (difference != null) {
            throw new BadInputException(index, "was built with other settings (" + difference.replace(" here,", " now,")
                    .replace(" there", " in the index") + "); build another index, or use the index's settings");
        }
        if (!manifest.images().equals(root)) {
            throw new BadInputException(index, "was built from the images in " + manifest.images() + ", not " + root);
        }
        if (writer.getDocStats().numDocs != manifest.items()) {
            throw new BadInputException(index, "corrupt: " + writer.getDocStats().numDocs + " documents, but its manifest says "
                    + manifest.items());
        }
        return manifest.withModel(modelFolder);
    }

    private static Set<String> committedKeys(IndexWriter writer) throws IOException {
        Set<String> keys = new HashSet<>();
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            StoredFields fields = reader.storedFields();
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                keys.add(fields.document(doc, Set.of(FILE)).get(FILE));
            }
        }
        return keys;
    }

    /** Factor files past the last commit and temporaries of atomic writes: what a killed build left. */
    private static void removeLeftovers(Path index, int committedChunks) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(IndexManifest.factorsFolder(index))) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                int chunk = IndexManifest.chunkNumber(name);
                if (chunk >= committedChunks || (name.startsWith(".duet-") && name.endsWith(".part"))) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** The image's factor, or null when it is unreadable and skipped (its problem recorded). */
    private Factor factor(Path root, String key, List<String> problems) {
        Path file = ImageFiles.resolve(root, key);
        PreprocessedImage image;
        try {
            image = model.preprocess(file);
        } catch (BadInputException unreadable) {
            if (onBadImage == OnBadImage.FAIL) {
                throw unreadable;
            }
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(unreadable.getMessage());
            }
            return null;
        }
        Factor factor = explainer.imageFactor(image.pixels());
        if (!FactorCodec.finite(factor)) {
            throw new BadInputException(file, "its image factor is not finite: the model's weights overflow on it");
        }
        return factor;
    }

    private static Document document(String key, int chunk, int slot, float[] embedding) {
        double norm = 0;
        for (float value : embedding) {
            norm += (double) value * value;
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0)) {
            throw new BadInputException(null, "the embedding of " + key + " is zero: it has no direction to search by");
        }
        float[] unit = new float[embedding.length];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = (float) (embedding[i] / norm);
        }
        Document document = new Document();
        document.add(new StringField(FILE, key, Field.Store.YES));
        // dot product of unit vectors = cosine; Lucene scores it as (1 + cosine) / 2
        document.add(new KnnFloatVectorField(EMBEDDING, unit, VectorSimilarityFunction.DOT_PRODUCT));
        document.add(new StoredField(CHUNK, chunk));
        document.add(new StoredField(SLOT, slot));
        return document;
    }

    private static IndexManifest commit(Path index, IndexWriter writer, IndexManifest manifest, FactorStoreWriter batch,
                                        List<Document> documents) throws IOException {
        // the factor file first: a kill before the commit leaves it past the manifest's count, removed at resume
        batch.write(IndexManifest.chunkFile(index, manifest.chunks()));
        writer.addDocuments(documents);
        IndexManifest next = manifest.withProgress(manifest.chunks() + 1, manifest.items() + batch.size());
        writer.setLiveCommitData(next.commitData().entrySet());
        writer.commit();
        return next;
    }
}
