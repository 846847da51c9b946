/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code duet}: the command line. Exit codes: 0 ok, 1 internal failure (a bug in Duet, or the JVM out of memory),
 * 2 usage error or bad input ({@link BadInputException} only). Every message is one line.
 */
@Command(name = "duet", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = VersionProvider.class,
        description = "Explains why a CLIP-style dual encoder finds a caption and an image similar.")
public final class DuetCommand {

    /** The subcommands, in the order the usage lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(TokenizeCommand.class, PreprocessCommand.class,
            EmbedCommand.class, ExplainCommand.class, ExplainTextsCommand.class, TrainCommand.class, ReportCommand.class,
            ServeCommand.class, WorldCommand.class, EvaluateCommand.class, EvalCommand.class, IndexCommand.class,
            SearchCommand.class, CommandLine.HelpCommand.class);

    static final int EXIT_FAILURE = 1;
    static final int EXIT_BAD_INPUT = 2;
    static final String DEBUG_VARIABLE = "DUET_DEBUG";

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams (tests call this instead of main). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(commandLine(args), args, out, err);
    }

    /**
     * The command line for {@code args}: when the first argument names a subcommand, only that one
     * is registered, since picocli reads every registered command's options by reflection when it
     * builds the line (a fifth of a second for all of them in a cold JVM); otherwise (usage, help
     * and {@code duet help COMMAND}, a mistyped name) all of them.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine line = new CommandLine(new DuetCommand());
        List<Class<?>> named = args.length == 0 ? List.of()
                : SUBCOMMANDS.stream().filter(command -> names(command).contains(args[0])).toList();
        boolean all = named.isEmpty() || named.contains(CommandLine.HelpCommand.class);
        for (Class<?> command : all ? SUBCOMMANDS : named) {
            line.addSubcommand(command);
        }
        return line;
    }

    /** A subcommand's name and aliases, from its annotation. */
    private static List<String> names(Class<?> command) {
        Command annotation = command.getAnnotation(Command.class);
        return Stream.concat(Stream.of(annotation.name()), Arrays.stream(annotation.aliases())).toList();
    }

    /** Runs a command line with Duet's exit codes and one-line messages. */
    static int run(CommandLine commandLine, String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = System.getenv(DEBUG_VARIABLE) != null;
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            String command = exception.getCommandLine().getCommandName();
            String help = command.equals("duet") ? "duet --help" : "duet " + command + " --help";
            err.println("duet: " + oneLine(exception.getMessage()) + " (see '" + help + "')");
            return EXIT_BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof BadInputException) {
                err.println("duet: " + oneLine(exception.getMessage()));
                if (debug) {
                    exception.printStackTrace(err);
                }
                return EXIT_BAD_INPUT;
            }
            return internalError(exception, debug, err);
        });
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError exhausted) {
            err.println("duet: out of memory: the JVM's heap cap is too small for this model or input; raise it with "
                    + "DUET_JAVA_OPTS=-Xmx...");
            if (debug) {
                exhausted.printStackTrace(err);
            }
            return EXIT_FAILURE;
        } catch (RuntimeException | StackOverflowError escaped) {
            return internalError(escaped, debug, err);
        }
    }

    /** A failure inside Duet, not in the user's input: exit 1, say it is a bug and how to report it. */
    private static int internalError(Throwable failure, boolean debug, PrintWriter err) {
        err.println("duet: internal error (a bug in Duet, not in your input): " + oneLine(String.valueOf(failure))
                + (debug ? "" : "; please report it with the command and the output of the same command run with "
                + DEBUG_VARIABLE + "=1"));
        if (debug) {
            failure.printStackTrace(err);
        }
        return EXIT_FAILURE;
    }

    /** The text with line breaks and other control characters escaped, so that a message stays one line. */
    static String oneLine(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        escaped.append(String.format(Locale.ROOT, "\\u%04x", c));
                    } else {
                        escaped.appendCodePoint(c);
                    }
                }
            }
        });
        return escaped.toString();
    }
}
