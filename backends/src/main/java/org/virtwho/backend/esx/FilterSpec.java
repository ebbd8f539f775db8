package org.virtwho.backend.esx;

/**
 * The one property filter virt-who creates: from the root folder through datacenters, folders, compute resources,
 * resource pools and hosts to every host and VM, and the few properties of each that the report needs. The
 * traversal is upstream's, so the same objects are found on a vCenter and on a standalone ESX host.
 */
final class FilterSpec {
    static final String[] VM_PROPERTIES = {"config.uuid", "config.version", "runtime.powerState"};
    static final String[] CLUSTER_PROPERTIES = {"name"};
    static final String[] HOST_PROPERTIES = {"name", "vm", "hardware.systemInfo.uuid",
        "hardware.cpuInfo.numCpuPackages", "parent", "config.product.name", "config.product.version",
        "config.network.dnsConfig.hostName", "config.network.dnsConfig.domainName"};

    private FilterSpec() {
    }

    /** The {@code spec} argument of {@code CreateFilter}. */
    static String xml(MoRef rootFolder) {
        return "<spec>"
                + propertySpec("VirtualMachine", VM_PROPERTIES)
                + propertySpec("ClusterComputeResource", CLUSTER_PROPERTIES)
                + propertySpec("HostSystem", HOST_PROPERTIES)
                + "<objectSet>" + rootFolder.xml("obj") + "<skip>false</skip>"
                + traversal("visitFolders", "Folder", "childEntity",
                        "visitFolders", "dcToHf", "dcToVmf", "crToH", "crToRp", "HToVm", "rpToVm")
                + traversal("dcToVmf", "Datacenter", "vmFolder", "visitFolders")
                + traversal("dcToHf", "Datacenter", "hostFolder", "visitFolders")
                + traversal("crToH", "ComputeResource", "host")
                + traversal("crToRp", "ComputeResource", "resourcePool", "rpToRp", "rpToVm")
                + traversal("rpToRp", "ResourcePool", "resourcePool", "rpToRp", "rpToVm")
                + traversal("HToVm", "HostSystem", "vm", "visitFolders")
                + traversal("rpToVm", "ResourcePool", "vm")
                + "</objectSet></spec>";
    }

    private static String propertySpec(String type, String... paths) {
        StringBuilder xml = new StringBuilder("<propSet>").append(Soap.element("type", type))
                .append("<all>false</all>");
        for (String path : paths) {
            xml.append(Soap.element("pathSet", path));
        }
        return xml.append("</propSet>").toString();
    }

    private static String traversal(String name, String type, String path, String... next) {
        StringBuilder xml = new StringBuilder("<selectSet xsi:type=\"TraversalSpec\">")
                .append(Soap.element("name", name)).append(Soap.element("type", type))
                .append(Soap.element("path", path)).append("<skip>false</skip>");
        for (String selection : next) {
            xml.append("<selectSet>").append(Soap.element("name", selection)).append("</selectSet>");
        }
        return xml.append("</selectSet>").toString();
    }
}
