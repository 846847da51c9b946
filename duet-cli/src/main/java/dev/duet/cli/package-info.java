/**
 * The {@code duet} command line (picocli): argument parsing, output files written atomically,
 * exit codes 0 ok, 1 failure, 2 usage error or bad input. Depends on everything else; nothing depends on it.
 */
package dev.duet.cli;
