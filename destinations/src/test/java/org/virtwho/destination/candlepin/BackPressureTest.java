package org.virtwho.destination.candlepin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackPressureTest {
    /** 2024-05-01T10:15:30Z, a Wednesday. */
    private static final Instant NOW = Instant.parse("2024-05-01T10:15:30Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static BackPressure policy(DoubleSupplier random) {
        return policy(CLOCK, random);
    }

    private static BackPressure policy(Clock clock, DoubleSupplier random) {
        return new BackPressure(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(60), clock, random);
    }

    /** The lowest draw: the delay is half the ceiling. */
    private static final BackPressure LOW = policy(() -> 0.0);

    private static Attempt.Answered status(int status) {
        return new Attempt.Answered(status, Optional.empty(), Optional.empty());
    }

    private static Attempt.Answered status(int status, String retryAfter) {
        return new Attempt.Answered(status, Optional.of(retryAfter), Optional.empty());
    }

    private static Attempt.Answered saying(int status, String displayMessage) {
        return new Attempt.Answered(status, Optional.empty(), Optional.of(displayMessage));
    }

    @ParameterizedTest(name = "HTTP {0} is a success")
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void takes2xxAsSuccess(int status) {
        assertThat(LOW.judge(status(status), 1)).isEqualTo(new Verdict.Success());
    }

    @ParameterizedTest(name = "HTTP {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            400 | the server rejected the request
            401 | the server refused the credentials (rhsm_username/rhsm_password or the consumer certificate)
            403 | the credentials are not allowed to do this
            404 | not found
            410 | this system's consumer was deleted at the server; register it again
            405 | the server refused the request (HTTP 405)
            409 | the server refused the request (HTTP 409)
            413 | the server refused the request (HTTP 413)
            415 | the server refused the request (HTTP 415)
            301 | the server answered with an unexpected redirect (HTTP 301)
            302 | the server answered with an unexpected redirect (HTTP 302)
            304 | the server answered with an unexpected redirect (HTTP 304)
            101 | the server answered with an unexpected HTTP status 101
            600 | the server answered with an unexpected HTTP status 600
            """)
    void givesUpOnAnswersThatRepeatingWouldNotChange(int status, String reason) {
        assertThat(LOW.judge(status(status), 1)).isEqualTo(new Verdict.Fatal(status, reason));
        // Not even on a later attempt: the answer does not depend on how often it was asked.
        assertThat(LOW.judge(status(status), 7)).isInstanceOf(Verdict.Fatal.class);
    }

    @ParameterizedTest(name = "HTTP {0} backs off")
    @ValueSource(ints = {500, 502, 503, 504, 507, 599, 408})
    void backsOffFromServerTrouble(int status) {
        assertThat(LOW.judge(status(status), 1)).isEqualTo(new Verdict.Retry(Duration.ofSeconds(1), "HTTP " + status));
        assertThat(LOW.judge(status(status), 3)).isEqualTo(new Verdict.Retry(Duration.ofSeconds(4), "HTTP " + status));
    }

    @ParameterizedTest(name = "{0} with \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            401 | Invalid Credentials          | the server refused the credentials (rhsm_username/rhsm_password or the consumer certificate): Invalid Credentials
            404 | Owner with ID(s) ACME could not be found. | not found: Owner with ID(s) ACME could not be found.
            410 | Unit 3ae3 has been deleted   | this system's consumer was deleted at the server; register it again: Unit 3ae3 has been deleted
            400 | Invalid host to guest mapping was provided for hypervisor update. | the server rejected the request: Invalid host to guest mapping was provided for hypervisor update.
            """)
    void addsWhatTheServerSaidToTheSentence(int status, String displayMessage, String reason) {
        assertThat(LOW.judge(saying(status, displayMessage), 1)).isEqualTo(new Verdict.Fatal(status, reason));
    }

    @Test
    void ignoresABlankDisplayMessage() {
        assertThat(LOW.judge(saying(403, "  "), 1))
                .isEqualTo(new Verdict.Fatal(403, "the credentials are not allowed to do this"));
    }

    @Test
    void logsWhatTheServerSaidWhenItIsInTrouble() {
        assertThat(LOW.judge(saying(503, "Candlepin is in suspend mode"), 1))
                .isEqualTo(new Verdict.Retry(Duration.ofSeconds(1), "HTTP 503 (Candlepin is in suspend mode)"));
    }

    @ParameterizedTest(name = "Retry-After \"{0}\" waits {1} s")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            120                            | 120  | HTTP 429, server asked to wait 120 s
            "  120 "                       | 120  | HTTP 429, server asked to wait 120 s
            1                              | 1    | HTTP 429, server asked to wait 1 s
            0                              | 1    | HTTP 429, server asked to wait 0 s
            600                            | 600  | HTTP 429, server asked to wait 600 s
            3600                           | 3600 | HTTP 429, server asked to wait 3600 s
            7200                           | 3600 | HTTP 429, server asked to wait 7200 s, waiting 3600 s
            Wed, 01 May 2024 10:17:30 GMT  | 120  | HTTP 429, server asked to wait 120 s
            Wed, 1 May 2024 10:17:30 GMT   | 120  | HTTP 429, server asked to wait 120 s
            Wednesday, 01-May-24 10:17:30 GMT | 120 | HTTP 429, server asked to wait 120 s
            Wed May  1 10:17:30 2024       | 120  | HTTP 429, server asked to wait 120 s
            Wed, 01 May 2024 10:15:30 GMT  | 1    | HTTP 429, server asked to wait 0 s
            Wed, 01 May 2024 09:00:00 GMT  | 1    | HTTP 429, server asked to wait 0 s
            Sun, 06 Nov 1994 08:49:37 GMT  | 1    | HTTP 429, server asked to wait 0 s
            Sunday, 06-Nov-94 08:49:37 GMT | 1    | HTTP 429, server asked to wait 0 s
            Sun Nov  6 08:49:37 1994       | 1    | HTTP 429, server asked to wait 0 s
            Thu, 02 May 2024 10:15:30 GMT  | 3600 | HTTP 429, server asked to wait 86400 s, waiting 3600 s
            """)
    void honoursRetryAfterOf429(String retryAfter, long seconds, String reason) {
        // A server's wish is honoured exactly, not jittered and not capped at maxDelay (5 min), only at 1 h.
        for (DoubleSupplier random : new DoubleSupplier[] {() -> 0.0, () -> 0.99}) {
            assertThat(policy(random).judge(status(429, retryAfter), 1))
                    .isEqualTo(new Verdict.Retry(Duration.ofSeconds(seconds), reason));
        }
    }

    @Test
    void roundsADateUpToWholeSecondsSoAsNotToComeBackEarly() {
        Clock aQuarterPast = Clock.fixed(NOW.plusMillis(250), ZoneOffset.UTC);
        assertThat(policy(aQuarterPast, () -> 0.0).judge(status(429, "Wed, 01 May 2024 10:17:30 GMT"), 1))
                .isEqualTo(new Verdict.Retry(Duration.ofSeconds(120), "HTTP 429, server asked to wait 120 s"));
    }

    @Test
    void takesAHugeNumberOfSecondsAsAnHour() {
        assertThat(LOW.judge(status(429, "99999999999999999999999"), 1))
                .extracting(verdict -> ((Verdict.Retry) verdict).delay()).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest(name = "Retry-After \"{0}\" is not understood")
    @ValueSource(strings = {"soon", "1.5", "-5", "+5", "", "  ", "120s", "Wed, 01 May 2024 10:17:30",
            "Wed, 31 Feb 2024 10:17:30 GMT", "2024-05-01T10:17:30Z", "Wed, 01 May 2024 10:17:30 GMT extra"})
    void waitsTheDefaultWhenRetryAfterIsUnreadable(String retryAfter) {
        assertThat(LOW.judge(status(429, retryAfter), 1)).isEqualTo(new Verdict.Retry(Duration.ofSeconds(60),
                "HTTP 429, unreadable Retry-After \"" + retryAfter + "\", waiting 60 s"));
    }

    @Test
    void waitsTheDefaultWhenThereIsNoRetryAfter() {
        assertThat(LOW.judge(status(429), 1))
                .isEqualTo(new Verdict.Retry(Duration.ofSeconds(60), "HTTP 429, no Retry-After, waiting 60 s"));
        // The default does not grow with the attempts: upstream has no backoff here either.
        assertThat(LOW.judge(status(429), 9))
                .isEqualTo(new Verdict.Retry(Duration.ofSeconds(60), "HTTP 429, no Retry-After, waiting 60 s"));
    }

    @Test
    void honoursRetryAfterOf503LikeA429() {
        assertThat(policy(() -> 0.7).judge(status(503, "120"), 4))
                .isEqualTo(new Verdict.Retry(Duration.ofSeconds(120), "HTTP 503, server asked to wait 120 s"));
        assertThat(LOW.judge(status(503, "Wed, 01 May 2024 10:16:00 GMT"), 1))
                .isEqualTo(new Verdict.Retry(Duration.ofSeconds(30), "HTTP 503, server asked to wait 30 s"));
        assertThat(LOW.judge(new Attempt.Answered(503, Optional.of("7200"), Optional.of("maintenance")), 1))
                .isEqualTo(new Verdict.Retry(Duration.ofHours(1),
                        "HTTP 503 (maintenance), server asked to wait 7200 s, waiting 3600 s"));
    }

    @Test
    void backsOffAsUsualWhenA503HasAnUnreadableRetryAfter() {
        assertThat(LOW.judge(status(503, "later"), 3)).isEqualTo(new Verdict.Retry(Duration.ofSeconds(4), "HTTP 503"));
    }

    /** With the lowest draw, the delay is half the ceiling: 2 s doubling per attempt, capped at 5 min. */
    @ParameterizedTest(name = "attempt {0}: ceiling {1} s")
    @CsvSource(textBlock = """
            1, 2
            2, 4
            3, 8
            4, 16
            5, 32
            6, 64
            7, 128
            8, 256
            9, 300
            10, 300
            62, 300
            63, 300
            64, 300
            1000, 300
            2147483647, 300
            """)
    void growsExponentiallyUpToTheCap(int attempt, long ceilingSeconds) {
        Duration ceiling = Duration.ofSeconds(ceilingSeconds);
        assertThat(LOW.judge(status(500), attempt)).isEqualTo(new Verdict.Retry(ceiling.dividedBy(2), "HTTP 500"));
        assertThat(policy(() -> 0.5).judge(status(500), attempt))
                .isEqualTo(new Verdict.Retry(ceiling.multipliedBy(3).dividedBy(4), "HTTP 500"));
        // The highest draw stays just below the ceiling.
        Duration highest = ((Verdict.Retry) policy(() -> Math.nextDown(1.0)).judge(status(500), attempt)).delay();
        assertThat(highest).isLessThan(ceiling).isGreaterThanOrEqualTo(ceiling.minusMillis(1));
    }

    @ParameterizedTest(name = "a draw of {0} stays within [ceiling / 2, ceiling)")
    @ValueSource(doubles = {0.0, 0.25, 0.999_999, 1.0, 1.5, -0.1, Double.NaN})
    void keepsTheJitterInItsBoundsWhateverTheDraw(double draw) {
        Duration delay = ((Verdict.Retry) policy(() -> draw).judge(status(502), 4)).delay();
        assertThat(delay).isBetween(Duration.ofSeconds(8), Duration.ofMillis(15_999));
    }

    static Stream<Arguments> brokenExchanges() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), "connection refused"),
                Arguments.of(new SocketException("Connection reset"), "connection reset"),
                Arguments.of(new SocketException("Connection reset by peer"), "connection reset: Connection reset by peer"),
                Arguments.of(new SocketException("Broken pipe"), "connection failed: Broken pipe"),
                Arguments.of(new SocketTimeoutException("Read timed out"), "timed out: Read timed out"),
                Arguments.of(new SocketTimeoutException(), "timed out"),
                Arguments.of(new UnknownHostException("candlepin.example.com"), "unknown host: candlepin.example.com"),
                Arguments.of(new SSLHandshakeException("PKIX path building failed"),
                        "TLS failure: PKIX path building failed"),
                Arguments.of(new IOException("stream closed"), "no answer: stream closed"),
                Arguments.of(new IOException(), "no answer"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("brokenExchanges")
    void backsOffFromBrokenExchanges(IOException cause, String reason) {
        assertThat(LOW.judge(new Attempt.Failed(cause), 1)).isEqualTo(new Verdict.Retry(Duration.ofSeconds(1), reason));
        assertThat(LOW.judge(new Attempt.Failed(cause), 20))
                .isEqualTo(new Verdict.Retry(Duration.ofSeconds(150), reason));
    }

    @Test
    void theStandardPolicy() {
        BackPressure standard = BackPressure.standard();
        assertThat(standard.judge(status(429), 1))
                .isEqualTo(new Verdict.Retry(Duration.ofSeconds(60), "HTTP 429, no Retry-After, waiting 60 s"));
        for (int i = 0; i < 100; i++) {
            assertThat(((Verdict.Retry) standard.judge(status(503), 1)).delay())
                    .isBetween(Duration.ofSeconds(1), Duration.ofMillis(1999));
            assertThat(((Verdict.Retry) standard.judge(status(503), 30)).delay())
                    .isBetween(Duration.ofSeconds(150), Duration.ofMillis(299_999));
        }
        // A date is measured against the real clock: one in the past means "now", that is one second.
        assertThat(standard.judge(status(429, "Sun, 06 Nov 1994 08:49:37 GMT"), 1))
                .extracting(verdict -> ((Verdict.Retry) verdict).delay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void countsAttemptsFromOne() {
        assertThatThrownBy(() -> LOW.judge(status(500), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNonsensicalSettings() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new BackPressure(Duration.ZERO, second, second, CLOCK, () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstDelay");
        assertThatThrownBy(() -> new BackPressure(second, second.negated(), second, CLOCK, () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new BackPressure(second.multipliedBy(2), second, second, CLOCK, () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter");
        assertThatThrownBy(() -> new BackPressure(second, second, Duration.ZERO, CLOCK, () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultRetryAfter");
    }
}
