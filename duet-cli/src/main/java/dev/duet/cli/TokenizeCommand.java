/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.JsonFormat;
import dev.duet.Spelling;
import dev.duet.explain.ExplanationJson;
import dev.duet.model.DualEncoder;
import dev.duet.model.ModelFamily;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.Token;
import dev.duet.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "tokenize", description = "Token ids, pieces (CLIP's BPE or SigLIP's SentencePiece) and character spans of "
        + "texts, as the model sees them: SigLIP's padding to the text tower's length included.")
final class TokenizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--json", description = "print JSON (the default prints one line per token)")
    boolean json;

    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "texts to tokenize")
    List<String> texts;

    @Override
    public Integer call() {
        java.nio.file.Path directory = model.modelDirectory();
        ModelFamily family = ModelFamily.of(directory);
        Tokenizer tokenizer = DualEncoder.tokenizer(directory);
        ObjectNode root = JsonFormat.TOKENS.newDocument();
        root.put("model_family", Spelling.of(family));
        ArrayNode items = root.putArray("items");
        for (String text : texts) {
            Encoding encoding = tokenizer.encode(text);
            ObjectNode item = items.addObject();
            item.put("text", text);
            ArrayNode ids = item.putArray("ids");
            for (int id : encoding.ids()) {
                ids.add(id);
            }
            item.set("tokens", ExplanationJson.tokens(encoding));
            if (!json) {
                print(encoding);
            }
        }
        if (json) {
            JsonOutput.print(spec.commandLine().getOut(), root);
        }
        return 0;
    }

    /** One line per token up to EOS; SigLIP's padding after it as one line. */
    private void print(Encoding encoding) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(encoding.text());
        for (int t = 0; t <= encoding.eosIndex(); t++) {
            Token token = encoding.tokens().get(t);
            out.printf("  %6d  %-20s [%d, %d)%n", token.id(), token.piece(), token.start(), token.end());
        }
        int padding = encoding.size() - 1 - encoding.eosIndex();
        if (padding > 0) {
            out.printf("  and %d x %d %s (padding to the text tower's %d positions)%n", padding,
                    encoding.tokens().getLast().id(), encoding.tokens().getLast().piece(), encoding.size());
        }
    }
}
