/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import dev.duet.InputFiles;
import dev.duet.Spelling;
import dev.duet.Version;
import dev.duet.explain.ExplanationJson;
import dev.duet.image.PatchRegions.Rect;
import dev.duet.index.DuetIndex;
import dev.duet.index.SearchHit;
import dev.duet.model.DualEncoder;
import dev.duet.model.SentenceEncoder;
import dev.duet.report.DivergingColorMap;
import dev.duet.tokenizer.CaptionSpan;
import dev.duet.tokenizer.Encoding;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local web server of {@code duet serve}. Routes:
 * <ul>
 *   <li>{@code GET /}, {@code /app.js}, {@code /overlay.js}, {@code /texts.js}, {@code /app.css}: the page;
 *   <li>{@code GET /api/info}: model, limits, example images, colour map;
 *   <li>{@code GET /api/images/ID}: an image as PNG; {@code POST /api/images}: upload one (raw bytes);
 *   <li>{@code POST /api/explain}: explain {caption, image, settings}, cached;
 *   <li>{@code GET /api/explanations/ID/map?from=T&to=T} or {@code ?span=WORDS}: a span's map;
 *   <li>{@code GET /api/explanations/ID/box?x0=&y0=&x1=&y1=}: token scores of a box in original pixels;
 *   <li>{@code GET /api/search?q=TEXT&k=N}: with an index, its top k images for the text, each kept as an image
 *       the page can explain;
 *   <li>{@code POST /api/explain-texts}: under a sentence encoder, explain {first, second, settings}: both texts'
 *       tokens and their token x token matrix as {@link ExplanationJson} writes it, cached.
 * </ul>
 * A server explains captions and images or, started with a sentence encoder, pairs of texts ({@link Served}); the
 * routes of the other kind answer 404 with a line saying what this server explains.
 * Errors, the HTTP library's own included (a malformed request head or URI), come back as
 * {@code {"error": "..."}} with a 4xx status. Jetty parses request heads without holding a thread, closes a
 * connection idle for {@link #IDLE_TIMEOUT_MILLIS} (a client holding a partial head or a slow body) and runs the
 * handlers on a bounded pool with a bounded queue.
 */
public final class DuetServer implements AutoCloseable {

    private static final int MAX_JSON_BYTES = 64 * 1024;
    /** Handlers block on explanations (which have their own threads); Jetty takes two more for accepting and selecting. */
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 4;
    private static final int MAX_QUEUED_REQUESTS = 256;
    static final long IDLE_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_REQUEST_HEAD_BYTES = 16 * 1024;
    private static final Pattern IMAGE_PATH = Pattern.compile("/api/images/([^/]+)");
    private static final Pattern SELECTION_PATH = Pattern.compile("/api/explanations/([^/]+)/(map|box)");
    /** Search results become kept images, of which the store keeps 8: the page shows no more. */
    static final int MAX_SEARCH_RESULTS = 8;

    private final Server server;
    private final ServerConnector connector;
    private final Served served;
    private final SiteAssets assets = new SiteAssets();
    private final ServerOptions options;
    private final String modelName;
    private final boolean loopbackOnly;
    private final PrintStream log;

    private DuetServer(Served served, String modelName, ServerOptions options, PrintStream log) throws IOException {
        this.served = served;
        this.options = options;
        this.modelName = modelName;
        this.log = log;
        this.loopbackOnly = InetAddress.getByName(options.host()).isLoopbackAddress();
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, 60_000,
                new BlockingArrayQueue<>(MAX_QUEUED_REQUESTS, MAX_QUEUED_REQUESTS, MAX_QUEUED_REQUESTS));
        threads.setName("duet-http");
        threads.setDaemon(true);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                DuetServer.this.handle(new HttpCall(request, response, callback));
                return true;
            }
        });
        // one line per request on the log: method, path (without the query, which may hold a caption), status, time
        server.setRequestLog((request, response) -> log.printf(Locale.ROOT, "%s %s %d %.1f ms%n", request.getMethod(),
                request.getHttpURI().getPath(), response.getStatus(),
                NanoTime.since(request.getBeginNanoTime()) / 1e6));
        server.setErrorHandler(new JsonErrors());
        server.setStopTimeout(1000);
    }

    /**
     * Binds and starts serving; {@code log} gets one line per request (method, path, status, milliseconds) and one
     * per failed request.
     *
     * @param modelName how the page names the model (its directory as the user gave it)
     * @throws BindException when the address or port is taken
     */
    public static DuetServer start(DualEncoder model, String modelName, ServerOptions options, PrintStream log)
            throws IOException {
        return start(model, modelName, options, log, null);
    }

    /**
     * As {@link #start(DualEncoder, String, ServerOptions, PrintStream)}, with a search box over {@code index} (built
     * with the same model; null for none). The caller keeps the index open while the server runs and closes it after.
     */
    public static DuetServer start(DualEncoder model, String modelName, ServerOptions options, PrintStream log, DuetIndex index)
            throws IOException {
        ImageStore images = new ImageStore(model.preprocessor());
        ExplanationService explanations = new ExplanationService(model, options.threads(), options.cachedExplanations());
        return start(new Served.CaptionImages(explanations, images, index), modelName, options, log);
    }

    /**
     * Binds and starts serving the page in its texts mode: two texts in, their token x token explanation out
     * ({@code POST /api/explain-texts}); the caption and image routes answer 404.
     *
     * @param modelName how the page names the model (its directory as the user gave it)
     * @throws BindException when the address or port is taken
     */
    public static DuetServer start(SentenceEncoder model, String modelName, ServerOptions options, PrintStream log)
            throws IOException {
        return start(new Served.TextPairs(new TextPairService(model, options.threads(), options.cachedExplanations())),
                modelName, options, log);
    }

    private static DuetServer start(Served served, String modelName, ServerOptions options, PrintStream log)
            throws IOException {
        DuetServer duet;
        try {
            duet = new DuetServer(served, modelName, options, log);
        } catch (IOException | RuntimeException e) {
            served.close();
            throw e;
        }
        try {
            duet.server.start();
        } catch (Exception e) {
            duet.close();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException taken) {
                    throw taken;
                }
            }
            throw new IOException("cannot start the server: " + e.getMessage(), e);
        }
        return duet;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The page's address, for a browser on this machine. */
    public URI address() {
        String host;
        try {
            InetAddress address = InetAddress.getByName(options.host());
            host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        } catch (java.net.UnknownHostException e) {
            host = options.host();
        }
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /** Stops accepting, gives running requests a second to finish, and frees the explainer's threads. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            // requests still running after the grace period are cut off: that is what stopping means
        } catch (Exception e) {
            log.println("duet serve: stopping: " + e);
        } finally {
            served.close();
        }
    }

    /** Every call ends in exactly one reply: the answer, or a JSON error. */
    private void handle(HttpCall call) {
        try {
            checkHost(call);
            route(call);
        } catch (ApiException e) {
            Exchanges.sendError(call, e.status(), e.getMessage());
        } catch (BadInputException e) {
            Exchanges.sendError(call, 400, e.getMessage());
        } catch (OutOfMemoryError e) {
            log.println("duet serve: " + call.method() + " " + call.path() + " ran out of memory");
            Exchanges.sendError(call, 503, "the server has no memory for this request now; try a smaller image or later");
        } catch (RuntimeException | StackOverflowError e) {
            log.println("duet serve: " + call.method() + " " + call.path() + " failed: " + e);
            Exchanges.sendError(call, 500, "internal error (a bug in Duet): " + e.getClass().getSimpleName());
        }
    }

    /**
     * A page on another site could make this browser send requests to 127.0.0.1 (DNS
     * rebinding, cross-site requests): on loopback only local host names are answered, and
     * a request that names its origin must come from this server's own page.
     */
    private void checkHost(HttpCall call) {
        if (!loopbackOnly) {
            return;
        }
        String host = call.header("Host");
        String name = host == null ? "" : host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        if (!name.equals("127.0.0.1") && !name.equals("localhost") && !name.equals("[::1]")) {
            throw new ApiException(421, "this server answers only requests to localhost");
        }
        String origin = call.header("Origin");
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            throw new ApiException(403, "requests from other sites are refused");
        }
    }

    /** The HTTP library's own errors (a malformed head, an undecodable URI) as JSON, like every other error. */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) {
            response.getHeaders().put("Content-Type", "application/json; charset=utf-8");
            response.write(true, ByteBuffer.wrap(body(code, message)), callback);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put("Content-Type", "application/json; charset=utf-8");
            return ByteBuffer.wrap(body(status, reason));
        }

        private static byte[] body(int status, String message) {
            String text = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
            try {
                return Exchanges.JSON.writeValueAsBytes(Exchanges.JSON.createObjectNode().put("error", text));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serialises", e);
            }
        }
    }

    private void route(HttpCall call) {
        String method = call.method();
        String path = call.path();
        if (path == null) {
            throw ApiException.badRequest("the path is not properly encoded");
        }
        if (!path.startsWith("/api/")) {
            SiteAssets.Asset asset = assets.get(path);
            if (asset == null) {
                throw ApiException.notFound("no such page");
            }
            requireMethod(method, "GET");
            call.send(200, asset.contentType(), asset.bytes());
            return;
        }
        if (path.equals("/api/info")) {
            requireMethod(method, "GET");
            Exchanges.sendJson(call, 200, info());
        } else if (path.equals("/api/explain-texts")) {
            TextPairService texts = served.textPairs();
            requireMethod(method, "POST");
            explainTexts(call, texts);
        } else if (path.equals("/api/images")) {
            Served.CaptionImages pairs = served.captionImages();
            requireMethod(method, "POST");
            upload(call, pairs.images());
        } else if (path.equals("/api/explain")) {
            Served.CaptionImages pairs = served.captionImages();
            requireMethod(method, "POST");
            explain(call, pairs);
        } else if (path.equals("/api/search")) {
            Served.CaptionImages pairs = served.captionImages();
            requireMethod(method, "GET");
            Exchanges.sendJson(call, 200, search(pairs, Exchanges.query(call)));
        } else if (IMAGE_PATH.matcher(path).matches()) {
            Served.CaptionImages pairs = served.captionImages();
            requireMethod(method, "GET");
            Matcher matcher = IMAGE_PATH.matcher(path);
            matcher.matches();
            call.send(200, "image/png", pairs.images().get(matcher.group(1)).png());
        } else if (SELECTION_PATH.matcher(path).matches()) {
            Served.CaptionImages pairs = served.captionImages();
            requireMethod(method, "GET");
            Matcher matcher = SELECTION_PATH.matcher(path);
            matcher.matches();
            Explained explained = pairs.explanations().get(matcher.group(1));
            Map<String, String> query = Exchanges.query(call);
            Exchanges.sendJson(call, 200, matcher.group(2).equals("map") ? map(explained, query) : box(explained, query));
        } else {
            throw ApiException.notFound("no such API endpoint");
        }
    }

    private static void requireMethod(String method, String allowed) {
        boolean ok = method.equals(allowed) || (allowed.equals("GET") && method.equals("HEAD"));
        if (!ok) {
            throw new ApiException(405, "use " + allowed + " here");
        }
    }

    /** What the page needs to set itself up: the model, its mode ({@code captions} or {@code texts}) and limits. */
    private ObjectNode info() {
        ObjectNode root = Exchanges.JSON.createObjectNode();
        root.put("model", modelName);
        root.put("modelFamily", Spelling.of(served.family()));
        root.put("version", Version.VALUE);
        root.put("maxSteps", ExplainRequest.MAX_STEPS);
        root.put("maxCaptionChars", options.maxCaptionChars());
        switch (served) {
            case Served.CaptionImages pairs -> {
                root.put("mode", "captions");
                root.put("textLayers", pairs.explanations().textLayers());
                root.put("imageLayers", pairs.explanations().imageLayers());
                root.put("maxUploadBytes", options.maxUploadBytes());
                ArrayNode examples = root.putArray("examples");
                for (StoredImage image : pairs.images().examples()) {
                    examples.addObject().put("id", image.id()).put("name", image.name())
                            .put("width", image.width()).put("height", image.height());
                }
                root.put("search", pairs.index() != null);
                root.put("indexedImages", pairs.index() == null ? 0 : pairs.index().size());
                root.put("maxSearchResults", MAX_SEARCH_RESULTS);
            }
            case Served.TextPairs texts -> {
                root.put("mode", "texts");
                root.put("layers", texts.texts().layers());
            }
        }
        // the colour map as 257 samples from -1 to +1, so the page paints what the PNGs paint
        ArrayNode colours = root.putArray("colormap");
        for (int i = 0; i <= 256; i++) {
            colours.add(DivergingColorMap.BLUE_RED.rgb(-1 + i / 128.0));
        }
        root.put("neutral", DivergingColorMap.BLUE_RED.neutralRgb());
        return root;
    }

    /** The index's top k for the query; each hit's file is read again and kept as an image the page can explain. */
    private ObjectNode search(Served.CaptionImages pairs, Map<String, String> query) {
        DuetIndex index = pairs.index();
        if (index == null) {
            throw ApiException.notFound("this server has no index (start it with serve --index INDEX)");
        }
        String text = query.get("q");
        if (text == null || text.length() > options.maxCaptionChars()) {
            throw ApiException.badRequest("q must be a query of at most " + options.maxCaptionChars() + " characters");
        }
        int k = query.containsKey("k") ? Exchanges.intParameter(query, "k", 1, MAX_SEARCH_RESULTS) : MAX_SEARCH_RESULTS;
        DuetIndex.Results results = index.search(text, k);
        ObjectNode root = Exchanges.JSON.createObjectNode();
        root.put("query", text);
        ArrayNode list = root.putArray("results");
        int unavailable = 0;
        for (SearchHit hit : results.hits()) {
            StoredImage image;
            try {
                InputFiles.checkedSize(hit.file(), options.maxUploadBytes());
                image = pairs.images().upload(Files.readAllBytes(hit.file()), hit.key().length() > 80 ? hit.key().substring(0, 80) : hit.key());
            } catch (IOException | BadInputException | ApiException gone) {
                unavailable++;   // moved, deleted or changed since it was indexed
                continue;
            }
            ObjectNode result = list.addObject();
            result.put("rank", hit.rank()).put("key", hit.key()).put("similarity", hit.similarity());
            result.putObject("image").put("id", image.id()).put("name", image.name()).put("width", image.width())
                    .put("height", image.height());
        }
        root.put("unavailable", unavailable);
        return root;
    }

    private void upload(HttpCall call, ImageStore images) {
        byte[] bytes = Exchanges.body(call, options.maxUploadBytes());
        String name = call.header("X-File-Name");
        String shown = name == null || name.isBlank() ? "upload" : fileName(name);
        StoredImage image = images.upload(bytes, shown.length() > 80 ? shown.substring(0, 80) : shown);
        Exchanges.sendJson(call, 200, Exchanges.JSON.createObjectNode().put("id", image.id())
                .put("name", image.name()).put("width", image.width())
                .put("height", image.height()));
    }

    /** The page sends the file's name percent-encoded (headers are Latin-1); only its last part is kept. */
    private static String fileName(String header) {
        String decoded;
        try {
            decoded = java.net.URLDecoder.decode(header, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = header;
        }
        String last = decoded.substring(Math.max(decoded.lastIndexOf('/'), decoded.lastIndexOf('\\')) + 1);
        return last.replaceAll("\\p{Cntrl}", "_");
    }

    private void explain(HttpCall call, Served.CaptionImages pairs) {
        ExplanationService explanations = pairs.explanations();
        JsonNode body = Exchanges.jsonBody(call, MAX_JSON_BYTES);
        ExplainRequest request = ExplainRequest.parse(body, options.maxCaptionChars(), explanations.textLayers(),
                explanations.imageLayers());
        StoredImage image = pairs.images().get(request.imageId());
        boolean cached = explanations.isCached(request);
        Explained explained = explanations.explain(request, image);
        Exchanges.sendJson(call, 200, ExplanationView.of(explained, cached));
    }

    /** The pair's explanation as {@code explain-texts --json} writes it, and whether it came from the cache. */
    private void explainTexts(HttpCall call, TextPairService texts) {
        JsonNode body = Exchanges.jsonBody(call, MAX_JSON_BYTES);
        TextPairRequest request = TextPairRequest.parse(body, options.maxCaptionChars(), texts.layers());
        TextPairService.Answer answer = texts.explain(request);
        ObjectNode view = ExplanationJson.of(answer.explanation(), texts.model().directory());
        view.put("cached", answer.cached());
        Exchanges.sendJson(call, 200, view);
    }

    private static ObjectNode map(Explained explained, Map<String, String> query) {
        CaptionSpan span;
        if (query.containsKey("span")) {
            String words = query.get("span");
            if (words.length() > 1000) {
                throw ApiException.badRequest("the span is too long");
            }
            try {
                span = explained.selections().words().find(words);
            } catch (BadInputException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        } else {
            Encoding.TokenRange text = explained.caption().textTokens();
            int from = Exchanges.intParameter(query, "from", text.from(), text.to() - 1);
            int to = Exchanges.intParameter(query, "to", from + 1, text.to());
            span = explained.selections().words().tokens(from, to);
        }
        return ExplanationView.map(explained.selections(), span);
    }

    private static ObjectNode box(Explained explained, Map<String, String> query) {
        double width = explained.image().width();
        double height = explained.image().height();
        double x0 = Exchanges.doubleParameter(query, "x0", 0, width);
        double y0 = Exchanges.doubleParameter(query, "y0", 0, height);
        double x1 = Exchanges.doubleParameter(query, "x1", 0, width);
        double y1 = Exchanges.doubleParameter(query, "y1", 0, height);
        if (x1 <= x0 || y1 <= y0) {
            throw ApiException.badRequest("the box needs x0 < x1 and y0 < y1");
        }
        return ExplanationView.box(explained.selections(), new Rect(x0, y0, x1, y1));
    }
}
