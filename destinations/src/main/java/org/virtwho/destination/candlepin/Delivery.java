package org.virtwho.destination.candlepin;

import java.util.List;

/**
 * What became of the reports given to one destination.
 *
 * @param problems one sentence per thing that went wrong, already logged; empty when everything was accepted
 */
public record Delivery(List<String> problems) {
    public Delivery {
        problems = List.copyOf(problems);
    }

    public boolean accepted() {
        return problems.isEmpty();
    }
}
