package dev.duet.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.duet.Version;
import dev.duet.image.PatchRegions.Rect;
import dev.duet.model.ClipModel;
import dev.duet.report.CaptionSpan;
import dev.duet.report.DivergingColorMap;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local web server of {@code duet serve}. Routes:
 * <ul>
 *   <li>{@code GET /}, {@code /app.js}, {@code /app.css}: the page;
 *   <li>{@code GET /api/info}: model, limits, example images, colour map;
 *   <li>{@code GET /api/images/ID}: an image as PNG; {@code POST /api/images}: upload one (raw bytes);
 *   <li>{@code POST /api/explain}: explain {caption, image, settings}, cached;
 *   <li>{@code GET /api/explanations/ID/map?from=T&to=T} or {@code ?span=WORDS}: a span's map;
 *   <li>{@code GET /api/explanations/ID/box?x0=&y0=&x1=&y1=}: token scores of a box in original pixels.
 * </ul>
 * Errors come back as {@code {"error": "..."}} with a 4xx status.
 */
public final class DuetServer implements AutoCloseable {

    private static final int MAX_JSON_BYTES = 64 * 1024;
    private static final int HANDLER_THREADS = 4;
    private static final Pattern IMAGE_PATH = Pattern.compile("/api/images/([^/]+)");
    private static final Pattern SELECTION_PATH = Pattern.compile("/api/explanations/([^/]+)/(map|box)");

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ExplanationService explanations;
    private final ImageStore images;
    private final SiteAssets assets = new SiteAssets();
    private final ServerOptions options;
    private final String modelName;
    private final boolean loopbackOnly;
    private final PrintStream log;

