package org.virtwho.backend.esx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtwho.backend.esx.ObjectUpdate.Change;
import org.virtwho.backend.esx.ObjectUpdate.Kind;
import org.virtwho.backend.esx.ObjectUpdate.Op;

/** The {@code returnval} of a {@code WaitForUpdatesExResponse}, read as it streams. */
class UpdateSetReaderTest {
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    /** What the reader made of one answer. */
    private record Read(UpdateSetReader.End end, List<ObjectUpdate> updates, String nextElement) {
    }

    /** A SOAP answer whose returnval holds {@code content}, written as vCenter does with the xsi prefix. */
    private static String answer(String content) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"" + XSI + "\">"
                + "<soapenv:Body><WaitForUpdatesExResponse xmlns=\"urn:vim25\"><returnval>" + content
                + "</returnval><after/></WaitForUpdatesExResponse></soapenv:Body></soapenv:Envelope>";
    }

    /**
     * The same answer as VMware's simulator writes it: no xsi prefix on the envelope, but the namespace bound to
     * the prefix {@code XMLSchema-instance} on each element that uses it.
     */
    private static String asTheSimulatorWritesIt(String vcenterAnswer) {
        return vcenterAnswer.replace(" xmlns:xsi=\"" + XSI + "\"", "")
                .replace("xsi:type=", "xmlns:XMLSchema-instance=\"" + XSI + "\" XMLSchema-instance:type=");
    }

    private static Read read(String answer) throws XMLStreamException {
        StaxCursor cursor = StaxCursor.over(StaxCursor.factory(),
                new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)));
        assertThat(cursor.find("urn:vim25", "returnval")).isTrue();
        List<ObjectUpdate> updates = new ArrayList<>();
        UpdateSetReader.End end = UpdateSetReader.read(cursor, updates::add);
        String next = cursor.nextChild() ? cursor.name() : "";
        cursor.close();
        return new Read(end, updates, next);
    }

    private static String filterSet(String... objectSets) {
        return "<filterSet><filter type=\"PropertyFilter\">session[52a4]52f1</filter>" + String.join("", objectSets)
                + "</filterSet>";
    }

    private static String objectSet(String kind, String type, String id, String... changeSets) {
        return "<objectSet><kind>" + kind + "</kind><obj type=\"" + type + "\">" + id + "</obj>"
                + String.join("", changeSets) + "</objectSet>";
    }

    private static String changeSet(String name, String op, String val) {
        return "<changeSet><name>" + name + "</name><op>" + op + "</op>" + val + "</changeSet>";
    }

    private static String text(String xsiType, String text) {
        return "<val xsi:type=\"" + xsiType + "\">" + text + "</val>";
    }

    private static Change assign(String name, PropertyValue value) {
        return new Change(name, Op.ASSIGN, Optional.of(value));
    }

    private static final String HOST_WITH_EVERY_KIND_OF_VALUE = "<version>7</version>" + filterSet(
            objectSet("enter", "VirtualMachine", "vm-1百",
                    changeSet("config.uuid", "assign", text("xsd:string", "4237a3d9-08e5-11b0-6c9d-fa2b3e4f5a6b")),
                    changeSet("runtime.powerState", "assign", text("VirtualMachinePowerState", "poweredOn"))),
            objectSet("enter", "HostSystem", "host-21",
                    changeSet("hardware.cpuInfo.numCpuPackages", "assign", text("xsd:short", "2")),
                    changeSet("parent", "assign", "<val type=\"ClusterComputeResource\""
                            + " xsi:type=\"ManagedObjectReference\">domain-c7</val>"),
                    changeSet("vm", "assign", "<val xsi:type=\"ArrayOfManagedObjectReference\">"
                            + "<ManagedObjectReference type=\"VirtualMachine\" xsi:type=\"ManagedObjectReference\">"
                            + "vm-1百</ManagedObjectReference>"
                            + "<ManagedObjectReference type=\"VirtualMachine\" xsi:type=\"ManagedObjectReference\">"
                            + "vm-2</ManagedObjectReference></val>")));

    private static final List<ObjectUpdate> EVERY_KIND_OF_VALUE = List.of(
            new ObjectUpdate(Kind.ENTER, new MoRef("VirtualMachine", "vm-1百"), List.of(
                    assign("config.uuid", new PropertyValue.Text("4237a3d9-08e5-11b0-6c9d-fa2b3e4f5a6b")),
                    assign("runtime.powerState", new PropertyValue.Text("poweredOn")))),
            new ObjectUpdate(Kind.ENTER, new MoRef("HostSystem", "host-21"), List.of(
                    assign("hardware.cpuInfo.numCpuPackages", new PropertyValue.Text("2")),
                    assign("parent", new PropertyValue.Ref(new MoRef("ClusterComputeResource", "domain-c7"))),
                    assign("vm", new PropertyValue.Refs(List.of(
                            new MoRef("VirtualMachine", "vm-1百"), new MoRef("VirtualMachine", "vm-2")))))));

    @Test
    void readsTheVersionAndEachObjectUpdateInOrder() throws Exception {
        Read read = read(answer(HOST_WITH_EVERY_KIND_OF_VALUE));

        assertThat(read.end()).isEqualTo(new UpdateSetReader.End("7", false));
        assertThat(read.updates()).isEqualTo(EVERY_KIND_OF_VALUE);
    }

    @Test
    void theSimulatorsXmlSchemaInstancePrefixReadsTheSameAsXsi() throws Exception {
        String simulator = asTheSimulatorWritesIt(answer(HOST_WITH_EVERY_KIND_OF_VALUE));
        assertThat(simulator).contains("XMLSchema-instance:type=\"ArrayOfManagedObjectReference\"")
                .doesNotContain("xsi:");

        Read read = read(simulator);

        assertThat(read.end()).isEqualTo(new UpdateSetReader.End("7", false));
        assertThat(read.updates()).isEqualTo(EVERY_KIND_OF_VALUE);
    }

    @Test
    void anyPrefixBoundToXmlSchemaInstanceWorks() throws Exception {
        String answer = answer(filterSet(objectSet("enter", "HostSystem", "host-21", changeSet("parent", "assign",
                "<val xmlns:i=\"" + XSI + "\" i:type=\"ManagedObjectReference\" type=\"ClusterComputeResource\">"
                        + "domain-c7</val>"))));

        assertThat(read(answer).updates().get(0).changes()).containsExactly(
                assign("parent", new PropertyValue.Ref(new MoRef("ClusterComputeResource", "domain-c7"))));
    }

    @Test
    void anXsiPrefixBoundToAnotherNamespaceIsNoXsiType() throws Exception {
        String answer = answer(filterSet(objectSet("enter", "HostSystem", "host-21", changeSet("parent", "assign",
                "<val xmlns:xsi=\"urn:not-schema-instance\" xsi:type=\"ManagedObjectReference\""
                        + " type=\"ClusterComputeResource\">domain-c7</val>"))));

        assertThat(read(answer).updates().get(0).changes())
                .containsExactly(assign("parent", new PropertyValue.Text("domain-c7")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "<val type=\"ClusterComputeResource\" xsi:type=\"ManagedObjectReference\">domain-c7</val>",
        "<val xsi:type=\"ManagedObjectReference\" type=\"ClusterComputeResource\">domain-c7</val>"})
    void aReferenceTakesItsTypeFromTheUnprefixedAttributeInEitherOrder(String val) throws Exception {
        Read read = read(answer(filterSet(objectSet("modify", "HostSystem", "host-21",
                changeSet("parent", "assign", val)))));

        assertThat(read.updates().get(0).changes())
                .containsExactly(assign("parent", new PropertyValue.Ref(new MoRef("ClusterComputeResource",
                        "domain-c7"))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "<val xsi:type=\"ArrayOfManagedObjectReference\"></val>",
        "<val xsi:type=\"ArrayOfManagedObjectReference\"/>",
        "<val xsi:type=\"ArrayOfManagedObjectReference\">\n   </val>"})
    void anEmptyListOfReferencesIsAnEmptyList(String val) throws Exception {
        Read read = read(answer(filterSet(objectSet("enter", "HostSystem", "host-21",
                changeSet("vm", "assign", val), changeSet("name", "assign", text("xsd:string", "esx1"))))));

        assertThat(read.updates().get(0).changes()).containsExactly(
                assign("vm", new PropertyValue.Refs(List.of())),
                assign("name", new PropertyValue.Text("esx1")));
    }

    @Test
    void anAssignWithoutAValueHasNone() throws Exception {
        Read read = read(answer(filterSet(objectSet("modify", "HostSystem", "host-21",
                changeSet("vm", "assign", "")))));

        assertThat(read.updates().get(0).changes()).containsExactly(new Change("vm", Op.ASSIGN, Optional.empty()));
    }

    @Test
    void everyKindAndOperationIsRead() throws Exception {
        Read read = read(answer(filterSet(
                objectSet("modify", "HostSystem", "host-21",
                        changeSet("parent", "indirectRemove", ""),
                        changeSet("config.product.version", "remove", ""),
                        changeSet("vm", "add", "<val type=\"VirtualMachine\" xsi:type=\"ManagedObjectReference\">"
                                + "vm-3</val>")),
                objectSet("leave", "VirtualMachine", "vm-1"))));

        assertThat(read.updates()).containsExactly(
                new ObjectUpdate(Kind.MODIFY, new MoRef("HostSystem", "host-21"), List.of(
                        new Change("parent", Op.INDIRECT_REMOVE, Optional.empty()),
                        new Change("config.product.version", Op.REMOVE, Optional.empty()),
                        new Change("vm", Op.ADD, Optional.of(new PropertyValue.Ref(new MoRef("VirtualMachine",
                                "vm-3")))))),
                new ObjectUpdate(Kind.LEAVE, new MoRef("VirtualMachine", "vm-1"), List.of()));
    }

    @Test
    void aTruncatedAnswerSaysSoWithTheVersionToContinueFrom() throws Exception {
        Read read = read(answer("<version>1:a</version>" + filterSet(objectSet("enter", "VirtualMachine", "vm-1"))
                + "<truncated>true</truncated>"));

        assertThat(read.end()).isEqualTo(new UpdateSetReader.End("1:a", true));
        assertThat(read.updates()).hasSize(1);
    }

    @Test
    void anAnswerWithoutTruncatedIsComplete() throws Exception {
        assertThat(read(answer("<version>2</version>")).end()).isEqualTo(new UpdateSetReader.End("2", false));
        assertThat(read(answer("<version>2</version><truncated>false</truncated>")).end().truncated()).isFalse();
    }

    @Test
    void partsNotAskedForAreSkippedWhereverTheyAre() throws Exception {
        String answer = answer("<version>3</version>"
                + "<filterSet><filter type=\"PropertyFilter\">f</filter>"
                + "<objectSet><kind>enter</kind><obj type=\"VirtualMachine\">vm-1</obj>"
                + "<changeSet><name>runtime.powerState</name><op>assign</op><extra><deep>x</deep></extra>"
                + text("VirtualMachinePowerState", "poweredOn") + "</changeSet>"
                + "<missingSet><path>config.uuid</path><fault><fault xsi:type=\"NoPermission\"/></fault></missingSet>"
                + "</objectSet>"
                + "<missingSet><obj type=\"VirtualMachine\">vm-9</obj><fault><fault xsi:type=\"NoPermission\"/>"
                + "</fault></missingSet>"
                + "</filterSet>"
                + "<somethingNew><filterSet>not this one</filterSet></somethingNew>");

        Read read = read(answer);

        assertThat(read.end()).isEqualTo(new UpdateSetReader.End("3", false));
        assertThat(read.updates()).containsExactly(new ObjectUpdate(Kind.ENTER, new MoRef("VirtualMachine", "vm-1"),
                List.of(assign("runtime.powerState", new PropertyValue.Text("poweredOn")))));
    }

    @Test
    void otherListsAreReadAsNothingWithoutLosingThePlace() throws Exception {
        Read read = read(answer(filterSet(objectSet("enter", "HostSystem", "host-21",
                changeSet("config.network.dnsConfig.address", "assign",
                        "<val xsi:type=\"ArrayOfString\"><string>10.0.0.1</string><string>10.0.0.2</string></val>"),
                changeSet("name", "assign", text("xsd:string", "esx1"))))));

        assertThat(read.updates().get(0).changes()).containsExactly(
                assign("config.network.dnsConfig.address", new PropertyValue.Text("")),
                assign("name", new PropertyValue.Text("esx1")));
    }

    @Test
    void theReaderStopsAtTheEndOfTheUpdateSet() throws Exception {
        assertThat(read(answer("<version>1</version>")).nextElement()).isEqualTo("after");
    }

    @Test
    void anObjectUpdateWithoutItsObjectIsUnreadable() {
        String answer = answer(filterSet("<objectSet><kind>enter</kind></objectSet>"));

        assertThatThrownBy(() -> read(answer)).isInstanceOf(XMLStreamException.class)
                .hasMessageContaining("without its kind or object");
    }

    @Test
    void aPropertyChangeWithoutItsOperationIsUnreadable() {
        String answer = answer(filterSet(objectSet("enter", "HostSystem", "host-21",
                "<changeSet><name>name</name></changeSet>")));

        assertThatThrownBy(() -> read(answer)).isInstanceOf(XMLStreamException.class)
                .hasMessageContaining("without its name or operation");
    }

    @Test
    void anUnknownKindIsRefused() {
        String answer = answer(filterSet(objectSet("kind", "ClusterComputeResource", "domain-c7")));

        assertThatThrownBy(() -> read(answer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kind'");
    }
}
