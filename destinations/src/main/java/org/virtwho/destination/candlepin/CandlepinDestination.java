package org.virtwho.destination.candlepin;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.http.HttpClientFactory;
import org.virtwho.http.HttpSetupException;
import org.virtwho.model.Report;

/**
 * One entitlement-server destination: every host-to-guests mapping of its sections goes in one check-in,
 * whose job is followed to the end; each guest list goes to this system's consumer. Busy or failing servers
 * are retried as the back-pressure policy says, within the bounds of a {@link Patience}; refusals (bad
 * credentials, unknown owner, deleted consumer) are reported once and not repeated.
 */
public final class CandlepinDestination implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CandlepinDestination.class);
    private static final String BLOCKED_REASON = "another check-in of this organisation is still running";

    private final CandlepinTarget target;
    private final String reporterId;
    private final CandlepinClient client;
    private final BackPressure policy;
    private final Patience patience;
    private final Sleeper sleeper;
    private ServerStatus status;
    /** Per delivery: the last Retry-After the server gave, and the check-in job, for the {@link Delivery}. */
    private Optional<Duration> retryAfter = Optional.empty();
    private Optional<Delivery.Job> checkInJob = Optional.empty();
    /** The fingerprint of the content the server last accepted (interval mode). */
    private String accepted;

    public CandlepinDestination(CandlepinTarget target, String reporterId, Patience patience, Sleeper sleeper)
            throws HttpSetupException {
        this(target, reporterId, BackPressure.standard(), patience, sleeper);
    }

    CandlepinDestination(CandlepinTarget target, String reporterId, BackPressure policy, Patience patience,
                         Sleeper sleeper) throws HttpSetupException {
        this.target = target;
        this.reporterId = reporterId;
        this.client = new CandlepinClient(new HttpClientFactory().create(target.http()), target);
        this.policy = policy;
        this.patience = patience;
        this.sleeper = sleeper;
    }

    /**
     * Interval mode: sends the reports only when their content differs from what the server last accepted
     * from this destination; otherwise a heartbeat tells the server the hosts are still there.
     */
    public Delivery deliverChanges(List<Report> reports) throws InterruptedException {
        String fingerprint = Fingerprint.of(reports);
        if (fingerprint.equals(accepted)) {
            LOG.debug("Reports for {} unchanged since the last accepted check-in", target.describe());
            boolean alive = heartbeat();
            return new Delivery(alive ? List.of() : List.of("heartbeat to " + target.describe() + " failed"),
                    Optional.empty(), Optional.empty(), true);
        }
        Delivery delivery = deliver(reports);
        if (delivery.accepted()) {
            accepted = fingerprint;
        }
        return delivery;
    }

    /** Sends the reports and waits for the server's verdict on them. */
    public Delivery deliver(List<Report> reports) throws InterruptedException {
        retryAfter = Optional.empty();
        checkInJob = Optional.empty();
        List<String> problems = new ArrayList<>();
        List<Report.HostGuestMapping> mappings = new ArrayList<>();
        for (Report report : reports) {
            if (report instanceof Report.HostGuestMapping mapping) {
                mappings.add(mapping);
            } else {
                sendGuestList((Report.GuestList) report, problems);
            }
        }
        if (!mappings.isEmpty()) {
            checkIn(mappings, problems);
        }
        return new Delivery(problems, retryAfter, checkInJob, false);
    }

    private void checkIn(List<Report.HostGuestMapping> mappings, List<String> problems) throws InterruptedException {
        if (target.owner().isEmpty()) {
            fail(problems, "a host-to-guests mapping needs an organisation: set 'owner' in section(s) "
                    + sources(mappings));
            return;
        }
        String owner = target.owner().get();
        Optional<ServerStatus> server = serverStatus(problems);
        if (server.isEmpty()) {
            return;
        }
        if (!server.get().hasAsyncHypervisors()) {
            fail(problems, target.base() + " does not offer asynchronous hypervisor check-ins (capability "
                    + "'hypervisors_async'); this server is too old for virt-who");
            return;
        }
        for (String duplicate : CheckinBody.duplicateIds(mappings)) {
            LOG.warn("The hypervisor id '{}' is assigned to 2 different systems. Only one will be recorded at the "
                    + "server.", duplicate);
        }
        int hypervisors = mappings.stream().mapToInt(mapping -> mapping.hypervisors().size()).sum();
        int guests = mappings.stream().mapToInt(Report::guestCount).sum();
        String body = CheckinBody.of(mappings);
        for (int round = 1; round <= patience.attempts(); round++) {
            LOG.info("Sending updated Host-to-guest mapping to \"{}\" including {} hypervisors and {} guests",
                    owner, hypervisors, guests);
            Optional<JobStatus> job = call("Check-in of " + sources(mappings) + " to " + target.describe(),
                    () -> client.checkIn(owner, reporterId, body), problems);
            if (job.isEmpty()) {
                return;
            }
            Optional<JobStatus> done = follow(job.get(), problems);
            if (done.isEmpty()) {
                return;
            }
            if (!done.get().isBlocked()) {
                checkInJob = Optional.of(new Delivery.Job(done.get().id(), done.get().state()));
                report(done.get(), mappings, problems);
                return;
            }
            Duration wait = backoff(round);
            if (round == patience.attempts()) {
                fail(problems, "Check-in to " + target.describe() + " was refused " + round + " times because "
                        + BLOCKED_REASON + "; giving up for this run");
                return;
            }
            LOG.warn("Check-in to {} waits: {}; sending again in {} s", target.describe(), BLOCKED_REASON,
                    wait.toSeconds());
            sleeper.sleep(wait);
        }
    }

    /**
     * Tells the server the hosts this reporter reported are still there, when nothing changed since the last
     * check-in (interval mode); a server without the capability is skipped, as upstream does.
     *
     * @return whether the heartbeat was accepted or not needed
     */
    public boolean heartbeat() throws InterruptedException {
        List<String> problems = new ArrayList<>();
        if (target.owner().isEmpty()) {
            return true;
        }
        Optional<ServerStatus> server = serverStatus(problems);
        if (server.isEmpty()) {
            return false;
        }
        if (!server.get().hasHeartbeat() || reporterId.isEmpty()) {
            return true;
        }
        String owner = target.owner().get();
        return call("Heartbeat to " + target.describe(), () -> client.heartbeat(owner, reporterId), problems)
                .isPresent();
    }

    /**
     * Status mode ({@code -s}): can the server be reached with these credentials, and may they report to the
     * owner? One try and no waiting, whatever the {@link Patience}: {@code GET /status}, then, when the server
     * has heartbeats, one heartbeat with this destination's reporter id (status mode uses {@code status_test},
     * as upstream: no host reports as that, so nothing changes at the server). Without an owner there is
     * nothing to check.
     *
     * @return empty when all is well; otherwise upstream's sentence for the status output, already logged and
     *         free of credentials
     */
    public Optional<String> check() {
        if (target.owner().isEmpty()) {
            return Optional.empty();
        }
        String owner = target.owner().get();
        boolean heartbeat = false;
        try {
            ServerStatus server = client.status();
            if (!server.result()) {
                return checkFailed("Error during status connection: Unable to obtain status from server, "
                        + "UEPConnection is likely not usable");
            }
            if (!server.hasAsyncHypervisors()) {
                return checkFailed("Error during status connection: " + target.base() + " does not offer "
                        + "asynchronous hypervisor check-ins (capability 'hypervisors_async')");
            }
            if (!server.hasHeartbeat() || reporterId.isEmpty()) {
                LOG.info("{} answers, but has no hypervisor heartbeat to check owner '{}' with", target.base(), owner);
                return Optional.empty();
            }
            heartbeat = true;
            client.heartbeat(owner, reporterId);
            return Optional.empty();
        } catch (CandlepinException e) {
            int status = e.attempt() instanceof Attempt.Answered answered ? answered.status() : 0;
            if (heartbeat && (status == 403 || status == 404)) {
                LOG.error("{}", e.getMessage());
                return checkFailed("Specified owner '" + owner + "' is not accessible");
            }
            if (status == 429) {
                return checkFailed("429 encountered during status connection: " + e.getMessage());
            }
            Verdict verdict = policy.judge(e.attempt(), 1);
            String reason = e.explanation().orElse(verdict instanceof Verdict.Fatal fatal ? fatal.reason()
                    : verdict instanceof Verdict.Retry retry ? retry.reason() : e.getMessage());
            return checkFailed("Error during status connection: " + e.action() + " failed: " + reason);
        }
    }

    private static Optional<String> checkFailed(String message) {
        LOG.error("{}", message);
        return Optional.of(message);
    }

    /** {@code GET /status}, once per destination: python-rhsm checks it at every connection. */
    private Optional<ServerStatus> serverStatus(List<String> problems) throws InterruptedException {
        if (status == null) {
            Optional<ServerStatus> answer = call("Reading the status of " + target.base(), client::status, problems);
            answer.ifPresent(value -> status = value);
            return answer;
        }
        return Optional.of(status);
    }

    /** Polls the job until it ends, with growing pauses. Empty when polling itself failed (already reported). */
    private Optional<JobStatus> follow(JobStatus job, List<String> problems) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience.jobTimeout());
        Duration pause = patience.firstPoll();
        JobStatus current = job;
        while (!current.isFinal()) {
            if (Instant.now().isAfter(deadline)) {
                fail(problems, "Job " + current.id() + " at " + target.describe() + " has not finished after "
                        + patience.jobTimeout().toSeconds() + " s (state " + current.state() + "); the server "
                        + "may still apply it");
                return Optional.empty();
            }
            sleeper.sleep(pause);
            pause = min(pause.multipliedBy(2), patience.longestPoll());
            String id = current.id();
            Optional<JobStatus> polled = call("Polling job " + id, () -> client.job(id), problems);
            if (polled.isEmpty()) {
                return Optional.empty();
            }
            current = polled.get();
        }
        return Optional.of(current);
    }

    private void report(JobStatus job, List<Report.HostGuestMapping> mappings, List<String> problems) {
        if (!job.succeeded()) {
            fail(problems, "Check-in job " + job.id() + " to " + target.describe() + " ended " + job.state()
                    + job.message().map(message -> ": " + message).orElse(""));
            return;
        }
        job.result().ifPresent(result -> {
            LOG.info("Check-in to {} done: {} created, {} updated, {} unchanged, {} failed", target.describe(),
                    result.created().size(), result.updated().size(), result.unchanged().size(),
                    result.failedUpdate().size());
            for (String failure : result.failedUpdate()) {
                fail(problems, "Error during update list of guests: " + failure);
            }
        });
        if (job.result().isEmpty()) {
            job.message().ifPresent(message -> LOG.warn("Check-in job {} finished with: {}", job.id(), message));
        }
        for (Report.HostGuestMapping mapping : mappings) {
            LOG.info("Mapping for config \"{}\" updated", mapping.source());
        }
    }

    private void sendGuestList(Report.GuestList list, List<String> problems) throws InterruptedException {
        if (!(target.credentials() instanceof Credentials.ConsumerCertificate certificate)) {
            fail(problems, "The guest list of section '" + list.source() + "' is sent as this registered system, "
                    + "with its consumer certificate; rhsm_username/rhsm_password cannot be used for it");
            return;
        }
        String consumer;
        try {
            consumer = ConsumerIdentity.uuid(certificate.certificate());
        } catch (IOException e) {
            fail(problems, "Unable to read certificate, system is not registered or you are not root: "
                    + e.getMessage());
            return;
        }
        LOG.info("Sending update in guests lists for config \"{}\": {} guests found", list.source(),
                list.guests().size());
        String body = CheckinBody.guestList(list);
        call("Guest list of section '" + list.source() + "' to consumer " + consumer, () -> {
            client.updateGuests(consumer, body);
            return Boolean.TRUE;
        }, problems);
    }

    private interface Call<T> {
        T run() throws CandlepinException;
    }

    /** One request with the policy's retries. Empty when it failed for good (already logged and recorded). */
    private <T> Optional<T> call(String action, Call<T> call, List<String> problems) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return Optional.of(call.run());
            } catch (CandlepinException e) {
                if (e.explanation().isPresent()) {
                    fail(problems, action + " failed: " + e.explanation().get());
                    return Optional.empty();
                }
                Verdict verdict = policy.judge(e.attempt(), attempt);
                if (verdict instanceof Verdict.Fatal fatal) {
                    fail(problems, action + " failed: " + fatal.reason());
                    return Optional.empty();
                }
                Verdict.Retry retry = (Verdict.Retry) verdict;
                if (e.attempt() instanceof Attempt.Answered answered && answered.retryAfter().isPresent()) {
                    retryAfter = Optional.of(retry.delay());
                }
                if (attempt >= patience.attempts() || retry.delay().compareTo(patience.longestWait()) > 0) {
                    fail(problems, action + " failed: " + retry.reason() + "; giving up for this run after "
                            + attempt + (attempt == 1 ? " attempt" : " attempts"));
                    return Optional.empty();
                }
                LOG.warn("{} failed: {}; trying again in {} s", action, retry.reason(), retry.delay().toSeconds());
                sleeper.sleep(retry.delay());
            }
        }
    }

    private Duration backoff(int round) {
        Verdict verdict = policy.judge(new Attempt.Answered(503, Optional.empty(), Optional.empty()), round);
        return verdict instanceof Verdict.Retry retry ? retry.delay() : patience.firstPoll();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String sources(List<Report.HostGuestMapping> mappings) {
        return String.join(", ", mappings.stream().map(mapping -> "'" + mapping.source() + "'").toList());
    }

    private static void fail(List<String> problems, String problem) {
        LOG.error("{}", problem);
        problems.add(problem);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
