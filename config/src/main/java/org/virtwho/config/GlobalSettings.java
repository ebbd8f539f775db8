package org.virtwho.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code [global]} section of {@code /etc/virt-who.conf} with the command line laid over it
 * (command line &gt; {@code [global]} &gt; built-in default).
 *
 * @param interval seconds between reports in interval mode, at least {@value #MINIMUM_INTERVAL}
 * @param configs  the {@code -c} files (or {@code configs=} of {@code [global]}): when not empty, only these are
 *                 read and {@code /etc/virt-who.d} is ignored
 */
public record GlobalSettings(
        boolean debug,
        boolean oneShot,
        boolean status,
        boolean json,
        boolean print,
        boolean logPerConfig,
        List<Path> configs,
        String reporterId,
        int interval,
        String logFile,
        Path logDirectory) {

    public static final int DEFAULT_INTERVAL = 3600;
    public static final int MINIMUM_INTERVAL = 60;
    public static final String DEFAULT_LOG_FILE = "rhsm.log";

    public GlobalSettings {
        configs = List.copyOf(configs);
    }
}
