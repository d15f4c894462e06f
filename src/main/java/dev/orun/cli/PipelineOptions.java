package dev.orun.cli;

import picocli.CommandLine.Option;

/** Options of the commands that drive a pipeline. */
final class PipelineOptions {
    @Option(names = "--no-input", description = "Never wait for a person: pause the run (exit 10) at the first gate without exec.")
    boolean noInput;
}
