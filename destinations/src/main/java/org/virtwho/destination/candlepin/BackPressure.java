package org.virtwho.destination.candlepin;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * How the agent backs off when the server cannot take a request now: the back-pressure policy as a value object,
 * so that its arithmetic is tested without a server or a clock.
 *
 * <ul>
 *   <li>2xx: {@link Verdict.Success}.</li>
 *   <li>429, and a 5xx that says {@code Retry-After}: wait as long as the server asked, never less than one second
 *       (so a past date or {@code 0} cannot make the agent spin) and never more than an hour (a wrong header
 *       should not silence the agent for days). Without a usable header, wait {@code defaultRetryAfter}. The
 *       server's wish is honoured as it is, neither jittered nor capped at {@code maxDelay}: it said when it will
 *       be ready.</li>
 *   <li>5xx, 408 and broken exchanges (refused, reset, timed out): exponential backoff, {@code firstDelay * 2^(n-1)}
 *       capped at {@code maxDelay}, with <em>equal jitter</em>: a delay drawn uniformly from the upper half of
 *       that ceiling. Equal rather than full jitter because full jitter may draw a delay near zero, and a server
 *       that just answered 503 (Candlepin in suspend mode, a Satellite restarting) should not be asked again at
 *       once; the lower half still keeps many agents that failed together from returning together.</li>
 *   <li>3xx and the other 4xx: {@link Verdict.Fatal}, with a sentence the user can act on.</li>
 * </ul>
 */
final class BackPressure {
    /** Whatever a server asks, an agent that waits longer than this looks dead. */
    private static final Duration LONGEST_SERVER_WAIT = Duration.ofHours(1);
    /** A server's wait is never shorter than this, so that "retry now" does not become a busy loop. */
    private static final Duration SHORTEST_SERVER_WAIT = Duration.ofSeconds(1);

    private static final Pattern DELAY_SECONDS = Pattern.compile("[0-9]+");
    /**
     * An HTTP-date is a day name and the rest. The day name is dropped: it repeats what the date says, and
     * java.time would reject a date whose day name disagrees, or a two-digit year before it is put in its century.
     */
    private static final Pattern DAY_NAME = Pattern.compile("[A-Za-z]+(, | )(.+)");
    /** IMF-fixdate and RFC 1123 after the day name: {@code 06 Nov 1994 08:49:37 GMT}. */
    private static final DateTimeFormatter RFC_1123 = formatter("d MMM uuuu HH:mm:ss 'GMT'");
    /** Obsolete RFC 850 after the day name, still to be accepted (RFC 9110 §5.6.7): {@code 06-Nov-94 08:49:37 GMT}. */
    private static final DateTimeFormatter RFC_850 = formatter("dd-MMM-uu HH:mm:ss 'GMT'");
    /** Obsolete asctime() after the day name: {@code Nov  6 08:49:37 1994}. */
    private static final DateTimeFormatter ASCTIME = formatter("MMM ppd HH:mm:ss uuuu");

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Duration defaultRetryAfter;
    private final Clock clock;
    private final DoubleSupplier random;

