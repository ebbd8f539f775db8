package org.virtwho.agent;

/** {@code virt-who}: the process entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Agent agent = new Agent(System.getenv(), System.out, System.err,
                new Log4jLogging(System.getenv(), System.err));
        int code = agent.run(args);
        System.out.flush();
        if (!agent.terminated()) {
            // After SIGTERM the JVM is already on its way out; exiting again from here would block.
            System.exit(code);
        }
    }
}
