package org.virtwho.backend.esx;

import java.net.URI;
import java.util.Map;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.SourceHttp;
import org.virtwho.config.Secret;
import org.virtwho.http.HttpClientFactory;

/** A second client of the simulator that changes things behind the back of the source under test. */
public final class Administrator implements AutoCloseable {
    private final VimClient client;
    private final ServiceContent content;
    private final SyncedInventory inventory = new SyncedInventory();
    private final UpdateFeed feed;

    private Administrator(VimClient client) throws Exception {
        this.client = client;
        this.content = client.retrieveServiceContent();
        this.feed = new UpdateFeed(client, EsxSections.USER, Secret.of(EsxSections.PASSWORD), 5000);
        feed.connect();
    }

    public static Administrator login(VcSimulator simulator) throws Exception {
        URI endpoint = URI.create(simulator.url());
        VimClient client = new VimClient(new HttpClientFactory().create(SourceHttp.settings(simulator.url(),
                EsxSections.trusting(simulator.certificate()), new BackendContext(Map.of()),
                EsxTuning.DEFAULT.responseTimeout())), endpoint);
        return new Administrator(client);
    }

    /** Powers off a running VM; returns the UUID the source should report for it. */
    public String powerOffSomeVm() throws Exception {
        feed.pull(0, inventory);
        String[] found = inventory.read(view -> view.vmIds().stream()
                .map(id -> new String[] {id, view.vm(id).orElseThrow().uuid, view.vm(id).orElseThrow().hardwareVersion,
                    view.vm(id).orElseThrow().powerState})
                .filter(vm -> "poweredOn".equals(vm[3]))
                .findFirst().orElseThrow());
        client.invoke("PowerOffVM_Task", new MoRef("VirtualMachine", found[0]).xml("_this"));
        return VmUuid.of(found[1], found[2]);
    }

    /** Ends the source's session as an administrator would (or a vCenter restart): its cookie logs out. */
    void endSessionOf(EsxBackend backend) throws Exception {
        String ours = client.sessionCookie().orElseThrow();
        client.useSessionCookie(backend.client().sessionCookie().orElseThrow());
        try {
            client.logout(content.sessionManager());
        } finally {
            client.useSessionCookie(ours);
        }
    }

    @Override
    public void close() throws Exception {
        feed.close();
        client.close();
    }
}
