package org.virtwho.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's options, parsed the way its argparse parser does: short flags may be bundled ({@code -dp}), an
 * option's argument may be attached ({@code -i60}, {@code --interval=60}), and a long option may be shortened
 * to any unambiguous prefix ({@code --one}).
 */
final class CommandLine {
    static final String USAGE = "usage: virt-who [-d] [-o] [-i INTERVAL] [-p] [-c CONFIGS] [-s] [-j] [--version]";

    static final String HELP = USAGE + """


            Agent for reporting virtual guest IDs to subscription manager

            options:
              -h, --help            show this help message and exit
              -d, --debug           Enable debugging output
              -o, --one-shot        Send the list of guest IDs and exit immediately
              -s, --status          Produce a report to show connection health
              -j, --json            Used with status option to make output in json
              -i INTERVAL, --interval INTERVAL
                                    Acquire list of virtual guest each N seconds. Send if changes are detected.
              -p, --print           Print the host/guest association obtained from virtualization backend
                                    (implies oneshot)
              -c CONFIGS, --config CONFIGS
                                    Configuration file that will be processed and will override configuration
                                    from other files. 'global' and 'default' sections are not read in files
                                    passed in via this option, and are only read from /etc/virt-who.conf. Can
                                    be used multiple times
              --version             Display the version information and exit

            Files: /etc/virt-who.conf, /etc/virt-who.d/*.conf, /etc/rhsm/rhsm.conf, /var/lib/virt-who/key.
            Log: /var/log/rhsm/rhsm.log. See virt-who(8) and virt-who-config(5).
            """;

    /**
     * @param interval as typed: validation (a number of at least 60) is the configuration's, as upstream
     */
    record Options(boolean help, boolean version, boolean debug, boolean oneShot, boolean status, boolean json,
                   boolean print, Optional<String> interval, List<Path> configs) {

        /** The options that override {@code [global]}, by its key names; only those given. */
        Map<String, String> globalOverrides() {
            Map<String, String> overrides = new LinkedHashMap<>();
            if (debug) {
                overrides.put("debug", "true");
            }
            if (oneShot) {
                overrides.put("oneshot", "true");
            }
            if (status) {
                overrides.put("status", "true");
            }
            if (json) {
                overrides.put("json", "true");
            }
            if (print) {
                overrides.put("print", "true");
            }
            interval.ifPresent(value -> overrides.put("interval", value));
            return overrides;
        }
    }

    /** A command line argparse would refuse; the message is its {@code error:} text. */
    static final class BadArgumentsException extends Exception {
        BadArgumentsException(String message) {
            super(message);
        }
    }

    private enum Option {
        HELP('h', "help", false), DEBUG('d', "debug", false), ONE_SHOT('o', "one-shot", false),
        STATUS('s', "status", false), JSON('j', "json", false), INTERVAL('i', "interval", true),
        PRINT('p', "print", false), CONFIG('c', "config", true), VERSION((char) 0, "version", false);

        final char shortName;
        final String longName;
        final boolean takesArgument;

        Option(char shortName, String longName, boolean takesArgument) {
            this.shortName = shortName;
            this.longName = longName;
            this.takesArgument = takesArgument;
        }

        String display() {
            return shortName == 0 ? "--" + longName : "-" + shortName + "/--" + longName;
        }
    }

    private boolean help;
    private boolean version;
    private boolean debug;
    private boolean oneShot;
    private boolean status;
    private boolean json;
    private boolean print;
    private String interval;
    private final List<Path> configs = new ArrayList<>();

    static Options parse(String... args) throws BadArgumentsException {
        return new CommandLine().parseAll(args);
    }

    private Options parseAll(String[] args) throws BadArgumentsException {
        List<String> unrecognised = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") && arg.length() > 2) {
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
                Optional<Option> option = longOption(name);
                if (option.isEmpty()) {
                    unrecognised.add(arg);
                    continue;
                }
                if (option.get().takesArgument) {
                    String value = equals >= 0 ? arg.substring(equals + 1) : argument(args, ++i, option.get());
                    set(option.get(), value);
                } else if (equals >= 0) {
                    throw new BadArgumentsException("argument " + option.get().display() + ": ignored explicit argument '"
                            + arg.substring(equals + 1) + "'");
                } else {
                    set(option.get(), null);
                }
            } else if (arg.startsWith("-") && arg.length() > 1 && !arg.equals("--")) {
                for (int j = 1; j < arg.length(); j++) {
                    Optional<Option> option = shortOption(arg.charAt(j));
                    if (option.isEmpty()) {
                        unrecognised.add(j == 1 ? arg : "-" + arg.substring(j));
                        break;
                    }
                    if (option.get().takesArgument) {
                        String attached = arg.substring(j + 1);
                        set(option.get(), attached.isEmpty() ? argument(args, ++i, option.get()) : attached);
                        break;
                    }
                    set(option.get(), null);
                }
            } else {
                unrecognised.add(arg);
            }
        }
        if (!unrecognised.isEmpty()) {
            throw new BadArgumentsException("unrecognized arguments: " + String.join(" ", unrecognised));
        }
        return new Options(help, version, debug, oneShot, status, json, print, Optional.ofNullable(interval),
                configs);
    }

    private static String argument(String[] args, int index, Option option) throws BadArgumentsException {
        if (index >= args.length || (args[index].startsWith("-") && args[index].length() > 1)) {
            throw new BadArgumentsException("argument " + option.display() + ": expected one argument");
        }
        return args[index];
    }

    private static Optional<Option> shortOption(char name) {
        for (Option option : Option.values()) {
            if (option.shortName == name) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }

    private static Optional<Option> longOption(String name) throws BadArgumentsException {
        List<Option> candidates = new ArrayList<>();
        for (Option option : Option.values()) {
            if (option.longName.equals(name)) {
                return Optional.of(option);
            }
            if (option.longName.startsWith(name)) {
                candidates.add(option);
            }
        }
        if (candidates.size() > 1) {
            throw new BadArgumentsException("ambiguous option: --" + name + " could match "
                    + String.join(", ", candidates.stream().map(option -> "--" + option.longName).toList()));
        }
        return candidates.stream().findFirst();
    }

    private void set(Option option, String value) {
        switch (option) {
            case HELP -> help = true;
            case VERSION -> version = true;
            case DEBUG -> debug = true;
            case ONE_SHOT -> oneShot = true;
            case STATUS -> status = true;
            case JSON -> json = true;
            case PRINT -> print = true;
            case INTERVAL -> interval = value;
            case CONFIG -> configs.add(Path.of(value));
        }
    }
}
