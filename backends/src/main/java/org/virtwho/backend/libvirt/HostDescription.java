package org.virtwho.backend.libvirt;

import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.Device;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;

/**
 * What libvirt says about the host itself: its UUID and its CPU sockets. The UUID comes from the
 * capabilities' {@code host/uuid}, which some drivers leave out (libvirt's test driver among them); then
 * from the {@code computer} node device's {@code hardware/uuid}; then from the SMBIOS system entry of
 * sysinfo. The socket count comes from the capabilities' {@code host/cpu/topology}, else from the node
 * information (NUMA nodes times sockets per node): upstream stops at the first and reports no sockets for
 * such hosts, which then count as one-socket hypervisors for subscriptions.
 */
record HostDescription(Optional<String> uuid, Optional<String> sockets) {
    private static final XmlPath CAPABILITIES_UUID = XmlPath.text("capabilities", "host", "uuid");
    private static final XmlPath SOCKETS = XmlPath.attribute("sockets", "capabilities", "host", "cpu", "topology");
    private static final XmlPath DEVICE_UUID = XmlPath.text("device", "capability", "hardware", "uuid");
    private static final XmlPath SYSINFO_UUID = XmlPath.text("sysinfo", "system", "entry").where("name", "uuid");

    static HostDescription of(Connect connect) throws LibvirtException {
        String capabilities = connect.getCapabilities();
        Optional<String> uuid = CAPABILITIES_UUID.in(capabilities)
                .or(() -> computerDevice(connect).flatMap(DEVICE_UUID::in))
                .or(() -> sysinfo(connect).flatMap(SYSINFO_UUID::in));
        return new HostDescription(uuid, SOCKETS.in(capabilities).or(() -> nodeSockets(connect)));
    }

    private static Optional<String> nodeSockets(Connect connect) {
        try {
            NodeInfo node = connect.nodeInfo();
            int sockets = Math.max(node.nodes, 1) * node.sockets;
            return sockets > 0 ? Optional.of(Integer.toString(sockets)) : Optional.empty();
        } catch (LibvirtException e) {
            return Optional.empty();
        }
    }

    /** Absent on many hosts and drivers; not finding it is not an error. */
    private static Optional<String> computerDevice(Connect connect) {
        try {
            Device device = connect.deviceLookupByName("computer");
            try {
                return Optional.ofNullable(device.getXMLDescription());
            } finally {
                device.free();
            }
        } catch (LibvirtException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> sysinfo(Connect connect) {
        try {
            return Optional.ofNullable(connect.getSysinfo());
        } catch (LibvirtException e) {
            return Optional.empty();
        }
    }
}
