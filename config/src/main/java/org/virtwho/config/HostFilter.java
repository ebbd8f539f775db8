package org.virtwho.config;

import java.util.List;
import java.util.Optional;

/**
 * {@code filter_hosts}, {@code exclude_hosts} and {@code filter_type} of a section: which hypervisors, by
 * their reported id, a source keeps. Empty lists mean "not set".
 *
 * @param type empty when {@code filter_type} is not set: then each value is tried both as a wildcard and as a
 *             regular expression, as upstream does
 */
public record HostFilter(List<String> include, List<String> exclude, Optional<Type> type) {

    public enum Type { WILDCARDS, REGEX }

    public static final HostFilter NONE = new HostFilter(List.of(), List.of(), Optional.empty());

    public HostFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public boolean isEmpty() {
        return include.isEmpty() && exclude.isEmpty();
    }
}
