package dev.orun.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The CI report options of the pipeline commands ({@code orun run W}, {@code run resume}, {@code run replay}). */
public final class PipelineReports {
    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write every gate attempt's validations as a JUnit XML report to FILE.")
    Path junitXml;
}
