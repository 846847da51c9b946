package dev.duet.cli;

import dev.duet.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code duet}: the command line. Exit codes: 0 ok, 1 failure, 2 usage error or bad input. */
@Command(name = "duet", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = VersionProvider.class,
        description = "Explains why a CLIP-style dual encoder finds a caption and an image similar.",
        subcommands = {TokenizeCommand.class, PreprocessCommand.class, EmbedCommand.class, ExplainCommand.class, TrainCommand.class,
                ReportCommand.class, ServeCommand.class, WorldCommand.class, EvaluateCommand.class, CommandLine.HelpCommand.class})
public final class DuetCommand {

    static final int EXIT_FAILURE = 1;
    static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams (tests call this instead of main). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new DuetCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof BadInputException || exception instanceof IllegalArgumentException) {
                err.println("duet: " + exception.getMessage());
                return EXIT_BAD_INPUT;
            }
            err.println("duet: internal error: " + exception);
            if (System.getenv("DUET_DEBUG") != null) {
                exception.printStackTrace(err);
            } else {
                err.println("duet: set DUET_DEBUG=1 to see where it happened");
            }
            return EXIT_FAILURE;
        });
        return commandLine.execute(args);
    }
}
