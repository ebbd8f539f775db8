package org.virtwho.destination.candlepin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobStatusTest {
    private static final String ID = "8a8d01f47a0f3e0b017a0f4a5b6c0042";

    /** The check-in's answer, contract §1: every field the server writes, most of them null. */
    private static final String CREATED = """
            {"id":"8a8d01f47a0f3e0b017a0f4a5b6c0042","key":"HypervisorUpdateJob","name":"Hypervisor Update",
             "group":null,"origin":"cp.example.com","executor":null,"principal":"virt-who-user",
             "state":"CREATED","previousState":"CREATED","startTime":null,"endTime":null,"attempts":0,"maxAttempts":1,
             "statusPath":"/jobs/8a8d01f47a0f3e0b017a0f4a5b6c0042","resultData":null,
             "created":"2024-05-01T10:15:30+0000","updated":"2024-05-01T10:15:30+0000"}""";

    /** A finished update, contract §3: resultData is an object, the consumers nested with their owner. */
    private static final String FINISHED = """
            {"id":"8a8d01f47a0f3e0b017a0f4a5b6c0042","key":"HypervisorUpdateJob","state":"FINISHED",
             "previousState":"RUNNING","startTime":"2024-05-01T10:15:31+0000","endTime":"2024-05-01T10:15:32+0000",
             "resultData": {"created":[{"uuid":"4b0b2d2c-0001","name":"esx1.example.com",
                              "owner":{"id":"8a8d01f4","key":"ACME_Corporation","displayName":"ACME Corporation",
                                       "href":"/owners/ACME_Corporation"}},
                             {"uuid":"4b0b2d2c-0002","name":null,"owner":{"key":"ACME_Corporation"}}],
                            "updated":[{"uuid":"4b0b2d2c-0003","name":"esx3.example.com"}],
                            "unchanged":[{"name":"esx4.example.com"},{"uuid":"4b0b2d2c-0005"},{"owner":{}}],
                            "failedUpdate":["esx-host-9: Unable to find hypervisor with id esx-host-9 in org ACME_Corporation"]},
             "created":"2024-05-01T10:15:30+0000","updated":"2024-05-01T10:15:32+0000"}""";

    @Test
    void readsTheCheckInAnswer() throws IOException {
        JobStatus job = JobStatus.parse(CREATED);
        assertThat(job).isEqualTo(new JobStatus(ID, "CREATED", Optional.empty(), Optional.empty()));
        assertThat(job.isFinal()).isFalse();
        assertThat(job.succeeded()).isFalse();
        assertThat(job.isBlocked()).isFalse();
    }

    @Test
    void readsAFinishedUpdateWithItsResult() throws IOException {
        JobStatus job = JobStatus.parse(FINISHED);
        assertThat(job.id()).isEqualTo(ID);
        assertThat(job.message()).isEmpty();
        assertThat(job.result()).contains(new JobStatus.Result(
                List.of("esx1.example.com", "4b0b2d2c-0002"),
                List.of("esx3.example.com"),
                List.of("esx4.example.com", "4b0b2d2c-0005"),
                List.of("esx-host-9: Unable to find hypervisor with id esx-host-9 in org ACME_Corporation")));
        assertThat(job.isFinal()).isTrue();
        assertThat(job.succeeded()).isTrue();
        assertThat(job.isBlocked()).isFalse();
    }

    @Test
    void readsAnEmptyResult() throws IOException {
        JobStatus job = JobStatus.parse("""
                {"id":"j","state":"FINISHED","resultData":{"created":[],"updated":[],"unchanged":[],"failedUpdate":[]}}""");
        assertThat(job.result()).contains(new JobStatus.Result(List.of(), List.of(), List.of(), List.of()));
    }

    @Test
    void takesMissingOrNullResultListsAsEmpty() throws IOException {
        JobStatus job = JobStatus.parse("""
                {"id":"j","state":"FINISHED","resultData":{"created":null,"failedUpdate":[null, "x"],"other":[1]}}""");
        assertThat(job.result()).contains(new JobStatus.Result(List.of(), List.of(), List.of(), List.of("x")));
    }

    @Test
    void recognisesAJobBlockedByAnother() throws IOException {
        JobStatus job = JobStatus.parse("""
                {"id":"8a8d01f4-2","key":"HypervisorUpdateJob","state":"FAILED","previousState":"CREATED",
                 "resultData":"Job blocked by the following existing jobs: 8a8d01f47a0f3e0b017a0f4a5b6c0042",
                 "group":null,"executor":null}""");
        assertThat(job.message()).contains("Job blocked by the following existing jobs: " + ID);
        assertThat(job.result()).isEmpty();
        assertThat(job.isFinal()).isTrue();
        assertThat(job.isBlocked()).isTrue();
        assertThat(job.succeeded()).isFalse();
    }

    @Test
    void takesAnyOtherFailureAsAFailure() throws IOException {
        JobStatus job = JobStatus.parse("""
                {"id":"j","state":"FAILED","resultData":"org.candlepin.async.JobExecutionException: something broke"}""");
        assertThat(job.message()).contains("org.candlepin.async.JobExecutionException: something broke");
        assertThat(job.isFinal()).isTrue();
        assertThat(job.isBlocked()).isFalse();
        assertThat(job.succeeded()).isFalse();
    }

    @Test
    void aBlockedMessageOnlyCountsOnAFailedJob() throws IOException {
        assertThat(JobStatus.parse("{\"id\":\"j\",\"state\":\"FINISHED\",\"resultData\":\"Job blocked by x\"}")
                .isBlocked()).isFalse();
        assertThat(JobStatus.parse("{\"id\":\"j\",\"state\":\"FAILED\",\"resultData\":null}").isBlocked()).isFalse();
    }

    @Test
    void readsTheHeartbeatsMessage() throws IOException {
        JobStatus job = JobStatus.parse("""
                {"id":"hb-1","key":"HypervisorHeartbeatUpdateJob","state":"FINISHED",
                 "resultData":"Last hypervisor check-in updated for owner \\"ACME\\" by reporter: r-1"}""");
        assertThat(job).isEqualTo(new JobStatus("hb-1", "FINISHED", Optional.empty(),
                Optional.of("Last hypervisor check-in updated for owner \"ACME\" by reporter: r-1")));
        assertThat(job.succeeded()).isTrue();
    }

    @Test
    void readsAFinishedJobWhoseOwnerVanished() throws IOException {
        JobStatus job = JobStatus.parse("""
                {"id":"j","state":"FINISHED","resultData":"Hypervisor update attempted against non-existent org: \\"ACME\\""}""");
        assertThat(job.succeeded()).isTrue();
        assertThat(job.result()).isEmpty();
        assertThat(job.message()).contains("Hypervisor update attempted against non-existent org: \"ACME\"");
    }

    @Test
    void ignoresFieldsItDoesNotKnow() throws IOException {
        JobStatus job = JobStatus.parse("""
                {"future":{"nested":[1,{"id":"not this one"}]},"id":"j","list":[{"state":"nor this"}],
                 "state":"RUNNING","flag":true,"number":1.5,"resultData":null}""");
        assertThat(job).isEqualTo(new JobStatus("j", "RUNNING", Optional.empty(), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}: final {1}, succeeded {2}")
    @CsvSource(textBlock = """
            CREATED,  false, false
            RUNNING,  false, false
            FINISHED, true,  true
            FAILED,   true,  false
            CANCELED, true,  false
            """)
    void knowsWhichStatesAreFinal(String state, boolean isFinal, boolean succeeded) throws IOException {
        JobStatus job = JobStatus.parse("{\"id\":\"j\",\"state\":\"" + state + "\"}");
        assertThat(job.isFinal()).isEqualTo(isFinal);
        assertThat(job.succeeded()).isEqualTo(succeeded);
    }

    @ParameterizedTest(name = "refuses {0}")
    @ValueSource(strings = {"", "null", "[]", "\"FINISHED\"", "{\"id\":\"j\"}", "{\"state\":\"FINISHED\"}",
            "{\"id\":null,\"state\":\"FINISHED\"}", "{\"id\":1,\"state\":\"FINISHED\"}",
            "{\"id\":\"j\",\"state\":\"FINISHED\"", "{\"id\":\"j\",\"state\":\"FINISHED\"} {}", "<html>502</html>"})
    void refusesWhatIsNotAJobStatus(String text) {
        assertThatThrownBy(() -> JobStatus.parse(text)).isInstanceOf(IOException.class);
    }
}