    /**
     * @param firstDelay        the backoff ceiling of the first attempt; it doubles with each further attempt
     * @param maxDelay          the highest backoff ceiling
     * @param defaultRetryAfter the wait after a 429 that did not say how long
     * @param clock             to turn a {@code Retry-After} date into a delay
     * @param random            numbers in [0, 1) for the jitter
     */
    BackPressure(Duration firstDelay, Duration maxDelay, Duration defaultRetryAfter, Clock clock,
            DoubleSupplier random) {
        this.firstDelay = positive(firstDelay, "firstDelay");
        this.maxDelay = positive(maxDelay, "maxDelay");
        this.defaultRetryAfter = positive(defaultRetryAfter, "defaultRetryAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than firstDelay " + firstDelay);
        }
    }

    /**
     * First backoff 2 s, at most 5 min; 60 s after a 429 without {@code Retry-After}. Upstream waits 30 s there;
     * a server (or gateway) that is shedding load and did not say for how long is better served by a longer wait,
     * and one check-in a minute later changes nothing for the user.
     */
    static BackPressure standard() {
        return new BackPressure(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(60),
                Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param what    what happened to the request
     * @param attempt 1 for the first try, 2 for the first repetition...
     */
    Verdict judge(Attempt what, int attempt) {
        Objects.requireNonNull(what, "what");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts are counted from 1, not " + attempt);
        }
        if (what instanceof Attempt.Failed failed) {
            return new Verdict.Retry(backoff(attempt), describe(failed.cause()));
        }
        Attempt.Answered answer = (Attempt.Answered) what;
        int status = answer.status();
        String said = answer.displayMessage().filter(message -> !message.isBlank()).orElse(null);
        if (status >= 200 && status < 300) {
            return new Verdict.Success();
        }
        if (status == 429) {
            return serverWait(answer, said).orElseGet(() -> {
                String why = answer.retryAfter()
                        .map(header -> "unreadable Retry-After \"" + header + "\"")
                        .orElse("no Retry-After");
                return new Verdict.Retry(defaultRetryAfter,
                        httpStatus(status, said) + ", " + why + ", waiting " + defaultRetryAfter.toSeconds() + " s");
            });
        }
        if (status >= 500 && status < 600) {
            return serverWait(answer, said)
                    .orElseGet(() -> new Verdict.Retry(backoff(attempt), httpStatus(status, said)));
        }
        if (status == 408) {
            // Request Timeout: the server gave up waiting for the request; sending it again is the remedy.
            return new Verdict.Retry(backoff(attempt), httpStatus(status, said));
        }
        return new Verdict.Fatal(status, withServerMessage(refusal(status), said));
    }

    /** A 429 or 5xx that said when to come back: that time, within sane bounds. */
    private Optional<Verdict> serverWait(Attempt.Answered answer, String said) {
        return answer.retryAfter().flatMap(this::retryAfter).map(asked -> {
            String reason = httpStatus(answer.status(), said) + ", server asked to wait " + asked.toSeconds() + " s";
            if (asked.compareTo(LONGEST_SERVER_WAIT) > 0) {
                return new Verdict.Retry(LONGEST_SERVER_WAIT,
                        reason + ", waiting " + LONGEST_SERVER_WAIT.toSeconds() + " s");
            }
            if (asked.compareTo(SHORTEST_SERVER_WAIT) < 0) {
                return new Verdict.Retry(SHORTEST_SERVER_WAIT, reason);
            }
            return new Verdict.Retry(asked, reason);
        });
    }

    /**
     * A {@code Retry-After} value (RFC 9110 §10.2.3) as a delay from now: delay-seconds, or an HTTP-date in any of
     * its three forms. A date in the past gives zero. Empty when the value is neither.
     */
    private Optional<Duration> retryAfter(String header) {
        String value = header.trim();
        if (DELAY_SECONDS.matcher(value).matches()) {
            // More digits than a long holds is still "a very long time", which the caller caps.
            return Optional.of(value.length() > 12 ? Duration.ofSeconds(999_999_999_999L)
                    : Duration.ofSeconds(Long.parseLong(value)));
        }
        return httpDate(value).map(date -> {
            Duration delay = Duration.between(clock.instant(), date);
            if (delay.isNegative()) {
                return Duration.ZERO;
            }
            // Dates have whole seconds; rounding up keeps the agent from coming back a fraction too early.
            long seconds = delay.getNano() > 0 ? delay.getSeconds() + 1 : delay.getSeconds();
            return Duration.ofSeconds(seconds);
        });
    }

    private Optional<Instant> httpDate(String value) {
        Matcher parts = DAY_NAME.matcher(value);
        if (!parts.matches()) {
            return Optional.empty();
        }
        String date = parts.group(2);
        DateTimeFormatter format = parts.group(1).equals(" ") ? ASCTIME : date.contains("-") ? RFC_850 : RFC_1123;
        try {
            ZonedDateTime when = LocalDateTime.parse(date, format).atZone(ZoneOffset.UTC);
            // A two-digit year more than 50 years ahead is in the past century (RFC 9110 §5.6.7).
            if (format == RFC_850 && when.isAfter(ZonedDateTime.now(clock).plusYears(50))) {
                when = when.minusYears(100);
            }
            return Optional.of(when.toInstant());
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    /** The exponential ceiling of this attempt, with equal jitter: uniformly in [ceiling / 2, ceiling). */
    private Duration backoff(int attempt) {
        long first = firstDelay.toMillis();
        long max = maxDelay.toMillis();
        int doublings = attempt - 1;
        long ceiling = doublings >= 62 || first > (max >> doublings) ? max : Math.min(max, first << doublings);
        double draw = random.getAsDouble();
        if (!(draw >= 0.0 && draw < 1.0)) {
            // A supplier outside its contract must not produce a delay outside the bounds documented above.
            draw = draw >= 1.0 ? Math.nextDown(1.0) : 0.0;
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (draw * (ceiling - half)));
    }

    private static String describe(IOException cause) {
        String kind;
        if (cause instanceof ConnectException) {
            kind = "connection refused";
        } else if (cause instanceof UnknownHostException) {
            kind = "unknown host";
        } else if (cause instanceof InterruptedIOException) {
            // SocketTimeoutException, and the connect/request timeouts of HttpClient, all extend it.
            kind = "timed out";
        } else if (cause instanceof SSLException) {
            kind = "TLS failure";
        } else if (cause instanceof SocketException && String.valueOf(cause.getMessage()).contains("reset")) {
            kind = "connection reset";
        } else if (cause instanceof SocketException) {
            kind = "connection failed";
        } else {
            kind = "no answer";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() || message.equalsIgnoreCase(kind) ? kind : kind + ": " + message;
    }

    private static String refusal(int status) {
        return switch (status) {
            case 400 -> "the server rejected the request";
            case 401 -> "the server refused the credentials (rhsm_username/rhsm_password or the consumer certificate)";
            case 403 -> "the credentials are not allowed to do this";
            case 404 -> "not found";
            case 407 -> "the proxy refused the credentials (rhsm_proxy_user/rhsm_proxy_password, proxy_user/"
                    + "proxy_password in rhsm.conf, or the user in https_proxy)";
            case 410 -> "this system's consumer was deleted at the server; register it again";
            default -> {
                if (status >= 300 && status < 400) {
                    yield "the server answered with an unexpected redirect (HTTP " + status + ")";
                }
                if (status >= 400 && status < 500) {
                    yield "the server refused the request (HTTP " + status + ")";
                }
                yield "the server answered with an unexpected HTTP status " + status;
            }
        };
    }

    private static String httpStatus(int status, String said) {
        return said == null ? "HTTP " + status : "HTTP " + status + " (" + said + ")";
    }

    private static String withServerMessage(String sentence, String said) {
        return said == null ? sentence : sentence + ": " + said;
    }

    private static DateTimeFormatter formatter(String pattern) {
        // Month names in English whatever the default locale; "uu" puts a two-digit year in 2000-2099; strict, so
        // that 31 Feb is an error and not 29 Feb.
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(Locale.US)
                .withResolverStyle(ResolverStyle.STRICT);
    }

    private static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + duration);
        }
        return duration;
    }
}
