/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import dev.duet.BadInputException;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.explain.Factor;
import dev.duet.model.DualEncoder;
import dev.duet.model.ModelChecksum;
import dev.duet.model.NonFiniteValues;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * An index built by {@link IndexBuilder}, opened for text-to-image search with explanations:
 * the entry point for a service.
 *
 * <pre>{@code
 * try (DuetIndex index = DuetIndex.open(Path.of("photos.index"))) {
 *     DuetIndex.Results results = index.search("a red square", 10);
 *     Factor query = index.textFactor(results.query());        // once per query
 *     for (SearchHit hit : results.hits()) {
 *         Explanation why = index.explain(query, hit);         // one [T][P] x [P][R] product
 *         float[] map = why.spanMap(1, why.tokens() - 1);      // the words' map over the patch grid
 *     }
 * }
 * }</pre>
 *
 * Opening checks the index (its manifest, every factor store file against the index's settings,
 * the documents' count) and that the model is the one the index was built with (by
 * {@link ModelChecksum}); a foreign or corrupt index is a {@link BadInputException} naming the
 * file. Explanations use the index's image settings, so a stored factor's explanation equals
 * {@code Explainer.explain(textFactor, imageFactor)} on the same image, bit for bit (float32
 * stores). Methods may be called from several threads; calls that run the model take turns.
 */
public final class DuetIndex implements AutoCloseable {

    /** The most results one search returns. */
    public static final int MAX_K = 10_000;

    /** The query's tokens and its hits, best first. */
    public record Results(Encoding query, List<SearchHit> hits) {
    }

    private final Path index;
    private final IndexManifest manifest;
    private final DualEncoder model;
    private final Parallel parallel;
    private final boolean ownsParallel;
    private final Explainer explainer;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final List<FactorStore> stores;
    // the last query searched, at the text cut (guarded by this)
    private Explainer.TextCut lastQuery;
    // each thread's copy of the stored rows it multiplies, [R][P]
    private final ThreadLocal<float[]> rowBuffer = ThreadLocal.withInitial(() -> new float[0]);

    private DuetIndex(Path index, IndexManifest manifest, DualEncoder model, Parallel parallel, boolean ownsParallel,
                      Integer textLayer, Directory directory, DirectoryReader reader, List<FactorStore> stores) {
        this.index = index;
        this.manifest = manifest;
        this.model = model;
        this.parallel = parallel;
        this.ownsParallel = ownsParallel;
        this.explainer = Explainer.forModel(model, manifest.settings().explainOptions(textLayer), parallel);
        this.directory = directory;
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
        this.stores = stores;
    }

    /** Opens an index with the model folder it was built with, on every core, the text tower cut at its last block. */
    public static DuetIndex open(Path index) {
        IndexManifest manifest = readManifest(index);
        DualEncoder model = DualEncoder.load(manifest.model());
        Parallel parallel = Parallel.allCores();
        try {
            return open(index, model, parallel, true, null);
        } catch (RuntimeException e) {
            parallel.close();
            throw e;
        }
    }

    /**
     * Opens an index with a loaded model (refused unless it is the index's, by checksum) and the
     * caller's threads, which it does not close.
     *
     * @param textLayer the cut of the text tower for explanations (null: the input of its last block)
     */
    public static DuetIndex open(Path index, DualEncoder model, Parallel parallel, Integer textLayer) {
        return open(index, model, parallel, false, textLayer);
    }

