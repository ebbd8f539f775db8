package org.virtwho.backend.hyperv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;

/** Requests and answers at the XML level: escaping, namespaces by URI whatever the prefix, faults. */
class WsmanXmlTest {
    private final XmlInput xml = new XmlInput();

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wqlTextIsEscaped() throws Exception {
        String wql = "select * from X where Name = '<&>\"' and A < 3";
        String envelope = new WsmanRequests("http://h:5985/wsman?a=1&b=2", UUID::randomUUID)
                .enumerate("root/cimv2", wql);
        assertThat(envelope).contains("&lt;&amp;&gt;").doesNotContain("<&>");
        // Read back: the filter holds exactly the text.
        var reader = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        reader.setNamespaceAware(true);
        var document = reader.newDocumentBuilder().parse(stream(envelope));
        assertThat(document.getElementsByTagNameNS(Wsman.WSMAN, "Filter").item(0).getTextContent()).isEqualTo(wql);
        assertThat(document.getElementsByTagNameNS(Wsman.ADDRESSING, "To").item(0).getTextContent())
                .isEqualTo("http://h:5985/wsman?a=1&b=2");
    }

    @Test
    void enumerationItemsWithAnyPrefixAndNilProperties() throws Exception {
        EnumerationPage page = new EnumerationReader(xml).read(stream(FakeWinrm.fixture("machines-optimized.xml")));
        assertThat(page.end()).isTrue();
        assertThat(page.hasMore()).isFalse();
        assertThat(page.items()).hasSize(4);
        assertThat(page.items().get(3).get("BIOSGUID")).isEmpty();
        assertThat(page.items().get(3).get("VirtualSystemIdentifier")).contains("A1B2C3D4-0004-0000-0000-000000000004");

        EnumerationPage first = new EnumerationReader(xml).read(stream(FakeWinrm.fixture("machines-pull-1.xml")));
        assertThat(first.context()).contains("uuid:CONTEXT-2");
        assertThat(first.hasMore()).isTrue();
        assertThat(first.items()).extracting(item -> item.get("BIOSGUID").orElseThrow())
                .containsExactly("{78563412-AB90-EFCD-1234-567890ABCDEF}", "{44332211-6655-8877-99AA-BBCCDDEEFF00}");
    }

    @Test
    void elementsInAnotherNamespaceAreNotTakenForOurs() throws Exception {
        String impostor = """
                <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"
                            xmlns:n="urn:not-enumeration">
                  <s:Body><n:EnumerateResponse><n:EnumerationContext>x</n:EnumerationContext></n:EnumerateResponse>
                  </s:Body></s:Envelope>""";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EnumerationReader(xml).read(stream(impostor)))
                .hasMessageContaining("expected an EnumerateResponse or a PullResponse");
    }

    @Test
    void summaryStatesByMachineName() throws Exception {
        String service = Wsman.classResource("root/virtualization/v2", "Msvm_VirtualSystemManagementService");
        Map<String, String> states = new SummaryInformationReader(xml).enabledStates(
                stream(FakeWinrm.summaryOf("root/virtualization/v2")), service);
        assertThat(states).containsOnly(Map.entry("A1B2C3D4-0001-0000-0000-000000000001", "2"),
                Map.entry("A1B2C3D4-0002-0000-0000-000000000002", "32769"));
    }

    @Test
    void faultSubcodeIsResolvedByNamespaceAndCodesComeFromTheDetail() throws Exception {
        SoapFault namespace = new FaultReader(xml).read(stream(FakeWinrm.fixture("fault-invalid-namespace.xml")))
                .orElseThrow();
        assertThat(namespace.subcode()).contains(new QName(Wsman.WSMAN, "InternalError"));
        assertThat(namespace.errorCodes()).containsExactly(2150858778L, 2150858778L);
        assertThat(namespace.kind()).isEqualTo(SoapFault.Kind.INVALID_NAMESPACE);

        assertThat(new FaultReader(xml).read(stream(FakeWinrm.fixture("fault-invalid-context.xml"))).orElseThrow()
                .kind()).isEqualTo(SoapFault.Kind.INVALID_ENUMERATION_CONTEXT);
        assertThat(new FaultReader(xml).read(stream(FakeWinrm.fixture("fault-quota.xml"))).orElseThrow()
                .kind()).isEqualTo(SoapFault.Kind.QUOTA_EXCEEDED);
        assertThat(new FaultReader(xml).read(stream(FakeWinrm.fixture("fault-access-denied.xml"))).orElseThrow()
                .kind()).isEqualTo(SoapFault.Kind.ACCESS_DENIED);
        assertThat(new FaultReader(xml).read(stream(FakeWinrm.fixture("system-product.xml")))).isEmpty();
    }

    @Test
    void sameLocalNameInAnotherNamespaceIsNoAccessDenied() throws Exception {
        String other = """
                <e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault>
                  <e:Code><e:Value>e:Sender</e:Value>
                    <e:Subcode><e:Value xmlns:w="urn:someone-else">w:AccessDenied</e:Value></e:Subcode></e:Code>
                  <e:Reason><e:Text xml:lang="en">no</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>""";
        SoapFault fault = new FaultReader(xml).read(stream(other)).orElseThrow();
        assertThat(fault.subcode()).contains(new QName("urn:someone-else", "AccessDenied"));
        assertThat(fault.kind()).isEqualTo(SoapFault.Kind.OTHER);
    }

    @Test
    void windowsGuidByteOrder() {
        assertThat(WindowsGuid.decode("{78563412-AB90-EFCD-1234-567890ABCDEF}"))
                .contains("12345678-90AB-CDEF-1234-567890ABCDEF");
        assertThat(WindowsGuid.decode("4C4C4544-0042-3610-8057-B4C04F4B4E32"))
                .contains("44454C4C-4200-1036-8057-B4C04F4B4E32");
        assertThat(WindowsGuid.decode("not-a-guid")).isEmpty();
    }

    @Test
    void enabledStatesAsUpstreamMapsThem() {
        assertThat(List.of("2", "3", "4", "9", "32768", "32769", "6", "10").stream().map(EnabledStates::of))
                .extracting(Enum::name).containsExactly("RUNNING", "SHUT_OFF", "SHUTTING_DOWN", "PAUSED", "PAUSED",
                        "PM_SUSPENDED", "UNKNOWN", "UNKNOWN");
    }

    @Test
    void accountNames() {
        assertThat(AccountName.parse("EXAMPLE\\virtwho")).isEqualTo(new AccountName("EXAMPLE\\virtwho",
                java.util.Optional.of("EXAMPLE"), "virtwho"));
        assertThat(AccountName.parse("virtwho@example.com").domain()).isEmpty();
        assertThat(AccountName.parse("Administrator").user()).isEqualTo("Administrator");
    }
}
