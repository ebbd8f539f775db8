package org.virtwho.backend.libvirt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes node files for libvirt's built-in <em>test</em> driver: a host with a CPU block, memory, N domains and the
 * {@code computer} node device that carries the host UUID. Open one with {@code test:///ABSOLUTE/PATH/node.xml}
 * (no daemon needed) or through a daemon with {@link LibvirtDaemon#tcpUri(String)} / {@link
 * LibvirtDaemon#unixUri(String)}.
 *
 * <p>Facts about libvirt 9.0.0's test driver (Debian 12), tried with {@code virsh list --all} and {@code domstate}:
 * <ul>
 *   <li>{@code <test:runstate>} accepts 0..7, the {@code virDomainState} values: 0 no state, 1 running, 2 blocked
 *       (virsh prints "idle"), 3 paused, 4 shutdown ("in shutdown"), 5 shut off, 6 crashed, 7 pmsuspended. 8 and
 *       above make the whole connection fail ("XML error: runstate '8' out of range").</li>
 *   <li>Only 5 (shut off) is inactive (no id, "-" in {@code virsh list}). Every other state, crashed included, gets
 *       an id and counts as active.</li>
 *   <li>Ids are handed out 1, 2, 3... to the active domains in file order; an {@code id} attribute is ignored.</li>
 *   <li>The all-zero UUID (Xen's Domain-0) is accepted and listed like any other domain, but it gets an ordinary id
 *       (1 when it comes first), not 0.</li>
 *   <li>The driver's capabilities have no {@code <host><uuid>} and its sysinfo is a fixed block without a system
 *       UUID: the host UUID is only in the node device {@code computer} ({@code virsh nodedev-dumpxml computer}).
 *       {@code virsh nodedev-list} fails on the test driver ("unsupported flags"): look the device up by name.</li>
 *   <li>Each connection to a node file parses it anew and has its own copy of the domains: a change made through
 *       one connection is not seen through another. Only {@code test:///default} is shared (while at least one
 *       connection to it stays open); see {@link LibvirtDaemon.Events}.</li>
 * </ul>
 */
final class TestNode {
    static final String NAMESPACE = "http://libvirt.org/schemas/domain/test/1.0";
    static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";
    static final String DEFAULT_HOST_UUID = "11111111-2222-3333-4444-555555555555";
    static final String DOMAIN_0 = "Domain-0";

    static final int NO_STATE = 0;
    static final int RUNNING = 1;
    static final int BLOCKED = 2;
    static final int PAUSED = 3;
    static final int SHUTDOWN = 4;
    static final int SHUT_OFF = 5;
    static final int CRASHED = 6;
    static final int PM_SUSPENDED = 7;
    /** Every run state the test driver accepts, in order. */
    static final List<Integer> ALL_STATES = List.of(NO_STATE, RUNNING, BLOCKED, PAUSED, SHUTDOWN, SHUT_OFF, CRASHED,
            PM_SUSPENDED);
    /** What {@code virsh domstate} and {@code virsh list} print for each state (index = state), with LC_ALL=C. */
    static final List<String> VIRSH_STATE_NAMES = List.of("no state", "running", "idle", "paused", "in shutdown",
            "shut off", "crashed", "pmsuspended");

    /** One domain as written: its name, UUID and {@code <test:runstate>}. */
    record Domain(String name, String uuid, int state) {
        /** Whether the test driver lists it as active (it has an id): every state but shut off. */
        boolean active() {
            return state != SHUT_OFF;
        }
    }

    private TestNode() {
    }

    /**
     * Writes {@code domains} domains named guest-00000, guest-00001, ... whose states cycle through {@code
     * stateCycle}, on a host with UUID {@code hostUuid}; returns them in file order.
     */
    static List<Domain> write(Path file, int domains, String hostUuid, List<Integer> stateCycle) {
        return builder().domains(domains).hostUuid(hostUuid).states(stateCycle).write(file);
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private int domains;
        private String hostUuid = DEFAULT_HOST_UUID;
        private List<Integer> states = List.of(RUNNING);
        private String namePrefix = "guest-";
        private boolean domain0;
        private int domain0State = RUNNING;
        private int sockets = 2;
        private int cores = 2;
        private int threads = 2;
        private int mhz = 2400;
        private long memoryKiB = 16L * 1024 * 1024;
        private long guestMemoryKiB = 1024 * 1024;
        private int guestVcpus = 1;

        private Builder() {
        }

        /** How many guests (guest-00000 ...), not counting Domain-0. */
        Builder domains(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("domains must be >= 0: " + count);
            }
            this.domains = count;
            return this;
        }

        /** The host UUID, written into the {@code computer} node device. Also seeds the guests' UUIDs. */
        Builder hostUuid(String uuid) {
            this.hostUuid = Objects.requireNonNull(uuid, "hostUuid");
            return this;
        }

        /** The states the guests cycle through: guest i gets {@code states.get(i % states.size())}. */
        Builder states(List<Integer> cycle) {
            if (cycle.isEmpty()) {
                throw new IllegalArgumentException("the state cycle is empty");
            }
            cycle.forEach(TestNode::checkState);
            this.states = List.copyOf(cycle);
            return this;
        }

        Builder states(Integer... cycle) {
            return states(List.of(cycle));
        }

        /** Guest names are this prefix plus a five-digit index; "guest-" by default. */
        Builder namePrefix(String prefix) {
            this.namePrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** Adds, before the guests, a running "Domain-0" with the all-zero UUID, as a Xen host lists it. */
        Builder withDomain0() {
            return withDomain0(RUNNING);
        }

        Builder withDomain0(int state) {
            checkState(state);
            this.domain0 = true;
            this.domain0State = state;
            return this;
        }

        /** The host's CPU topology (2 sockets, 2 cores, 2 threads by default) and speed. */
        Builder cpu(int sockets, int cores, int threads, int mhz) {
            this.sockets = sockets;
            this.cores = cores;
            this.threads = threads;
            this.mhz = mhz;
            return this;
        }

        Builder memoryKiB(long kib) {
            this.memoryKiB = kib;
            return this;
        }

        Builder guest(long memoryKiB, int vcpus) {
            this.guestMemoryKiB = memoryKiB;
            this.guestVcpus = vcpus;
            return this;
        }

        /** The domains this node has, in file order (Domain-0 first when present). */
        List<Domain> domainList() {
            List<Domain> list = new ArrayList<>(domains + 1);
            if (domain0) {
                list.add(new Domain(DOMAIN_0, ZERO_UUID, domain0State));
            }
            for (int i = 0; i < domains; i++) {
                String name = String.format("%s%05d", namePrefix, i);
                list.add(new Domain(name, guestUuid(name), states.get(i % states.size())));
            }
            return List.copyOf(list);
        }

        /** Deterministic, and different for the same name on hosts with different UUIDs. */
        private String guestUuid(String name) {
            return UUID.nameUUIDFromBytes((hostUuid + "/" + name).getBytes(StandardCharsets.UTF_8)).toString();
        }

        String xml() {
            return render(domainList());
        }

        /** Writes the node file (creating its directory) and returns its domains in file order. */
        List<Domain> write(Path file) {
            List<Domain> list = domainList();
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(file, render(list), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            return list;
        }

        private String render(List<Domain> list) {
            StringBuilder xml = new StringBuilder(256 + 300 * list.size());
            xml.append("<node>\n");
            xml.append("  <cpu><mhz>").append(mhz).append("</mhz><model>x86_64</model><active>")
                    .append(sockets * cores * threads).append("</active><nodes>1</nodes><sockets>").append(sockets)
                    .append("</sockets><cores>").append(cores).append("</cores><threads>").append(threads)
                    .append("</threads></cpu>\n");
            xml.append("  <memory>").append(memoryKiB).append("</memory>\n");
            for (Domain domain : list) {
                xml.append("  <domain type='test' xmlns:test='").append(NAMESPACE).append("'>\n");
                xml.append("    <name>").append(escape(domain.name())).append("</name><uuid>").append(domain.uuid())
                        .append("</uuid><memory>").append(guestMemoryKiB).append("</memory><vcpu>")
                        .append(guestVcpus).append("</vcpu>\n");
                xml.append("    <os><type>hvm</type></os><test:runstate>").append(domain.state())
                        .append("</test:runstate>\n");
                xml.append("  </domain>\n");
            }
            xml.append("  <device><name>computer</name><capability type='system'>\n");
            xml.append("    <product>TestHost</product>\n");
            xml.append("    <hardware><vendor>Libvirt</vendor><version>Test</version><serial>SER-1</serial><uuid>")
                    .append(escape(hostUuid)).append("</uuid></hardware>\n");
            xml.append("    <firmware><vendor>Libvirt</vendor><version>1</version>"
                    + "<release_date>01/01/2024</release_date></firmware>\n");
            xml.append("  </capability></device>\n");
            xml.append("</node>\n");
            return xml.toString();
        }
    }

    private static void checkState(Integer state) {
        if (state == null || state < NO_STATE || state > PM_SUSPENDED) {
            throw new IllegalArgumentException("the test driver accepts run states 0..7 only (8 and above fail the "
                    + "whole connection): " + state);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
