package org.virtwho.config;

import java.util.List;
import java.util.Map;

/**
 * Everything the agent was configured with, after validation.
 *
 * @param sources           the valid source sections, in file order; sections with errors are left out
 * @param droppedSections   the names of the sections left out because of errors
 * @param systemEnvironment {@code [system_environment]} of the general file, names in the case they were
 *                          written in (upstream lower-cases them, which breaks upper-case variables)
 * @param problems          everything worth telling the user, errors first in the order found
 */
public record Configuration(
        GlobalSettings global,
        List<SourceConfig> sources,
        List<String> droppedSections,
        Map<String, String> systemEnvironment,
        RhsmSettings rhsm,
        List<Problem> problems) {

    public Configuration {
        sources = List.copyOf(sources);
        droppedSections = List.copyOf(droppedSections);
        systemEnvironment = Map.copyOf(systemEnvironment);
        problems = List.copyOf(problems);
    }

    /** Variable values are left out: a proxy URL may carry a user name and password. */
    @Override
    public String toString() {
        return "Configuration[global=" + global + ", sources=" + sources + ", droppedSections=" + droppedSections
                + ", systemEnvironment=" + systemEnvironment.keySet() + ", rhsm=" + rhsm + ", problems=" + problems
                + "]";
    }
}
