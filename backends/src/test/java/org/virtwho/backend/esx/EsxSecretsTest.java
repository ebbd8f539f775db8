package org.virtwho.backend.esx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendException;

/**
 * A wrong password never shows: not in the error, its causes, nor their stack traces. (The backends module logs
 * through SLF4J without a provider in its tests, so its log lines cannot be captured here; the agent's tests do
 * that with their CapturedLog.)
 */
class EsxSecretsTest {
    private static final String WRONG = "wr0ng-Pa55<&>'\"";
    private static final String WRONG_AS_SENT = "wr0ng-Pa55&lt;&amp;&gt;&apos;&quot;";
    private static final EsxTuning QUICK = new EsxTuning(1, 100, Duration.ofSeconds(3), Duration.ofMillis(100),
            Duration.ofMillis(500));

    private final FakeVcenter vcenter = new FakeVcenter().session();
    private Backend backend;

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
        vcenter.close();
    }

    private BackendException aWrongPassword(ThrowingCall call) throws Exception {
        vcenter.fault("Login", "InvalidLogin", "Cannot complete login due to an incorrect user name or password.");
        backend = vcenter.backend(QUICK, WRONG);
        return catchThrowableOfType(BackendException.class, () -> call.run(backend));
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run(Backend backend) throws Exception;
    }

    /** Every message, toString and stack trace line of the exception and its causes and suppressed ones. */
    private static List<String> everythingSaidAbout(Throwable thrown) {
        List<String> said = new ArrayList<>();
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        said.add(trace.toString());
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            said.add(String.valueOf(t.getMessage()));
            said.add(String.valueOf(t.getLocalizedMessage()));
            said.add(t.toString());
        }
        return said;
    }

    @Test
    void theLoginWasTriedWithThePasswordEscapedOnce() throws Exception {
        aWrongPassword(Backend::collect);

        String login = vcenter.requests().get(vcenter.calls().indexOf("Login")).getRequest().getBodyAsString();
        assertThat(login).contains("<userName>" + EsxSections.USER + "</userName>")
                .contains("<password>" + WRONG_AS_SENT + "</password>");
    }

    @Test
    void aFailedCollectionNamesTheUserButNotThePassword() throws Exception {
        BackendException failure = aWrongPassword(Backend::collect);

        assertThat(failure).hasMessageContaining("login to " + vcenter.url() + "/sdk as '" + EsxSections.USER
                + "' failed: the user name or password is wrong");
        assertThat(everythingSaidAbout(failure)).isNotEmpty().allSatisfy(said -> assertThat(said)
                .doesNotContain(WRONG).doesNotContain(WRONG_AS_SENT).doesNotContain("wr0ng"));
    }

    @Test
    void aFailedCheckDoesNotShowThePassword() throws Exception {
        BackendException failure = aWrongPassword(Backend::check);

        assertThat(failure).hasMessageContaining("the user name or password is wrong");
        assertThat(everythingSaidAbout(failure)).allSatisfy(said -> assertThat(said).doesNotContain("wr0ng"));
    }

    @Test
    void aWatchThatCannotLogInDoesNotShowThePassword() throws Exception {
        BackendException failure = aWrongPassword(backend -> {
            backend.watch(() -> { });
            FakeVcenter.await("a login", Duration.ofSeconds(10), () -> vcenter.count("Login") >= 1);
            backend.collect();
        });

        assertThat(failure).hasMessageContaining("the user name or password is wrong");
        assertThat(everythingSaidAbout(failure)).allSatisfy(said -> assertThat(said).doesNotContain("wr0ng"));
    }
}
