package org.virtwho.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the values of one source section (its own over {@code [defaults]}) into a {@link SourceConfig},
 * with upstream's defaults, normalisations and messages. Every problem of the section is collected before
 * the verdict, so a user fixes a file in one pass; any error drops the section.
 */
final class SourceSectionReader {

    private static final Set<String> COMMON_KEYS = Set.of(
            "type", "sm_type", "hypervisor_id", "server", "username", "password", "encrypted_password", "owner",
            "filter_hosts", "exclude_hosts", "filter_type",
            "rhsm_username", "rhsm_password", "rhsm_encrypted_password", "rhsm_hostname", "rhsm_port",
            "rhsm_prefix", "rhsm_proxy_hostname", "rhsm_proxy_port", "rhsm_proxy_user", "rhsm_proxy_password",
            "rhsm_encrypted_proxy_password", "rhsm_no_proxy", "rhsm_insecure",
            "sat_server", "sat_username", "sat_password", "sat_encrypted_password");

    private static final Map<SourceType, Set<String>> TYPE_KEYS = Map.of(
            SourceType.ESX, Set.of("simplified_vim", "filter_host_parents", "exclude_host_parents", "ca_cert", "insecure"),
            SourceType.LIBVIRT, Set.of(),
            SourceType.HYPERV, Set.of("ca_cert", "insecure"),
            SourceType.KUBEVIRT, Set.of("kubeconfig", "kubeversion", "insecure"),
            SourceType.AHV, Set.of("is_hypervisor", "prism_central", "ahv_internal_debug"),
            SourceType.RHEVM, Set.of(),
            SourceType.FAKE, Set.of("is_hypervisor", "file"));

    /** Keys that name a server, user and password, which these types cannot work without. */
    private static final Set<SourceType> NEEDS_CREDENTIALS =
            Set.of(SourceType.ESX, SourceType.HYPERV, SourceType.AHV, SourceType.RHEVM);

    private static final Map<String, String> RENAMED = Map.of(
            "filter_host_uuids", "filter_hosts",
            "exclude_host_uuids", "exclude_hosts",
            "virt_type", "type");

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private final PasswordCipher cipher;
    private final Map<String, String> environment;

    SourceSectionReader(PasswordCipher cipher, Map<String, String> environment) {
        this.cipher = cipher;
        this.environment = environment;
    }

    record Result(Optional<SourceConfig> config, List<Problem> problems) {
    }

    /** @param rawValues the section's values by lower-cased key, interpolated and unquoted */
    Result read(String name, Path file, Map<String, String> rawValues) {
        Section section = new Section(name, file, rename(rawValues));
        Optional<SourceConfig> config = section.build();
        return new Result(section.hasError() ? Optional.empty() : config, section.problems);
    }