    private DuetServer(ClipModel model, String modelName, ServerOptions options, PrintStream log) throws IOException {
        this.options = options;
        this.modelName = modelName;
        this.log = log;
        this.images = new ImageStore(model.preprocessor());
        this.explanations = new ExplanationService(model, options.threads(), options.cachedExplanations());
        InetAddress address = InetAddress.getByName(options.host());
        this.loopbackOnly = address.isLoopbackAddress();
        this.server = HttpServer.create(new InetSocketAddress(address, options.port()), 32);
        this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "duet-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    /**
     * Binds and starts serving; {@code log} gets one line per failed request.
     *
     * @param modelName how the page names the model (its directory as the user gave it)
     */
    public static DuetServer start(ClipModel model, String modelName, ServerOptions options, PrintStream log)
            throws IOException {
        DuetServer duet = new DuetServer(model, modelName, options, log);
        duet.server.start();
        return duet;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, for a browser on this machine. */
    public URI address() {
        String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
                : server.getAddress().getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /** Stops accepting, gives running requests a second to finish, and frees the explainer's threads. */
    @Override
    public void close() {
        server.stop(1);
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(5, TimeUnit.SECONDS)) {
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            handlers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        explanations.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                checkHost(exchange);
                route(exchange);
            } catch (ApiException e) {
                Exchanges.sendError(exchange, e.status(), e.getMessage());
            } catch (dev.duet.BadInputException e) {
                Exchanges.sendError(exchange, 400, e.getMessage());
            } catch (RuntimeException e) {
                log.println("duet serve: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                        + " failed: " + e);
                Exchanges.sendError(exchange, 500, "internal error: " + e.getClass().getSimpleName());
            }
        }
    }

    /**
     * A page on another site could make this browser send requests to 127.0.0.1 (DNS
     * rebinding, cross-site form posts): on loopback only local host names are answered, and
     * a POST must come from this server's own page.
     */
    private void checkHost(HttpExchange exchange) {
        if (!loopbackOnly) {
            return;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        String name = host == null ? "" : host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        if (!name.equals("127.0.0.1") && !name.equals("localhost") && !name.equals("[::1]")) {
            throw new ApiException(421, "this server answers only requests to localhost");
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if ("POST".equals(exchange.getRequestMethod()) && origin != null
                && !origin.equalsIgnoreCase("http://" + host)) {
            throw new ApiException(403, "requests from other sites are refused");
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (!path.startsWith("/api/")) {
            SiteAssets.Asset asset = assets.get(path);
            if (asset == null) {
                throw ApiException.notFound("no such page");
            }
            requireMethod(method, "GET");
            Exchanges.send(exchange, 200, asset.contentType(), asset.bytes());
            return;
        }
        if (path.equals("/api/info")) {
            requireMethod(method, "GET");
            Exchanges.sendJson(exchange, 200, info());
        } else if (path.equals("/api/images")) {
            requireMethod(method, "POST");
            upload(exchange);
        } else if (path.equals("/api/explain")) {
            requireMethod(method, "POST");
            explain(exchange);
        } else if (IMAGE_PATH.matcher(path).matches()) {
            requireMethod(method, "GET");
            Matcher matcher = IMAGE_PATH.matcher(path);
            matcher.matches();
            Exchanges.send(exchange, 200, "image/png", images.get(matcher.group(1)).png());
        } else if (SELECTION_PATH.matcher(path).matches()) {
            requireMethod(method, "GET");
            Matcher matcher = SELECTION_PATH.matcher(path);
            matcher.matches();
            Explained explained = explanations.get(matcher.group(1));
            Map<String, String> query = Exchanges.query(exchange);
            Exchanges.sendJson(exchange, 200, matcher.group(2).equals("map") ? map(explained, query) : box(explained, query));
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

    private ObjectNode info() {
        ObjectNode root = Exchanges.JSON.createObjectNode();
        root.put("model", modelName);
        root.put("version", Version.VALUE);
        root.put("textLayers", explanations.textLayers());
        root.put("imageLayers", explanations.imageLayers());
        root.put("maxSteps", ExplainRequest.MAX_STEPS);
        root.put("maxUploadBytes", options.maxUploadBytes());
        root.put("maxCaptionChars", options.maxCaptionChars());
        ArrayNode examples = root.putArray("examples");
        for (StoredImage image : images.examples()) {
            examples.addObject().put("id", image.id()).put("name", image.name())
                    .put("width", image.width()).put("height", image.height());
        }
        // the colour map as 257 samples from -1 to +1, so the page paints what the PNGs paint
        ArrayNode colours = root.putArray("colormap");
        for (int i = 0; i <= 256; i++) {
            colours.add(DivergingColorMap.BLUE_RED.rgb(-1 + i / 128.0));
        }
        root.put("neutral", DivergingColorMap.BLUE_RED.neutralRgb());
        return root;
    }

    private void upload(HttpExchange exchange) throws IOException {
        byte[] bytes = Exchanges.body(exchange, options.maxUploadBytes());
        String name = exchange.getRequestHeaders().getFirst("X-File-Name");
        String shown = name == null || name.isBlank() ? "upload" : fileName(name);
        StoredImage image = images.upload(bytes, shown.length() > 80 ? shown.substring(0, 80) : shown);
        Exchanges.sendJson(exchange, 200, Exchanges.JSON.createObjectNode().put("id", image.id())
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

    private void explain(HttpExchange exchange) throws IOException {
        JsonNode body = Exchanges.jsonBody(exchange, MAX_JSON_BYTES);
        ExplainRequest request = ExplainRequest.parse(body, options.maxCaptionChars(), explanations.textLayers(),
                explanations.imageLayers());
        StoredImage image = images.get(request.imageId());
        boolean cached = explanations.isCached(request);
        Explained explained = explanations.explain(request, image);
        Exchanges.sendJson(exchange, 200, ExplanationView.of(explained, cached));
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
            } catch (dev.duet.BadInputException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        } else {
            int last = explained.caption().eosIndex();
            int from = Exchanges.intParameter(query, "from", 1, last - 1);
            int to = Exchanges.intParameter(query, "to", from + 1, last);
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
