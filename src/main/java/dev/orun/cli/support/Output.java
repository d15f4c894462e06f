package dev.orun.cli.support;

import java.io.PrintWriter;

/** Where a command prints: the writers {@code Main.run} was given (secrets masked), the same on every path. */
public record Output(PrintWriter out, PrintWriter err) {
}
