/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.BadInputException;
import dev.duet.index.DuetIndex;
import dev.duet.model.DualEncoder;
import dev.duet.model.ModelFamily;
import dev.duet.model.SentenceEncoder;
import dev.duet.server.DuetServer;
import dev.duet.server.ServerOptions;
import dev.duet.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", description = "A local web page to explain a caption and an image and explore the result: "
        + "click or drag over words to see their map, drag a box on the image to see which words it matches. "
        + "With --index, a search box finds images of an index built by 'duet index', which open in the explanation view. "
        + "With a sentence encoder (BERT), the page explains a pair of texts token by token instead. Runs until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    PreprocessOption preprocess = new PreprocessOption();

    @Option(names = "--host", paramLabel = "H", defaultValue = ServerOptions.LOOPBACK,
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8765", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--index", paramLabel = "INDEX", description = "an index built by 'duet index': the page gets a search box "
            + "(the model is the index's unless --model names it)")
    Path index;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new BadInputException(null, "--port must be in 0..65535, got " + port);
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new BadInputException(null, "--host " + host + " is not an address of this machine");
        }
        ServerOptions options = ServerOptions.defaults().withAddress(host, port);
        if (model.threads != null) {
            if (model.threads < 1 || model.threads > 256) {
                throw new BadInputException(null, "--threads must be in 1..256, got " + model.threads);
            }
            options = options.withThreads(model.threads);
        }
        if (index != null) {
            LuceneLog.warningsOnly();
        }
        Path modelFolder = index != null && model.model == null ? DuetIndex.modelFolder(index) : model.modelDirectory();
        if (ModelFamily.of(modelFolder) == ModelFamily.SENTENCE_BERT) {
            return serveTexts(modelFolder, options, loopback);
        }
        DualEncoder loaded = preprocess.load(modelFolder);
        // the index embeds queries on a thread of its own, beside the explanations' pool
        Parallel searchThreads = Parallel.of(1);
        DuetIndex opened = null;
        DuetServer server;
        try {
            opened = index == null ? null : DuetIndex.open(index, loaded, searchThreads, null);
            server = DuetServer.start(loaded, modelFolder.toString(), options, System.err, opened);
        } catch (BindException e) {
            close(opened, searchThreads);
            throw taken(e);
        } catch (RuntimeException | IOException e) {
            close(opened, searchThreads);
            throw e;
        }
        DuetIndex searched = opened;
        return serveUntilStopped(server, loopback, () -> close(searched, searchThreads));
    }

    /** The page's texts mode: a sentence encoder explains pairs of texts; it has no images to order or search. */
    private int serveTexts(Path modelFolder, ServerOptions options, boolean loopback)
            throws IOException, InterruptedException {
        if (index != null) {
            throw new BadInputException(modelFolder, "a sentence encoder (BERT) explains pairs of texts: --index "
                    + "searches images, which it cannot embed");
        }
        if (preprocess.pipeline != null) {
            throw new BadInputException(modelFolder, "a sentence encoder (BERT) has no image tower: --preprocess does "
                    + "not apply");
        }
        SentenceEncoder loaded = SentenceEncoder.load(modelFolder);
        DuetServer server;
        try {
            server = DuetServer.start(loaded, modelFolder.toString(), options, System.err);
        } catch (BindException e) {
            throw taken(e);
        }
        return serveUntilStopped(server, loopback, () -> { });
    }

    private BadInputException taken(BindException e) {
        return new BadInputException(null, "cannot listen on " + host + ":" + port + ": " + e.getMessage()
                + " (is another server using it? try --port 0)");
    }

    /** Prints the address and waits for Ctrl-C, whose shutdown hook stops the server and then runs {@code after}. */
    private int serveUntilStopped(DuetServer server, boolean loopback, Runnable after) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            after.run();
            stopped.countDown();
        }, "duet-serve-stop"));
        if (!loopback) {
            spec.commandLine().getErr().println("duet: listening on " + host + ": other machines can reach this page");
        }
        spec.commandLine().getOut().println("Duet is serving " + server.address() + " (Ctrl-C stops it)");
        stopped.await();
        return 0;
    }

    private static void close(DuetIndex opened, Parallel threads) {
        if (opened != null) {
            opened.close();
        }
        threads.close();
    }
}
