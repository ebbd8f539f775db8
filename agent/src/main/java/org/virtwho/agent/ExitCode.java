package org.virtwho.agent;

/** The process exit codes, the same as upstream's. */
final class ExitCode {
    static final int OK = 0;
    /** Nothing could be done: no valid configuration, no readable {@code -c} file, every section failed. */
    static final int FAILURE = 1;
    /** An unknown option or a missing option argument (argparse's code). */
    static final int BAD_ARGUMENTS = 2;
    /** Options that contradict each other ({@code EX_USAGE}). */
    static final int USAGE = 64;

    private ExitCode() {
    }
}
