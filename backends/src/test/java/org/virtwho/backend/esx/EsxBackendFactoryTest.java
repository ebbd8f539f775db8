package org.virtwho.backend.esx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EsxBackendFactoryTest {

    @Test
    void theEndpointIsTheServerWithOneSdk() throws Exception {
        assertThat(EsxBackendFactory.endpoint("https://vc.example.com")).hasToString("https://vc.example.com/sdk");
        assertThat(EsxBackendFactory.endpoint("https://vc.example.com:8443/sdk/")).hasToString(
                "https://vc.example.com:8443/sdk");
    }

    @Test
    void credentialsWrittenIntoTheUrlNeverReachTheEndpointOrAMessage() throws Exception {
        assertThat(EsxBackendFactory.endpoint("https://admin:S3cret@vc.example.com")).hasToString(
                "https://vc.example.com/sdk");
        assertThatThrownBy(() -> EsxBackendFactory.endpoint("ftp://admin:S3cret@vc.example.com"))
                .hasMessageNotContaining("S3cret").hasMessageContaining("ftp://vc.example.com");
    }
}