    private static Map<String, String> rename(Map<String, String> raw) {
        Map<String, String> values = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            String current = RENAMED.getOrDefault(key, key);
            // An explicit "type" wins over the legacy "virt_type", whatever their order.
            if (!(key.equals("virt_type") && raw.containsKey("type"))) {
                values.put(current, value);
            }
        });
        return values;
    }

    /** The work on one section: its values, and the problems found so far. */
    private final class Section {
        private final String name;
        private final Path file;
        private final Map<String, String> values;
        private final List<Problem> problems = new ArrayList<>();

        Section(String name, Path file, Map<String, String> values) {
            this.name = name;
            this.file = file;
            this.values = values;
        }

        boolean hasError() {
            return problems.stream().anyMatch(Problem::isError);
        }

        void error(String key, String message) {
            problems.add(Problem.error(file, name, key, message));
        }

        void warning(String key, String message) {
            problems.add(Problem.warning(file, name, key, message));
        }

        void info(String key, String message) {
            problems.add(Problem.info(file, name, key, message));
        }

        Optional<SourceConfig> build() {
            String typeName = values.getOrDefault("type", "libvirt");
            Optional<SourceType> parsedType = SourceType.fromConfigName(typeName);
            if (parsedType.isEmpty()) {
                error("type", "Unsupported virtual type '" + typeName + "' is set");
                return Optional.empty();
            }
            SourceType type = parsedType.get();
            warnUnknownKeys(type);

            SourceConfig.SmType smType = smType();
            HypervisorIdKind hypervisorId = hypervisorId(type);
            String server = server(type);
            requireFor(type, smType);
            Optional<Secret> password = password(type);
            HostFilter filter = new HostFilter(hostList("filter_hosts", hypervisorId),
                    hostList("exclude_hosts", hypervisorId), filterType());
            RhsmOverrides rhsm = rhsm();
            Optional<SourceConfig.Satellite> satellite = satellite(smType);
            BackendOptions options = options(type, server);
            if (hasError()) {
                return Optional.empty();
            }
            return Optional.of(new SourceConfig(name, file, type, smType, hypervisorId, server,
                    nonEmpty("username"), password, nonEmpty("owner"), filter, rhsm, satellite, options));
        }

        private void warnUnknownKeys(SourceType type) {
            for (String key : values.keySet()) {
                if (!COMMON_KEYS.contains(key) && !TYPE_KEYS.get(type).contains(key)) {
                    warning(key, "Ignoring unknown configuration option \"" + key + "\"");
                }
            }
        }

        private SourceConfig.SmType smType() {
            String value = values.getOrDefault("sm_type", "sam");
            return switch (value) {
                case "sam" -> SourceConfig.SmType.SAM;
                case "satellite" -> SourceConfig.SmType.SATELLITE;
                default -> {
                    error("sm_type", "sm_type must be one of satellite, sam");
                    yield SourceConfig.SmType.SAM;
                }
            };
        }

        private HypervisorIdKind hypervisorId(SourceType type) {
            String value = values.getOrDefault("hypervisor_id", "uuid");
            Optional<HypervisorIdKind> kind = HypervisorIdKind.fromConfigName(value);
            if (kind.isEmpty() || !type.hypervisorIds().contains(kind.get())) {
                error("hypervisor_id", "Invalid option: \"" + value + "\" for hypervisor_id, use one of: ("
                        + String.join(", ", type.hypervisorIds().stream().map(HypervisorIdKind::configName).toList())
                        + ")");
                return HypervisorIdKind.UUID;
            }
            return kind.get();
        }

        private String server(SourceType type) {
            String server = values.get("server");
            if (server == null || server.isEmpty()) {
                if (server != null && type != SourceType.LIBVIRT && type != SourceType.FAKE) {
                    error("server", "Option server needs to be set in config: '" + name + "'");
                }
                return "";
            }
            return switch (type) {
                case ESX -> esxServer(server);
                case LIBVIRT -> libvirtUri(server);
                case HYPERV -> server;
                case AHV -> {
                    if (!isIpv4(server)) {
                        error("server", "Invalid server IP address provided");
                    }
                    yield server;
                }
                case RHEVM -> rhevmUrl(server);
                default -> server;
            };
        }

        private String esxServer(String server) {
            if (!server.chars().allMatch(c -> c < 128)) {
                error("server", "Option server needs to be ASCII characters only: '" + name + "'");
                return server;
            }
            return server.contains("://") ? server : "https://" + server;
        }

        /**
         * Upstream's normalisation (scheme {@code qemu+ssh}, path {@code /system}, {@code no_tty=1}), except that
         * the port and query parameters the user gave are kept: upstream drops them.
         */
        private String libvirtUri(String server) {
            LooseUrl url = LooseUrl.parse(server.contains("//") ? server : "//" + server);
            String scheme = url.scheme();
            if (scheme.isEmpty()) {
                info("server", "Protocol is not specified in libvirt url, using qemu+ssh://");
                scheme = "qemu+ssh";
            }
            String path = url.path();
            if (path.length() <= 1) {
                info("server", "Libvirt path is not specified in the url, using /system");
                path = "/system";
            }
            String user = values.containsKey("username") ? values.get("username") : url.user();
            String query = url.query();
            boolean hasNoTty = Pattern.compile("(^|&)no_tty=").matcher(query).find();
            query = hasNoTty ? query : query.isEmpty() ? "no_tty=1" : query + "&no_tty=1";
            return scheme + "://" + (user == null || user.isEmpty() ? "" : user + "@") + url.hostAndPort() + path
                    + "?" + query;
        }

        private String hypervUrl(String server) {
            boolean altered = !server.contains("//");
            LooseUrl url = LooseUrl.parse(altered ? "//" + server : server);
            String scheme = url.scheme().isEmpty() ? "http" : url.scheme();
            String host = url.authority();
            if (!host.contains(":")) {
                altered = true;
                host += scheme.equals("https") ? ":5986" : ":5985";
            }
            String path = url.path();
            if (path.isEmpty()) {
                altered = true;
                path = "/wsman";
            }
            String normalised = scheme + "://" + host + path;
            if (altered) {
                info("server", "The original server URL was incomplete. It has been enhanced to " + normalised);
            }
            return normalised;
        }

        private String rhevmUrl(String server) {
            LooseUrl url = LooseUrl.parse(server.contains("//") ? server : "//" + server);
            String scheme = url.scheme().isEmpty() ? "https" : url.scheme();
            String host = url.authority().contains(":") ? url.authority() : url.authority() + ":8443";
            // As upstream: the path is kept (the backend finds "api" or "ovirt-engine/api" below it).
            String normalised = scheme + "://" + host + url.path();
            if (!normalised.endsWith("/")) {
                normalised += "/";
            }
            if (!normalised.equals(server)) {
                info("server", "The original server URL was incomplete. It has been enhanced to " + normalised);
            }
            return normalised;
        }

        private boolean isIpv4(String server) {
            Matcher matcher = IPV4.matcher(server);
            if (!matcher.matches()) {
                return false;
            }
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(matcher.group(group)) > 255) {
                    return false;
                }
            }
            return true;
        }

        private void requireFor(SourceType type, SourceConfig.SmType smType) {
            List<String> required = new ArrayList<>();
            if (NEEDS_CREDENTIALS.contains(type)) {
                required.addAll(List.of("server", "username"));
                if (!values.containsKey("encrypted_password")) {
                    required.add("password");
                }
            }
            if (smType == SourceConfig.SmType.SATELLITE) {
                required.addAll(List.of("sat_server", "sat_username"));
                if (!values.containsKey("sat_encrypted_password")) {
                    required.add("sat_password");
                }
            } else if (needsOwner(type)) {
                required.add("owner");
            }
            if (type == SourceType.FAKE) {
                required.add("file");
            }
            for (String key : required) {
                String value = values.get(key);
                // An empty server has its own message (see server()); other empty required keys count as unset.
                if (value == null || (value.isEmpty() && !key.equals("server"))) {
                    error(key, "Required option: \"" + key + "\" not set.");
                }
            }
        }

        private boolean needsOwner(SourceType type) {
            return switch (type) {
                case FAKE -> false;
                case LIBVIRT -> values.containsKey("server");
                default -> true;
            };
        }

        private Optional<Secret> password(SourceType type) {
            Optional<Secret> password = secret("password", "encrypted_password");
            if (type == SourceType.LIBVIRT) {
                String key = values.containsKey("encrypted_password") ? "encrypted_password" : "password";
                if (values.containsKey(key)) {
                    String server = values.get("server");
                    if (server == null) {
                        info(key, "Options '" + key + "' set in " + name
                                + " is useless for monitoring local libvirtd instance");
                    } else if (server.contains("ssh://") || !server.contains("://")) {
                        warning(key, "Password authentication doesn't work with ssh transport on libvirt backend, "
                                + "copy your public ssh key to the remote machine");
                    }
                }
            }
            return password;
        }

        /** A plain password, or the decrypted {@code encrypted} one, which wins when both are set. */
        private Optional<Secret> secret(String plainKey, String encryptedKey) {
            String encrypted = values.get(encryptedKey);
            if (encrypted == null) {
                return Optional.ofNullable(values.get(plainKey)).map(Secret::of);
            }
            try {
                return Optional.of(cipher.decrypt(encrypted.strip()));
            } catch (KeyFileException e) {
                error(encryptedKey, e.getMessage());
            } catch (UndecryptablePasswordException e) {
                error(encryptedKey, "Option \"" + encryptedKey + "\" cannot be decrypted, possibly corrupted");
            }
            return Optional.empty();
        }

        /** A comma list of values; an unterminated quote is an error. */
        private List<String> list(String key) {
            String value = values.get(key);
            if (value == null) {
                return List.of();
            }
            try {
                return ValueSyntax.parseList(value);
            } catch (IllegalArgumentException e) {
                error(key, e.getMessage());
                return List.of();
            }
        }

        /** {@code filter_hosts} or {@code exclude_hosts}, with upstream's warnings about how they will match. */
        private List<String> hostList(String key, HypervisorIdKind hypervisorId) {
            List<String> items = list(key);
            if (items.isEmpty()) {
                return items;
            }
            if (hypervisorId != HypervisorIdKind.UUID) {
                List<String> uuids = items.stream().filter(SourceSectionReader::looksLikeUuid).toList();
                if (!uuids.isEmpty()) {
                    warning(key, "Filter values: \"" + String.join(", ", uuids)
                            + "\" appear to be UUIDs. UUIDs are not gathered when hypervisor_id = \""
                            + hypervisorId.configName() + "\"");
                }
            }
            if (!values.containsKey("filter_type")) {
                warning(key, "\"" + key + "\" is set, but filter_type is not set. Possible values of filter_type: "
                        + "\"regex, wildcards\". Each value is matched both as a wildcard and as a regular expression.");
            }
            return items;
        }

        private Optional<HostFilter.Type> filterType() {
            String value = values.get("filter_type");
            if (value == null) {
                return Optional.empty();
            }
            return switch (value) {
                case "wildcards" -> Optional.of(HostFilter.Type.WILDCARDS);
                case "regex" -> Optional.of(HostFilter.Type.REGEX);
                default -> {
                    error("filter_type", "'filter_type' must be one of: 'regex, wildcards'");
                    yield Optional.empty();
                }
            };
        }

        private RhsmOverrides rhsm() {
            return new RhsmOverrides(
                    nonEmpty("rhsm_username"),
                    secret("rhsm_password", "rhsm_encrypted_password"),
                    nonEmpty("rhsm_hostname"),
                    port("rhsm_port"),
                    nonEmpty("rhsm_prefix"),
                    nonEmpty("rhsm_proxy_hostname"),
                    port("rhsm_proxy_port"),
                    nonEmpty("rhsm_proxy_user"),
                    secret("rhsm_proxy_password", "rhsm_encrypted_proxy_password"),
                    nonEmpty("rhsm_no_proxy"),
                    nonEmpty("rhsm_insecure").flatMap(value -> {
                        Optional<Boolean> insecure = ValueSyntax.parseBoolean(value);
                        if (insecure.isEmpty()) {
                            error("rhsm_insecure", "must be 0 or 1 (or another boolean: yes/no, true/false, on/off)");
                        }
                        return insecure;
                    }));
        }

        private Optional<SourceConfig.Satellite> satellite(SourceConfig.SmType smType) {
            if (smType != SourceConfig.SmType.SATELLITE) {
                return Optional.empty();
            }
            Optional<Secret> password = secret("sat_password", "sat_encrypted_password");
            Optional<String> server = nonEmpty("sat_server");
            Optional<String> username = nonEmpty("sat_username");
            if (server.isEmpty() || username.isEmpty() || password.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new SourceConfig.Satellite(server.get(), username.get(), password.get()));
        }

        private BackendOptions options(SourceType type, String server) {
            return switch (type) {
                case LIBVIRT -> new BackendOptions.Libvirt(server.isEmpty() ? Optional.empty() : Optional.of(server));
                case ESX -> new BackendOptions.Esx(server, bool("simplified_vim", true),
                        list("filter_host_parents"), list("exclude_host_parents"), tls());
                case HYPERV -> new BackendOptions.Hyperv(server.isEmpty() ? "" : hypervUrl(server), tls());
                case KUBEVIRT -> new BackendOptions.Kubevirt(kubeconfig(), kubeversion(), bool("insecure", false));
                case AHV -> new BackendOptions.Ahv(bool("is_hypervisor", true), bool("prism_central", false),
                        bool("ahv_internal_debug", false));
                case RHEVM -> new BackendOptions.Rhevm(server);
                case FAKE -> new BackendOptions.Fake(fakeFile(), bool("is_hypervisor", true));
            };
        }

        /** Our own keys: upstream never verifies these servers. */
        private SourceTls tls() {
            Optional<Path> ca = nonEmpty("ca_cert").map(this::expandHome);
            ca.ifPresent(path -> {
                if (!Files.isReadable(path)) {
                    error("ca_cert", "Path '" + path + "' is not accessible; give a readable PEM file or directory "
                            + "of CA certificates");
                }
            });
            return new SourceTls(ca, bool("insecure", false));
        }

        private Path fakeFile() {
            String value = values.get("file");
            if (value == null) {
                return Path.of("");
            }
            Path path = Path.of(value);
            if (!Files.isReadable(path)) {
                error("file", "Error validating key 'file': 'Path '" + value + "' is not accessible'");
            } else if (!Files.isRegularFile(path)) {
                error("file", "Error validating key 'file': 'Path '" + value + "' does not appear to be a file'");
            }
            return path;
        }

        private Path kubeconfig() {
            String value = values.get("kubeconfig");
            if (value == null) {
                String fromEnvironment = environment.get("KUBECONFIG");
                return fromEnvironment != null ? Path.of(fromEnvironment) : expandHome("~/.kube/config");
            }
            Path path = expandHome(value);
            if (!Files.isRegularFile(path)) {
                warning("kubeconfig", "Kubeconfig file was not found at " + value);
            }
            return path;
        }

        private Path expandHome(String path) {
            String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
            return Path.of(path.startsWith("~/") ? home + path.substring(1) : path);
        }

        private String kubeversion() {
            String value = values.get("kubeversion");
            if (value != null && value.isEmpty()) {
                warning("kubeversion", "kubeversion cannot be empty, using default");
            }
            return value == null ? "" : value;
        }

        private boolean bool(String key, boolean defaultValue) {
            String value = values.get(key);
            if (value == null) {
                return defaultValue;
            }
            Optional<Boolean> parsed = ValueSyntax.parseBoolean(value);
            if (parsed.isEmpty()) {
                warning(key, key + " must be a valid boolean, using default: " + ValueSyntax.pythonBoolean(defaultValue)
                        + ". See man virt-who-config for more info");
            }
            return parsed.orElse(defaultValue);
        }

        private Optional<Integer> port(String key) {
            return nonEmpty(key).flatMap(value -> {
                try {
                    int port = Integer.parseInt(value.strip());
                    if (port >= 1 && port <= 65535) {
                        return Optional.of(port);
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                error(key, "must be a port number from 1 to 65535, not '" + value + "'");
                return Optional.empty();
            });
        }

        /** An optional string key; set but empty is treated as not set, with upstream's warning. */
        private Optional<String> nonEmpty(String key) {
            String value = values.get(key);
            if (value != null && value.isEmpty()) {
                warning(key, "\"" + key + "\" cannot be empty and has no default value");
                return Optional.empty();
            }
            return Optional.ofNullable(value);
        }
    }

    static boolean looksLikeUuid(String value) {
        String hex = value.strip();
        if (hex.startsWith("urn:")) {
            hex = hex.substring(4);
        }
        if (hex.startsWith("uuid:")) {
            hex = hex.substring(5);
        }
        hex = hex.replaceAll("^\\{|}$", "").replace("-", "");
        return hex.length() == 32 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** Just enough of a URL split (scheme, user, host and port, path, query) for the normalisations above. */
    private record LooseUrl(String scheme, String authority, String path, String query) {
        private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(.*)", Pattern.DOTALL);

        static LooseUrl parse(String url) {
            String scheme = "";
            String rest = url;
            Matcher matcher = SCHEME.matcher(url);
            if (matcher.matches()) {
                scheme = matcher.group(1).toLowerCase(java.util.Locale.ROOT);
                rest = matcher.group(2);
            }
            String authority = "";
            if (rest.startsWith("//")) {
                int end = indexOfAny(rest, 2, "/?#");
                authority = rest.substring(2, end);
                rest = rest.substring(end);
            }
            int fragment = rest.indexOf('#');
            if (fragment >= 0) {
                rest = rest.substring(0, fragment);
            }
            int queryStart = rest.indexOf('?');
            String path = queryStart >= 0 ? rest.substring(0, queryStart) : rest;
            String query = queryStart >= 0 ? rest.substring(queryStart + 1) : "";
            return new LooseUrl(scheme, authority, path, query);
        }

        String user() {
            int at = authority.lastIndexOf('@');
            if (at < 0) {
                return null;
            }
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            return colon >= 0 ? userInfo.substring(0, colon) : userInfo;
        }

        String hostAndPort() {
            return authority.substring(authority.lastIndexOf('@') + 1);
        }

        private static int indexOfAny(String text, int from, String characters) {
            for (int i = from; i < text.length(); i++) {
                if (characters.indexOf(text.charAt(i)) >= 0) {
                    return i;
                }
            }
            return text.length();
        }
    }

    /** The keys a section of this type may set, for documentation and tests. */
    static Set<String> knownKeys(SourceType type) {
        Set<String> keys = new LinkedHashSet<>(COMMON_KEYS);
        keys.addAll(TYPE_KEYS.get(type));
        return keys;
    }
}
