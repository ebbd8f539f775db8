package org.virtwho.backend.hyperv;

import java.util.List;
import java.util.Optional;
import org.virtwho.backend.BackendException;

/**
 * The messages of a Hyper-V source, one sentence each, for the Windows administrator who has to act on them.
 * They name the server and the account, never the password.
 */
final class HypervTrouble {
    private final String server;
    private final String account;
    private final boolean plainHttp;

    /**
     * @param server    the endpoint as shown to the user, without any user information
     * @param account   the account as configured
     * @param plainHttp true for {@code http://}, where Basic also needs unencrypted traffic allowed
     */
    HypervTrouble(String server, String account, boolean plainHttp) {
        this.server = server;
        this.account = account;
        this.plainHttp = plainHttp;
    }

    /** A 401 after trying {@code method}, or, when none was tried, because the server offered none we know. */
    BackendException unauthorized(Optional<String> method, List<String> offered) {
        if (method.isEmpty()) {
            return new BackendException("Hyper-V at " + server + " offers no authentication method that virt-who "
                    + "supports (it offers: " + (offered.isEmpty() ? "none" : String.join(", ", offered))
                    + "); allow Negotiate or Basic authentication in the WinRM Service/Auth settings.");
        }
        String name = method.get();
        String setting = name.equalsIgnoreCase("NTLM") ? "Negotiate in the WinRM Service/Auth settings"
                : "WinRM Service/Auth settings" + (plainHttp ? "; Basic over http also needs AllowUnencrypted=true" : "");
        return new BackendException("Hyper-V at " + server + " refused the logon of user '" + account + "' with "
                + name + " authentication: the user name or password is wrong, or the server does not allow " + name
                + " authentication (" + setting + ").");
    }

    BackendException fault(WsmanFaultException e) {
        SoapFault fault = e.fault();
        return switch (fault.kind()) {
            case ACCESS_DENIED -> new BackendException("Hyper-V at " + server + " denied user '" + account
                    + "' access to WMI namespace " + e.namespace() + ": the user must be a member of the local "
                    + "Administrators group, or of 'Remote Management Users' and 'Hyper-V Administrators' with the "
                    + "Remote Enable permission on root/cimv2 and root/virtualization/v2 (" + fault.describe() + ").");
            case INVALID_NAMESPACE -> new BackendException("Hyper-V at " + server + " has no WMI namespace "
                    + e.namespace() + (e.namespace().startsWith("root/virtualization")
                            ? " (nor root/virtualization): is the Hyper-V role installed on this host?"
                            : "."));
            case INVALID_ENUMERATION_CONTEXT -> new BackendException("Hyper-V at " + server + " ended "
                    + e.operation() + " before all its results were read (its enumeration context expired or the "
                    + "WinRM service restarted); the next collection starts it anew.");
            case QUOTA_EXCEEDED -> new BackendException("Hyper-V at " + server + " refused the request of user '"
                    + account + "' because a WinRM quota is exceeded (" + fault.describe() + "); raise the WinRM "
                    + "service quotas such as MaxConcurrentOperationsPerUser, or let fewer clients query this host.");
            case OTHER -> new BackendException("Hyper-V at " + server + " failed " + e.operation() + " in "
                    + e.namespace() + ": " + fault.describe());
        };
    }

    BackendException httpStatus(int status, String reason) {
        if (status == 407) {
            return new BackendException("The proxy to Hyper-V at " + server + " refused its credentials (HTTP 407); "
                    + "check the user and password in the proxy URL.");
        }
        return new BackendException("Communication with Hyper-V at " + server + " failed, HTTP error " + status
                + (reason == null || reason.isBlank() ? "" : " " + reason) + ".");
    }

    BackendException unreachable(String cause, Throwable e) {
        return new BackendException("Unable to connect to Hyper-V at " + server + ": " + cause, e);
    }

    BackendException malformed(String operation, String cause, Throwable e) {
        return new BackendException("Hyper-V at " + server + " answered " + operation
                + " with something that is not a WS-Management response: " + cause, e);
    }
}
