package org.virtwho.agent;

import java.util.List;
import org.virtwho.config.GlobalSettings;

/**
 * Where log lines go. Started once the configuration is known (it names the log directory), stopped before
 * the process exits so the last lines reach the file. Behind an interface so tests of the agent's flow can
 * run it without reconfiguring the process's logging.
 */
interface Logging {

    /** @param sections the source section names, for one log file per section when {@code log_per_config} */
    void start(GlobalSettings global, List<String> sections);

    void stop();
}
