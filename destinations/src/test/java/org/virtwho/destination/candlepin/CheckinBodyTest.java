package org.virtwho.destination.candlepin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Hypervisor;
import org.virtwho.model.Report;

class CheckinBodyTest {

    private static Hypervisor hypervisor(String id, Optional<String> name, List<Guest> guests,
            Map<String, Object> facts) {
        return new Hypervisor(id, name, guests, facts);
    }

    private static Hypervisor bare(String id) {
        return hypervisor(id, Optional.empty(), List.of(), Map.of());
    }

    private static Report.HostGuestMapping mapping(String source, Hypervisor... hypervisors) {
        return new Report.HostGuestMapping(source, List.of(hypervisors));
    }

    /** An ESX host with unsorted guests of every activity, and facts of every JSON type. */
    private static Hypervisor esxHost() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("hypervisor.type", "VMware ESXi");
        facts.put("cpu.cpu_socket(s)", "2");
        facts.put("hypervisor.version", 2);
        facts.put("ratio", 1.5);
        facts.put("big", new BigDecimal("12345678901234567890.5"));
        facts.put("virtual", true);
        facts.put("hypervisor.cluster", null);
        return hypervisor("esx-host-0001", Optional.of("h\u00f4te-\u00e9t\u00e9 \ud83d\ude00"),
                List.of(new Guest("c-guest", GuestState.SHUT_OFF, "esx"),
                        new Guest("a-guest", GuestState.RUNNING, "esx"),
                        new Guest("B-guest", GuestState.PAUSED, "esx")),
                facts);
    }

    @Test
    void writesOneHypervisorAsUpstreamDoes() {
        assertThat(CheckinBody.of(List.of(mapping("esx", esxHost())))).isEqualTo("{\"hypervisors\":["
                + "{\"hypervisorId\":{\"hypervisorId\":\"esx-host-0001\"},"
                // Non-ASCII as \\u escapes (upper-case hex, one per UTF-16 unit): the body is pure ASCII.
                + "\"name\":\"h\\u00F4te-\\u00E9t\\u00E9 \\uD83D\\uDE00\","
                // Sorted by guest id as Python sorts strings: upper case before lower case.
                + "\"guestIds\":["
                + "{\"guestId\":\"B-guest\",\"state\":3,\"attributes\":{\"virtWhoType\":\"esx\",\"active\":1}},"
                + "{\"guestId\":\"a-guest\",\"state\":1,\"attributes\":{\"virtWhoType\":\"esx\",\"active\":1}},"
                + "{\"guestId\":\"c-guest\",\"state\":5,\"attributes\":{\"virtWhoType\":\"esx\",\"active\":0}}],"
                // Facts in their order and JSON type.
                + "\"facts\":{\"hypervisor.type\":\"VMware ESXi\",\"cpu.cpu_socket(s)\":\"2\","
                + "\"hypervisor.version\":2,\"ratio\":1.5,\"big\":12345678901234567890.5,\"virtual\":true,"
                + "\"hypervisor.cluster\":null}}"
                + "]}");
    }

    @Test
    void leavesOutEmptyNameAndFactsButNeverTheGuestList() {
        Hypervisor emptyName = hypervisor("h2", Optional.of(""), List.of(), Map.of());
        assertThat(CheckinBody.of(List.of(mapping("a", bare("h1"), emptyName)))).isEqualTo("{\"hypervisors\":["
                + "{\"hypervisorId\":{\"hypervisorId\":\"h1\"},\"guestIds\":[]},"
                + "{\"hypervisorId\":{\"hypervisorId\":\"h2\"},\"guestIds\":[]}]}");
    }

    @Test
    void escapesWhatJsonMustEscape() {
        Hypervisor odd = hypervisor("id \"quoted\" \\ back", Optional.of("tab\there\nnewline"), List.of(),
                Map.of("path/slash", "ctl\u0001"));
        assertThat(CheckinBody.of(List.of(mapping("a", odd)))).isEqualTo("{\"hypervisors\":["
                + "{\"hypervisorId\":{\"hypervisorId\":\"id \\\"quoted\\\" \\\\ back\"},"
                + "\"name\":\"tab\\there\\nnewline\",\"guestIds\":[],\"facts\":{\"path/slash\":\"ctl\\u0001\"}}]}");
    }

    @Test
    void mergesTheHypervisorsOfAllMappingsInOrder() {
        String body = CheckinBody.of(List.of(mapping("first", bare("h1"), bare("h2")), mapping("second"),
                mapping("third", bare("h3"))));
        assertThat(body).isEqualTo("{\"hypervisors\":["
                + "{\"hypervisorId\":{\"hypervisorId\":\"h1\"},\"guestIds\":[]},"
                + "{\"hypervisorId\":{\"hypervisorId\":\"h2\"},\"guestIds\":[]},"
                + "{\"hypervisorId\":{\"hypervisorId\":\"h3\"},\"guestIds\":[]}]}");
    }

    @Test
    void anEmptyCheckInIsAnEmptyListWhichTheServerAccepts() {
        assertThat(CheckinBody.of(List.of())).isEqualTo("{\"hypervisors\":[]}");
    }

    @Test
    void refusesFactValuesJsonCannotCarry() {
        assertThatThrownBy(() -> CheckinBody.of(List.of(mapping("a",
                hypervisor("h", Optional.empty(), List.of(), Map.of("when", new Object()))))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fact when");
        assertThatThrownBy(() -> CheckinBody.of(List.of(mapping("a",
                hypervisor("h", Optional.empty(), List.of(), Map.of("nan", Double.NaN))))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fact nan");
    }

    @Test
    void findsDuplicateIdsAcrossMappingsIgnoringCase() {
        List<Report.HostGuestMapping> mappings = List.of(
                mapping("vcenter-a", bare("Host-1"), bare("host-2")),
                mapping("vcenter-b", bare("HOST-1"), bare("host-3"), bare("host-1")),
                mapping("vcenter-c", bare("host-3")));
        // Each named once, spelt as first seen, in the order first seen.
        assertThat(CheckinBody.duplicateIds(mappings)).containsExactly("Host-1", "host-3");
    }

    @Test
    void findsAnIdReportedTwiceByOneMapping() {
        assertThat(CheckinBody.duplicateIds(List.of(mapping("a", bare("h"), bare("h"))))).containsExactly("h");
        assertThat(CheckinBody.duplicateIds(List.of(mapping("a", bare("h1"), bare("h2"))))).isEmpty();
    }

    @Test
    void sendsDuplicatesAllTheSameAsUpstreamDoes() {
        assertThat(CheckinBody.of(List.of(mapping("a", bare("h")), mapping("b", bare("H")))))
                .contains("\"hypervisorId\":\"h\"").contains("\"hypervisorId\":\"H\"");
    }

    @Test
    void writesTheGuestListOfTheLocalHost() {
        Report.GuestList list = new Report.GuestList("local", Optional.of("host-uuid"), List.of(
                new Guest("9f06a84d-5f56-4e7e-be0c-937b3c1924d7", GuestState.CRASHED, "libvirt"),
                new Guest("1f06a84d-5f56-4e7e-be0c-937b3c1924d7", GuestState.RUNNING, "libvirt")));
        assertThat(CheckinBody.guestList(list)).isEqualTo("{\"guestIds\":["
                + "{\"guestId\":\"1f06a84d-5f56-4e7e-be0c-937b3c1924d7\",\"state\":1,"
                + "\"attributes\":{\"virtWhoType\":\"libvirt\",\"active\":1}},"
                + "{\"guestId\":\"9f06a84d-5f56-4e7e-be0c-937b3c1924d7\",\"state\":6,"
                + "\"attributes\":{\"virtWhoType\":\"libvirt\",\"active\":0}}],"
                + "\"hypervisorId\":{\"hypervisorId\":\"host-uuid\"}}");
    }

    @Test
    void leavesOutAnUnknownHostIdFromTheGuestList() {
        assertThat(CheckinBody.guestList(new Report.GuestList("local", Optional.empty(), List.of())))
                .isEqualTo("{\"guestIds\":[]}");
        assertThat(CheckinBody.guestList(new Report.GuestList("local", Optional.of(""), List.of())))
                .isEqualTo("{\"guestIds\":[]}");
    }

    /** The bodies against the server's OpenAPI description (contract §9). */
    @Nested
    class AgainstTheContract {
        /** The path as sent: the spec's server URL is {@code /candlepin} (the validator also matches it without). */
        private static final String CHECK_IN = "/candlepin/hypervisors/ACME";

        private ValidationReport checkIn(String body, String contentType) {
            return Contracts.overlay().validateRequest(SimpleRequest.Builder.post(CHECK_IN)
                    .withContentType(contentType)
                    .withAccept("application/json")
                    .withQueryParam("reporter_id", "r")
                    .withBody(body)
                    .build());
        }

        /** A text/plain body is never validated, so the overlay also offers the schema as application/json. */
        private ValidationReport checkInStructure(String body) {
            return checkIn(body, "application/json");
        }

        /** Every error, the known gaps included. */
        private static List<String> allErrors(ValidationReport report) {
            return report.getMessages().stream()
                    .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                    .map(Contracts::describe)
                    .toList();
        }

        private static Hypervisor withStringFacts() {
            return hypervisor("esx-host-0001", Optional.of("esx1.example.com"),
                    List.of(new Guest("4c4c4544-0051-3210-8047-b4c04f4b4d31", GuestState.RUNNING, "esx"),
                            new Guest("4c4c4544-0051-3210-8047-b4c04f4b4d32", GuestState.SHUT_OFF, "esx")),
                    Map.of("hypervisor.type", "VMware ESXi", "cpu.cpu_socket(s)", "2"));
        }

        @Test
        void theCheckInBodyMatchesTheOverlaySchema() {
            String body = CheckinBody.of(List.of(mapping("a", withStringFacts(), bare("h2")),
                    mapping("b", bare("h3"))));
            assertThat(allErrors(checkInStructure(body))).isEmpty();
        }

        @Test
        void theEmptyCheckInMatchesTheOverlaySchema() {
            assertThat(allErrors(checkInStructure(CheckinBody.of(List.of())))).isEmpty();
        }

        @Test
        void theRealRequestAsTextPlainMatchesThePublishedOperation() {
            // Path, method, query parameter and media type; the body itself is not looked at for text/plain.
            String body = CheckinBody.of(List.of(mapping("a", withStringFacts())));
            assertThat(allErrors(checkIn(body, "text/plain"))).isEmpty();
        }

        @Test
        void theValidatorCatchesPlainStringGuestIds() {
            String body = "{\"hypervisors\":[{\"hypervisorId\":{\"hypervisorId\":\"h\"},\"guestIds\":[\"g1\"]}]}";
            assertThat(Contracts.errors(checkInStructure(body))).singleElement().asString()
                    .contains("/hypervisors/0/guestIds/0").contains("string");
        }

        @Test
        void theValidatorCatchesAMissingHypervisorsKey() {
            assertThat(allErrors(checkInStructure("{}"))).singleElement().asString()
                    .contains("required").contains("hypervisors");
            // A misspelt root key is reported twice: as missing and as not allowed.
            assertThat(allErrors(checkInStructure("{\"hypervisor\":[]}")))
                    .anySatisfy(error -> assertThat(error).contains("required").contains("hypervisors"));
        }

        /**
         * Known gap: the overlay types facts as strings, while upstream sends libvirt's {@code hypervisor.version}
         * as a number and the server turns numbers into strings (contract §1). The body keeps upstream's types.
         */
        @Test
        void theOverlayIsStricterThanTheServerAboutNumericFacts() {
            Hypervisor numeric = hypervisor("h", Optional.empty(), List.of(), Map.of("hypervisor.version", 2));
            List<String> errors = allErrors(checkInStructure(CheckinBody.of(List.of(mapping("a", numeric)))));
            assertThat(errors).singleElement().asString()
                    .contains("/hypervisors/0/facts/hypervisor.version").contains("integer");
            assertThat(errors).allMatch(Contracts::isKnownGap);
        }

        /**
         * The guest list against {@code PUT /consumers/{uuid}} of the published spec. Its {@code GuestIdDTO} allows
         * neither upstream's {@code state} nor a numeric {@code active}, which the server accepts (it ignores the
         * one and turns the other into a string); those two are expected, anything else would be a mistake here.
         */
        @Test
        void theGuestListMatchesTheConsumerUpdateButForUpstreamsExtras() {
            String body = CheckinBody.guestList(new Report.GuestList("local", Optional.of("host-uuid"), List.of(
                    new Guest("4c4c4544-0051-3210-8047-b4c04f4b4d31", GuestState.RUNNING, "libvirt"))));
            ValidationReport report = Contracts.spec().validateRequest(
                    SimpleRequest.Builder.put("/candlepin/consumers/5d8b2f3e-consumer")
                            .withContentType("application/json")
                            .withBody(body)
                            .build());
            assertThat(allErrors(report)).allMatch(Contracts::isKnownGap);
            assertThat(allErrors(report)).hasSize(2).allSatisfy(error -> assertThat(error).satisfiesAnyOf(
                    text -> assertThat(text).contains("additionalProperties").contains("[\"state\"]"),
                    text -> assertThat(text).contains("/guestIds/0/attributes/active").contains("integer")));
        }
    }
}
