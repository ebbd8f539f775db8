package org.virtwho.backend.esx;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code filter_host_parents} and {@code exclude_host_parents}: each item, with {@code *} read as {@code .*}, is
 * searched for anywhere in the id of the host's parent (a cluster such as {@code domain-c7}, or a standalone
 * host's compute resource). Exclusions win.
 */
final class ParentFilter {
    private static final Logger LOG = LoggerFactory.getLogger(ParentFilter.class);

    private final List<Pattern> include;
    private final List<Pattern> exclude;
    private final boolean filtering;

    ParentFilter(String section, List<String> include, List<String> exclude) {
        this.include = patterns(section, include);
        this.exclude = patterns(section, exclude);
        this.filtering = !include.isEmpty();
    }

    /** @param parent the parent's id, or null when the server did not say */
    boolean keeps(String hostId, String parent) {
        String id = parent == null ? "" : parent;
        if (exclude.stream().anyMatch(pattern -> pattern.matcher(id).find())) {
            LOG.debug("Skipping host '{}' because its parent '{}' is excluded", hostId, id);
            return false;
        }
        if (filtering && include.stream().noneMatch(pattern -> pattern.matcher(id).find())) {
            LOG.debug("Skipping host '{}' because its parent '{}' is not included", hostId, id);
            return false;
        }
        return true;
    }

    private static List<Pattern> patterns(String section, List<String> items) {
        List<Pattern> patterns = new ArrayList<>();
        for (String item : items) {
            try {
                patterns.add(Pattern.compile(item.replace("*", ".*")));
            } catch (PatternSyntaxException e) {
                // Upstream stops the whole section on such an item; one bad item should cost only itself.
                LOG.warn("[{}]: '{}' is not a valid host parent pattern; it matches no parent", section, item);
            }
        }
        return List.copyOf(patterns);
    }
}
