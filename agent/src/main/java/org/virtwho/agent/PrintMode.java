package org.virtwho.agent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.config.SourceConfig;
import org.virtwho.destination.print.MappingPrinter;
import org.virtwho.model.Report;

/** {@code -p}: collect every section once and print the merged mapping to standard output; send nothing. */
final class PrintMode {
    private final Logger log = LoggerFactory.getLogger(PrintMode.class);
    private final SectionCollector collector;
    private final PrintStream stdout;

    PrintMode(SectionCollector collector, PrintStream stdout) {
        this.collector = collector;
        this.stdout = stdout;
    }

    /** @return the exit code: 0 when at least one section could be printed */
    int run(List<SourceConfig> sources) {
        List<Report> reports = collector.collectAll(sources).stream()
                .filter(SectionCollector.Collected.class::isInstance)
                .map(outcome -> ((SectionCollector.Collected) outcome).report())
                .toList();
        if (reports.isEmpty()) {
            log.error("No hypervisor reports found");
            return ExitCode.FAILURE;
        }
        if (reports.size() < sources.size()) {
            log.warn("Printing the reports of {} of {} sections; the others failed (see above)", reports.size(),
                    sources.size());
        }
        try {
            // The document is ASCII (non-ASCII is escaped) and can be megabytes: write it in large blocks.
            Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.US_ASCII), 1 << 16);
            new MappingPrinter().print(reports, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ExitCode.OK;
    }
}
