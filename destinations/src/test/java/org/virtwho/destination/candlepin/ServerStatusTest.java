package org.virtwho.destination.candlepin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerStatusTest {

    /** Contract §6, as Candlepin 5.0.3 answers. */
    private static final String CANDLEPIN = """
            {"mode":"NORMAL","modeReason":null,"modeChangeTime":null,"result":true,"version":"5.0.3","release":"1",
             "standalone":true,"timeUTC":"2024-05-01T10:15:30+0000","rulesSource":"default","rulesVersion":"5.44",
             "managerCapabilities":["cores","ram","instance_multiplier","derived_product","cert_v3","guest_limit","vcpu",
               "hypervisors_async","storage_band","remove_by_pool_id","batch_bind","org_level_content_access","syspurpose",
               "hypervisors_heartbeat","multi_environment","typed_environments"],
             "keycloakRealm":null,"keycloakAuthUrl":null,"keycloakResource":null,
             "deviceAuthRealm":null,"deviceAuthUrl":null,"deviceAuthClientId":null,"deviceAuthScope":null}""";

    @Test
    void readsTheStatusOfACurrentServer() throws IOException {
        ServerStatus status = ServerStatus.parse(CANDLEPIN);
        assertThat(status.result()).isTrue();
        assertThat(status.version()).isEqualTo("5.0.3");
        assertThat(status.capabilities()).hasSize(16).contains("cores", "typed_environments");
        assertThat(status.hasAsyncHypervisors()).isTrue();
        assertThat(status.hasHeartbeat()).isTrue();
    }

    @Test
    void anOldServerHasNeitherCapability() throws IOException {
        ServerStatus status = ServerStatus.parse("{\"result\":true,\"version\":\"0.9.51\",\"release\":\"1\"}");
        assertThat(status).isEqualTo(new ServerStatus(true, "0.9.51", Set.of()));
        assertThat(status.hasAsyncHypervisors()).isFalse();
        assertThat(status.hasHeartbeat()).isFalse();
    }

    @Test
    void takesANullListAsNoCapabilities() throws IOException {
        assertThat(ServerStatus.parse("{\"result\":true,\"version\":\"5\",\"managerCapabilities\":null}").capabilities())
                .isEmpty();
    }

    @Test
    void aServerWithoutTheHeartbeatStillChecksIn() throws IOException {
        ServerStatus status = ServerStatus.parse("{\"result\":true,\"managerCapabilities\":[\"hypervisors_async\"]}");
        assertThat(status.hasAsyncHypervisors()).isTrue();
        assertThat(status.hasHeartbeat()).isFalse();
        assertThat(status.version()).isEmpty();
    }

    @Test
    void onlyTrueIsAWorkingServer() throws IOException {
        assertThat(ServerStatus.parse("{\"result\":false}").result()).isFalse();
        assertThat(ServerStatus.parse("{\"result\":null}").result()).isFalse();
        assertThat(ServerStatus.parse("{\"result\":\"true\"}").result()).isFalse();
        assertThat(ServerStatus.parse("{}").result()).isFalse();
    }

    @Test
    void keepsOnlyStringCapabilities() throws IOException {
        assertThat(ServerStatus.parse("{\"managerCapabilities\":[\"a\",1,null,{\"b\":[\"c\"]},[\"d\"],\"e\",\"a\"]}")
                .capabilities()).containsExactly("a", "e");
    }

    @Test
    void theCapabilitiesCannotBeChanged() throws IOException {
        Set<String> capabilities = ServerStatus.parse(CANDLEPIN).capabilities();
        assertThatThrownBy(() -> capabilities.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "refuses {0}")
    @ValueSource(strings = {"", "[]", "true", "{\"result\":true", "{} []", "<html>Service Unavailable</html>"})
    void refusesWhatIsNotAStatus(String text) {
        assertThatThrownBy(() -> ServerStatus.parse(text)).isInstanceOf(IOException.class);
    }
}
