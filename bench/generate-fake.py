#!/usr/bin/env python3
"""Write a fake-backend JSON file for benchmarks.

Usage: generate-fake.py HYPERVISORS GUESTS_PER_HYPERVISOR > file.json

The output has the layout upstream virt-who's "fake" backend reads with
is_hypervisor=true: {"hypervisors": [{"hypervisorId": {...}, "name": ...,
"guestIds": [...], "facts": {...}}, ...]}. The same arguments always give the
same bytes: every UUID comes from one seeded random generator.
"""

import json
import random
import sys
import uuid

SEED = 20240601
STATES = (1, 3, 5)  # running, paused, shut off (libvirt domain states)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: %s HYPERVISORS GUESTS_PER_HYPERVISOR\n" % argv[0])
        return 2
    try:
        hypervisor_count = int(argv[1])
        guest_count = int(argv[2])
    except ValueError:
        sys.stderr.write("%s: both arguments must be integers\n" % argv[0])
        return 2
    if hypervisor_count < 0 or guest_count < 0:
        sys.stderr.write("%s: counts must not be negative\n" % argv[0])
        return 2

    rng = random.Random(SEED)

    def next_uuid():
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    width = max(4, len(str(hypervisor_count)))
    hypervisors = []
    guest_number = 0
    for h in range(1, hypervisor_count + 1):
        hypervisor_id = next_uuid()
        guests = []
        for _ in range(guest_count):
            state = STATES[guest_number % len(STATES)]
            guest_number += 1
            guests.append({
                "guestId": next_uuid(),
                "state": state,
                "attributes": {
                    "virtWhoType": "fake",
                    "active": 1 if state in (1, 3) else 0,
                },
            })
        hypervisors.append({
            "hypervisorId": {"hypervisorId": hypervisor_id},
            "name": "host-%0*d.example.com" % (width, h),
            "guestIds": guests,
            "facts": {
                "cpu.cpu_socket(s)": "2",
                "hypervisor.type": "fake",
                "hypervisor.version": "1.0",
                "dmi.system.uuid": hypervisor_id,
            },
        })

    json.dump({"hypervisors": hypervisors}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
