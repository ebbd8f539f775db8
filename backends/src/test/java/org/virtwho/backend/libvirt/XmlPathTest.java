package org.virtwho.backend.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlPathTest {
    private static final String CAPABILITIES = """
            <capabilities>
              <host>
                <uuid> 4c4c4544-0051-3410-8044-b4c04f4e4d32 </uuid>
                <cpu><arch>x86_64</arch><topology sockets='2' dies='1' cores='8' threads='2'/></cpu>
                <topology><cells num='1'><cell id='0'><cpus num='1'><cpu id='0' socket_id='0'/></cpus></cell></cells></topology>
              </host>
              <guest><os_type>hvm</os_type></guest>
            </capabilities>""";

    @Test
    void readsTextAndAttributesAtAPathFromTheRoot() {
        assertThat(XmlPath.text("capabilities", "host", "uuid").in(CAPABILITIES))
                .contains("4c4c4544-0051-3410-8044-b4c04f4e4d32");
        assertThat(XmlPath.attribute("sockets", "capabilities", "host", "cpu", "topology").in(CAPABILITIES))
                .contains("2");
    }

    @Test
    void theNumaTopologyIsNotTheCpuTopology() {
        String withoutCpuTopology = CAPABILITIES.replace("<topology sockets='2' dies='1' cores='8' threads='2'/>", "");
        assertThat(XmlPath.attribute("sockets", "capabilities", "host", "cpu", "topology").in(withoutCpuTopology))
                .isEmpty();
    }

    @Test
    void selectsAnElementByAttribute() {
        String sysinfo = """
                <sysinfo type='smbios'><system>
                  <entry name='manufacturer'>Dell Inc.</entry>
                  <entry name='uuid'>4c4c4544-0036-4b10-8052-c7c04f385632</entry>
                </system></sysinfo>""";
        assertThat(XmlPath.text("sysinfo", "system", "entry").where("name", "uuid").in(sysinfo))
                .contains("4c4c4544-0036-4b10-8052-c7c04f385632");
    }

    @Test
    void absentBlankOrBrokenDocumentsGiveNothing() {
        XmlPath uuid = XmlPath.text("capabilities", "host", "uuid");
        assertThat(uuid.in(null)).isEmpty();
        assertThat(uuid.in("")).isEmpty();
        assertThat(uuid.in("<capabilities><host><uuid>  </uuid></host></capabilities>")).isEmpty();
        assertThat(uuid.in("<capabilities><host><uuid>x")).isEmpty();
    }
}
