#!/usr/bin/env python3
"""Writes a libvirt test-driver node file: generate-libvirt-node.py DOMAINS [HOST_UUID] > node.xml

The test driver (test:///ABSOLUTE/PATH/node.xml, or test+tcp://host:port/ABSOLUTE/PATH/node.xml through
libvirtd) serves the domains as if they were real: states cycle running, running, running, paused, shut off.
The host UUID sits in the 'computer' node device, where the test driver keeps it."""
import sys
import uuid


def main():
    if len(sys.argv) not in (2, 3) or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    domains = int(sys.argv[1])
    host = sys.argv[2] if len(sys.argv) == 3 else "5c1d7f2e-3b4a-4c6d-8e9f-0a1b2c3d4e5f"
    states = (1, 1, 1, 3, 5)
    lines = ["<node>",
             "  <cpu><mhz>2400</mhz><model>x86_64</model><active>16</active><nodes>1</nodes>"
             "<sockets>2</sockets><cores>4</cores><threads>2</threads></cpu>",
             "  <memory>67108864</memory>"]
    for i in range(domains):
        lines.append(
            "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
            f"<name>bench-{i:05d}</name><uuid>{uuid.UUID(int=(0xbe4c0000 << 96) + i)}</uuid>"
            "<memory>1048576</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
            f"<test:runstate>{states[i % len(states)]}</test:runstate></domain>")
    lines.append("  <device><name>computer</name><capability type='system'><product>Bench</product>"
                 f"<hardware><vendor>bench</vendor><uuid>{host}</uuid></hardware></capability></device>")
    lines.append("</node>")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
