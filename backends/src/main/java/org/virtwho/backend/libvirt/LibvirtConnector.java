package org.virtwho.backend.libvirt;

import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.virtwho.backend.BackendException;

/** Opens read-only connections to one libvirt URI, answering authentication questions when a password is set. */
final class LibvirtConnector {
    private static final int READ_ONLY = 1;

    private final String section;
    private final String uri;
    private final Optional<LibvirtCredentials> credentials;

    LibvirtConnector(String section, String uri, Optional<LibvirtCredentials> credentials) {
        this.section = section;
        this.uri = uri;
        this.credentials = credentials;
    }

    Connect open() throws BackendException {
        try {
            // An empty URI lets libvirt choose (LIBVIRT_DEFAULT_URI, then the local hypervisor).
            String target = uri.isEmpty() ? null : uri;
            return credentials.isPresent()
                    ? new Connect(target, credentials.get(), READ_ONLY)
                    : new Connect(target, true);
        } catch (LibvirtException e) {
            throw new BackendException("Unable to connect to libvirt at " + describe() + ": " + e.getMessage(), e);
        } catch (LinkageError e) {
            // JNA could not load libvirt.so.0: the package is missing, which is a setup problem, not a bug.
            throw new BackendException("The libvirt library is not installed (Debian and Ubuntu: libvirt0; RHEL and "
                    + "Fedora: libvirt-libs): " + e.getMessage(), e);
        }
    }

    String describe() {
        return uri.isEmpty() ? "the local hypervisor (libvirt's default URI)" : "'" + uri + "'";
    }

    String section() {
        return section;
    }
}
