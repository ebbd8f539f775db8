package org.virtwho.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The table and the JSON document of {@code -s}, byte for byte. The expected files were written with Python's own
 * {@code json.dumps(indent=4)} and upstream's table layout, so they are upstream's output for the same findings.
 */
class StatusReportTest {

    static String expected(String name) throws IOException {
        try (InputStream in = StatusReportTest.class.getResourceAsStream("status/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static StatusReport.Source source(String connection, String message, String last, Integer hypervisors,
                                              Integer guests) {
        return new StatusReport.Source(connection, Optional.ofNullable(message), last, hypervisors, guests);
    }

    private static StatusReport.Destination destination(String connection, String message, String last,
                                                        String jobStatus) {
        return new StatusReport.Destination(connection, Optional.ofNullable(message), last, jobStatus);
    }

    static final StatusReport SUCCESS = new StatusReport(List.of(
            new StatusReport.Section("fake-hv",
                    source(null, null, "2024-05-01 10:15:30 UTC", 2, 7),
                    destination("subscription.rhsm.redhat.com", null, "2024-05-01 10:15:31 UTC", "FINISHED")),
            new StatusReport.Section("local",
                    source(null, null, null, null, null),
                    destination("", null, null, null))));

    static final StatusReport SOURCE_FAILURE = new StatusReport(List.of(
            new StatusReport.Section("vcenter",
                    source("vcenter.example.com", "Unable to connect to \"vcenter.example.com\": connection refused.",
                            "2024-05-01 09:00:00 UTC", 12, 340),
                    destination("satellite.example.com", null, "2024-05-01 09:00:02 UTC", "FINISHED"))));

    static final StatusReport DESTINATION_FAILURE = new StatusReport(List.of(
            new StatusReport.Section("fake-hv",
                    source(null, null, null, null, null),
                    destination("satellite.example.com", "Specified owner 'Soci\u00e9t\u00e9' is not accessible.",
                            null, null)),
            new StatusReport.Section("vcenter",
                    source("vcenter.example.com", null, null, null, null),
                    destination("satellite.example.com", "Error during status connection: reading the server status "
                            + "at https://satellite.example.com:443/rhsm failed: connection refused.", null, null))));

    @Test
    void success() throws IOException {
        assertThat(SUCCESS.text()).isEqualTo(expected("success.txt"));
        assertThat(SUCCESS.json()).isEqualTo(expected("success.json"));
        assertThat(SUCCESS.allSucceeded()).isTrue();
    }

    @Test
    void sourceFailure() throws IOException {
        assertThat(SOURCE_FAILURE.text()).isEqualTo(expected("source-failure.txt"));
        assertThat(SOURCE_FAILURE.json()).isEqualTo(expected("source-failure.json"));
        assertThat(SOURCE_FAILURE.allSucceeded()).isFalse();
    }

    @Test
    void destinationFailure() throws IOException {
        assertThat(DESTINATION_FAILURE.text()).isEqualTo(expected("destination-failure.txt"));
        assertThat(DESTINATION_FAILURE.json()).isEqualTo(expected("destination-failure.json"));
        assertThat(DESTINATION_FAILURE.allSucceeded()).isFalse();
    }

    @Test
    void onlyTheWordIsColoured() {
        assertThat(SOURCE_FAILURE.text())
                .contains("Source Status: \033[1;31mfailure\033[0;0m\n")
                .contains("Destination Status: \033[1;32msuccess\033[0;0m\n\n");
    }

    @Test
    void anEmptyMessageIsNoFailure() {
        StatusReport report = new StatusReport(List.of(new StatusReport.Section("x",
                new StatusReport.Source(null, Optional.of(""), null, null, null),
                new StatusReport.Destination("", Optional.of(""), null, null))));
        assertThat(report.allSucceeded()).isTrue();
        assertThat(report.json()).doesNotContain("\"message\"");
    }

    @Test
    void noSectionsIsAnEmptyList() {
        assertThat(new StatusReport(List.of()).json()).isEqualTo("{\n    \"configurations\": []\n}\n");
    }
}
