package org.virtwho.destination.candlepin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.virtwho.model.Hypervisor;
import org.virtwho.model.Report;

/**
 * What a set of reports says, as a SHA-256 of its canonical JSON: hypervisors sorted by id (each one's guests
 * are sorted by the body already), guest lists by section. Upstream hashes the same way, so an unchanged data
 * centre listed in another order is still unchanged.
 */
final class Fingerprint {
    private Fingerprint() {
    }

    static String of(List<Report> reports) {
        List<Hypervisor> hypervisors = new ArrayList<>();
        List<Report.GuestList> lists = new ArrayList<>();
        for (Report report : reports) {
            if (report instanceof Report.HostGuestMapping mapping) {
                hypervisors.addAll(mapping.hypervisors());
            } else {
                lists.add((Report.GuestList) report);
            }
        }
        hypervisors.sort(Comparator.comparing(Hypervisor::hypervisorId));
        lists.sort(Comparator.comparing(Report.GuestList::source));
        StringBuilder canonical = new StringBuilder(CheckinBody.of(List.of(new Report.HostGuestMapping("", hypervisors))));
        for (Report.GuestList list : lists) {
            canonical.append('\n').append(list.source()).append('\n').append(CheckinBody.guestList(list));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