    private static DuetIndex open(Path index, DualEncoder model, Parallel parallel, boolean ownsParallel, Integer textLayer) {
        IndexManifest manifest = readManifest(index);
        String checksum = ModelChecksum.of(model.directory());
        if (!checksum.equals(manifest.settings().modelSha256())) {
            throw new BadInputException(index, "was built with another model (sha256 " + manifest.settings().modelSha256()
                    .substring(0, 12) + "...; " + model.directory() + " is " + checksum.substring(0, 12) + "...)");
        }
        List<FactorStore> stores = new ArrayList<>();
        Directory directory = null;
        DirectoryReader reader = null;
        try {
            int items = 0;
            for (int chunk = 0; chunk < manifest.chunks(); chunk++) {
                FactorStore store = FactorStore.open(IndexManifest.chunkFile(index, chunk), manifest.settings());
                stores.add(store);
                items += store.size();
            }
            directory = FSDirectory.open(IndexManifest.luceneFolder(index));
            reader = DirectoryReader.open(directory);
            if (items != manifest.items() || reader.numDocs() != manifest.items()) {
                throw new BadInputException(index, "corrupt: its manifest names " + manifest.items() + " images, its factor files hold "
                        + items + " and Lucene " + reader.numDocs());
            }
            return new DuetIndex(index, manifest.withModel(model.directory()), model, parallel, ownsParallel, textLayer,
                    directory, reader, List.copyOf(stores));
        } catch (IOException | RuntimeException e) {
            stores.forEach(FactorStore::close);
            closeQuietly(reader);
            closeQuietly(directory);
            if (e instanceof IOException io) {
                throw new BadInputException(index, "not a readable Duet index: " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The model folder the index was last built with, as its manifest records it (absolute). */
    public static Path modelFolder(Path index) {
        return readManifest(index).model();
    }

    private static IndexManifest readManifest(Path index) {
        Path lucene = IndexManifest.luceneFolder(index);
        if (!Files.isDirectory(index)) {
            throw new BadInputException(index, "no such index folder");
        }
        try (Directory directory = FSDirectory.open(lucene)) {
            if (!Files.isDirectory(lucene) || !DirectoryReader.indexExists(directory)) {
                throw new BadInputException(index, "not a Duet index (no Lucene index in " + lucene.getFileName() + "/)");
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                return IndexManifest.of(index, reader.getIndexCommit().getUserData());
            }
        } catch (IOException e) {
            throw new BadInputException(index, "not a readable Duet index: " + e.getMessage(), e);
        }
    }

    /** The model the index was built with (queries are tokenized and embedded by it). */
    public DualEncoder model() {
        return model;
    }

    /** The settings every stored factor was computed with. */
    public StoreSettings settings() {
        return manifest.settings();
    }

    /** The explainer queries are explained with: the index's image settings, the chosen text layer. */
    public Explainer explainer() {
        return explainer;
    }

    /** The folder of the indexed images. */
    public Path images() {
        return manifest.images();
    }

    /** Number of indexed images. */
    public int size() {
        return manifest.items();
    }

    /** The caption's tokens; a query with no token of text (empty, only spaces) is refused. */
    public Encoding tokenize(String query) {
        Encoding encoding = model.tokenize(query);
        if (encoding.textTokens().isEmpty()) {
            throw new BadInputException(null, "the query \"" + query + "\" holds no token to search with");
        }
        return encoding;
    }

    /** The k images most similar to the query (fewer when the index holds fewer), best first. */
    public synchronized Results search(String query, int k) {
        if (k < 1 || k > MAX_K) {
            throw new BadInputException(null, "k must be in 1.." + MAX_K + ", got " + k);
        }
        Encoding encoding = tokenize(query);
        // the query's embedding through its state at the text cut, kept for textFactor: explaining the hits
        // then integrates from the cut instead of running the blocks below it again
        Explainer.TextCut cut = explainer.textCut(encoding.ids());
        float[] embedding = explainer.textEmbedding(cut);
        if (NonFiniteValues.any(embedding)) {
            model.embedTexts(parallel, List.of(query));   // throws, naming the layer where the values stop being finite
        }
        lastQuery = cut;
        double[] unit = unit(embedding);
        float[] target = new float[unit.length];
        for (int i = 0; i < unit.length; i++) {
            target[i] = (float) unit[i];
        }
        List<SearchHit> hits = new ArrayList<>();
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(IndexBuilder.EMBEDDING, target, k), k);
            StoredFields fields = searcher.storedFields();
            for (ScoreDoc scored : top.scoreDocs) {
                hits.add(hit(fields.document(scored.doc, Set.of(IndexBuilder.FILE, IndexBuilder.CHUNK, IndexBuilder.SLOT)), unit));
            }
        } catch (IOException e) {
            throw new BadInputException(index, "cannot read the index: " + e.getMessage(), e);
        }
        // Lucene ranks by float32 scores; the exact cosines decide the order among its k
        hits.sort(Comparator.comparingDouble(SearchHit::similarity).reversed().thenComparing(SearchHit::key));
        List<SearchHit> ranked = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            SearchHit hit = hits.get(i);
            ranked.add(new SearchHit(i + 1, hit.key(), hit.file(), hit.similarity(), hit.chunk(), hit.slot()));
        }
        return new Results(encoding, List.copyOf(ranked));
    }

    private SearchHit hit(Document document, double[] query) {
        String key = document.get(IndexBuilder.FILE);
        Number chunk = document.getField(IndexBuilder.CHUNK) == null ? null : document.getField(IndexBuilder.CHUNK).numericValue();
        Number slot = document.getField(IndexBuilder.SLOT) == null ? null : document.getField(IndexBuilder.SLOT).numericValue();
        if (key == null || chunk == null || slot == null || chunk.intValue() < 0 || chunk.intValue() >= stores.size()
                || slot.intValue() < 0 || slot.intValue() >= stores.get(chunk.intValue()).size()
                || !stores.get(chunk.intValue()).key(slot.intValue()).equals(key)) {
            throw new BadInputException(index, "corrupt: the document of " + key + " points to no item of its factor files");
        }
        float[] embedding = stores.get(chunk.intValue()).embedding(slot.intValue());
        double[] image = unit(embedding);
        double cosine = 0;
        for (int i = 0; i < image.length; i++) {
            cosine += query[i] * image[i];
        }
        return new SearchHit(0, key, ImageFiles.resolve(manifest.images(), key), cosine, chunk.intValue(), slot.intValue());
    }

    /** The query's factor U (with the index's settings and the chosen text layer): computed once, reused for every hit. */
    public synchronized Factor textFactor(Encoding query) {
        Explainer.TextCut cut = lastQuery != null && Arrays.equals(lastQuery.ids(), query.ids())
                ? lastQuery : explainer.textCut(query.ids());
        return explainer.textFactor(cut);
    }

    /** The stored image factor V of a hit (float16 rows widened). */
    public Factor imageFactor(SearchHit hit) {
        return stores.get(hit.chunk()).factor(hit.slot());
    }

    /** The query against one hit: {@code A = U V^T} with the stored V, and its completeness. */
    public Explanation explain(Factor query, SearchHit hit) {
        FactorStore store = stores.get(hit.chunk());
        StoreSettings settings = store.settings();
        // V is read into this thread's buffer, not a fresh 400 KB array per hit: a query's top 100 would
        // otherwise allocate 40 MB for the collector to clear
        float[] rows = rowBuffer.get();
        if (rows.length != settings.rows() * settings.dim()) {
            rows = new float[settings.rows() * settings.dim()];
            rowBuffer.set(rows);
        }
        store.readRows(hit.slot(), rows);
        Explanation explanation = explainer.explain(query,
                Factor.of(rows, settings.rows(), settings.dim(), store.integral(hit.slot())));
        if (NonFiniteValues.any(explanation.interactions())) {
            throw store.nonFinite(hit.slot());
        }
        return explanation;
    }

    /** The query explained against each of its hits, in their order: one text factor and one product per hit. */
    public List<Explanation> explainAll(Encoding query, List<SearchHit> hits) {
        return explainAll(textFactor(query), hits);
    }

    /** The query's factor U (from {@link #textFactor}) against each hit, in their order: one product per hit. */
    public List<Explanation> explainAll(Factor text, List<SearchHit> hits) {
        Explanation[] explanations = new Explanation[hits.size()];
        // one small product per hit, on the index's threads
        parallel.forRange(hits.size(), 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                explanations[i] = explain(text, hits.get(i));
            }
        });
        return List.of(explanations);
    }

    /**
     * Why one result ranks above another: the map of the query's tokens [fromToken, toToken) over the
     * first's patches minus the same map over the second's, [gridRows * gridCols]. Both explanations
     * must be of the same query, with the same settings (as {@link #explainAll} gives them).
     */
    public static float[] contrast(Explanation above, Explanation below, int fromToken, int toToken) {
        if (above.tokens() != below.tokens() || above.gridRows() != below.gridRows() || above.gridCols() != below.gridCols()) {
            throw new IllegalArgumentException("explanations of different queries or models cannot be contrasted");
        }
        if (fromToken < 0 || toToken > above.tokens() || fromToken >= toToken) {
            throw new IllegalArgumentException("tokens [" + fromToken + ", " + toToken + ") are not a span of the "
                    + above.tokens() + "-token query");
        }
        float[] first = above.spanMap(fromToken, toToken);
        float[] second = below.spanMap(fromToken, toToken);
        for (int patch = 0; patch < first.length; patch++) {
            first[patch] -= second[patch];
        }
        return first;
    }

    private static double[] unit(float[] embedding) {
        double norm = 0;
        for (float value : embedding) {
            norm += (double) value * value;
        }
        norm = Math.sqrt(norm);
        double[] unit = new double[embedding.length];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = embedding[i] / norm;
        }
        return unit;
    }

    @Override
    public void close() {
        stores.forEach(FactorStore::close);
        closeQuietly(reader);
        closeQuietly(directory);
        if (ownsParallel) {
            parallel.close();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing after use or after a failure: nothing is left to save
        }
    }
}
