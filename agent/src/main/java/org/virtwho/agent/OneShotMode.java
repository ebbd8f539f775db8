package org.virtwho.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.config.SourceConfig;
import org.virtwho.destination.candlepin.CandlepinDestination;
import org.virtwho.destination.candlepin.CandlepinTarget;
import org.virtwho.destination.candlepin.Delivery;
import org.virtwho.destination.candlepin.Patience;
import org.virtwho.destination.candlepin.Sleeper;
import org.virtwho.destination.candlepin.TargetResolver;
import org.virtwho.http.HttpSetupException;
import org.virtwho.model.Report;

/**
 * {@code -o}: collect every section once, all at the same time, send each destination's reports (one
 * check-in per destination, merging its sections), wait for the server's jobs, and exit. The exit code
 * says whether everything was collected and accepted; upstream always exits 0.
 */
final class OneShotMode {
    private final Logger log = LoggerFactory.getLogger(OneShotMode.class);
    private final SectionCollector collector;
    private final TargetResolver targets;
    private final String reporterId;
    private final Patience patience;
    private final Sleeper sleeper;

    OneShotMode(SectionCollector collector, TargetResolver targets, String reporterId, Patience patience,
                Sleeper sleeper) {
        this.collector = collector;
        this.targets = targets;
        this.reporterId = reporterId;
        this.patience = patience;
        this.sleeper = sleeper;
    }

    int run(List<SourceConfig> sources) throws InterruptedException {
        boolean allWell = true;
        Map<CandlepinTarget, List<Report>> byTarget = new LinkedHashMap<>();
        for (SectionCollector.Outcome outcome : collector.collectAll(sources)) {
            SourceConfig source = outcome.source();
            if (!(outcome instanceof SectionCollector.Collected collected)) {
                allWell = false;
                continue;
            }
            if (source.smType() == SourceConfig.SmType.SATELLITE) {
                log.error("[{}]: Satellite 5 (sm_type=satellite) is not supported; the report is not sent",
                        source.name());
                allWell = false;
                continue;
            }
            CandlepinTarget target;
            try {
                target = targets.resolve(source);
            } catch (IllegalArgumentException e) {
                log.error("[{}]: unusable connection settings for the entitlement server: {}", source.name(),
                        e.getMessage());
                allWell = false;
                continue;
            }
            byTarget.computeIfAbsent(target, key -> new ArrayList<>()).add(collected.report());
        }
        for (Map.Entry<CandlepinTarget, List<Report>> destination : byTarget.entrySet()) {
            allWell &= deliver(destination.getKey(), destination.getValue());
        }
        return allWell ? ExitCode.OK : ExitCode.FAILURE;
    }

    private boolean deliver(CandlepinTarget target, List<Report> reports) throws InterruptedException {
        try (CandlepinDestination destination = new CandlepinDestination(target, reporterId, patience, sleeper)) {
            Delivery delivery = destination.deliver(reports);
            return delivery.accepted();
        } catch (HttpSetupException e) {
            log.error("Unable to reach {}: {}", target.describe(), e.getMessage());
            return false;
        }
    }
}
