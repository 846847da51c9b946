package dev.duet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.JsonFormat;
import dev.duet.explain.ExplanationJson;
import dev.duet.model.ClipConfig;
import dev.duet.model.ClipCheckpoint;
import dev.duet.tokenizer.ClipTokenizer;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.Token;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "tokenize", description = "Token ids, BPE pieces and character spans of texts, as the model sees them.")
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
        ClipConfig config = ClipCheckpoint.readConfig(directory);
        ClipTokenizer tokenizer = ClipTokenizer.load(directory, config.text().contextLength());
        ObjectNode root = JsonFormat.TOKENS.newDocument();
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
                spec.commandLine().getOut().println(text);
                for (Token token : encoding.tokens()) {
                    spec.commandLine().getOut().printf("  %6d  %-20s [%d, %d)%n", token.id(), token.piece(), token.start(), token.end());
                }
            }
        }
        if (json) {
            JsonOutput.print(spec.commandLine().getOut(), root);
        }
        return 0;
    }
}
