package org.virtwho.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.config.HostFilter;
import org.virtwho.config.SourceConfig;
import org.virtwho.model.Host;
import org.virtwho.model.Hypervisor;
import org.virtwho.model.Inventory;
import org.virtwho.model.Report;

/**
 * The one place where a source's inventory becomes its report: {@code hypervisor_id} picks each host's
 * reported id (a host without that id is left out, with a warning), then {@code exclude_hosts} and
 * {@code filter_hosts} apply to that id, exclusions first, as upstream.
 */
public final class ReportShaper {
    private static final Logger LOG = LoggerFactory.getLogger(ReportShaper.class);

    private final SourceConfig config;
    private final HostMatcher include;
    private final HostMatcher exclude;

    public ReportShaper(SourceConfig config) {
        this.config = config;
        HostFilter filter = config.filter();
        this.include = HostMatcher.of(filter.include(), filter.type(), this::warnInvalid);
        this.exclude = HostMatcher.of(filter.exclude(), filter.type(), this::warnInvalid);
    }

    public Report shape(Inventory inventory) {
        if (inventory instanceof Inventory.Hosts hosts) {
            return new Report.HostGuestMapping(config.name(), hypervisors(hosts.hosts()));
        }
        Inventory.LocalGuests local = (Inventory.LocalGuests) inventory;
        return new Report.GuestList(config.name(), local.self().get(config.hypervisorId()), local.guests());
    }

    private List<Hypervisor> hypervisors(List<Host> hosts) {
        List<Hypervisor> hypervisors = new ArrayList<>(hosts.size());
        for (Host host : hosts) {
            Optional<String> id = host.identity().get(config.hypervisorId());
            if (id.isEmpty()) {
                LOG.warn("[{}]: a host{} has no {} and is left out of the report", config.name(),
                        host.name().map(name -> " named '" + name + "'").orElse(""), config.hypervisorId().configName());
                continue;
            }
            if (kept(id.get())) {
                hypervisors.add(new Hypervisor(id.get(), host.name(), host.guests(), host.facts()));
            }
        }
        return hypervisors;
    }

    private boolean kept(String id) {
        HostFilter filter = config.filter();
        if (!filter.exclude().isEmpty() && exclude.matches(id)) {
            LOG.debug("[{}]: skipping host '{}' because its id is excluded by exclude_hosts", config.name(), id);
            return false;
        }
        if (!filter.include().isEmpty() && !include.matches(id)) {
            LOG.debug("[{}]: skipping host '{}' because its id is not matched by filter_hosts", config.name(), id);
            return false;
        }
        return true;
    }

    private void warnInvalid(String value) {
        LOG.warn("[{}]: '{}' is not a valid regular expression; it matches no host", config.name(), value);
    }
}
