package dev.sightline.server.evaluation;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One remote kind's calls to its endpoint: a JSON POST under the evaluator's {@link Limits}, retried
 * with exponential backoff (or the endpoint's {@code Retry-After} on 429, capped) on timeouts,
 * connection errors, 429, 5xx and unreadable answers; any other status fails at once. Thread-safe;
 * the limits hold across all threads judging with the same judge.
 */
final class RemoteCall {
  /** One client for all judges: the JDK's client keeps threads and connections, not per-evaluator state. */
  private static final HttpClient SHARED = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1) // plain http endpoints need no h2c upgrade attempt
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10))
      .build();
  /** The longest {@code Retry-After} honoured, and the longest backoff. */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  private static final int SNIPPET = 200;

  /** Reads a 2xx answer's body into a verdict. */
  interface Reader {
    /** @throws Unreadable when the body is not the expected answer (the call is retried) */
    Verdict read(String body) throws Unreadable;
  }

  /** An answer that is not what the kind asked for; the message says what it is instead. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  private final String who;
  private final Limits limits;
  private final HttpClient http;
  private final Semaphore inFlight;
  private final RateLimiter rate;

  /** @param who what the errors call the endpoint ({@code judge}, {@code webhook}) */
  RemoteCall(String who, Limits limits) {
    this.who = who;
    this.limits = limits;
    this.http = SHARED;
    this.inFlight = new Semaphore(limits.concurrency(), true);
    this.rate = new RateLimiter(limits.requestsPerMinute());
  }

  /**
   * POSTs a JSON body and reads the answer.
   *
   * @throws EvaluationException when every attempt failed, or one failed for good (a 4xx but 429)
   */
  Verdict post(URI uri, Map<String, String> headers, String json, Reader reader) throws EvaluationException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(limits.timeout())
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    headers.forEach(b::header);
    HttpRequest request = b.setHeader("content-type", "application/json").build();
    String failure = null;
    int attempts = limits.maxRetries() + 1;
    try {
      for (int attempt = 1; attempt <= attempts; attempt++) {
        Duration wait = backoff(attempt);
        HttpResponse<String> response;
        try {
          response = send(request);
        } catch (HttpTimeoutException e) {
          failure = "no answer within " + limits.timeout().toMillis() + " ms";
          sleepBeforeRetry(attempt, attempts, wait);
          continue;
        } catch (IOException e) {
          failure = "could not reach " + uri.getHost() + ": " + e;
          sleepBeforeRetry(attempt, attempts, wait);
          continue;
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
          try {
            return reader.read(response.body());
          } catch (Unreadable e) {
            failure = e.getMessage();
          }
        } else if (status == 429 || status / 100 == 5) {
          failure = "answered " + status + snippet(response.body());
          if (status == 429) {
            wait = retryAfter(response).orElse(wait);
          }
        } else {
          throw new EvaluationException(who + " answered " + status + snippet(response.body()));
        }
        sleepBeforeRetry(attempt, attempts, wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvaluationException(who + " call interrupted");
    }
    throw new EvaluationException(who + " failed " + attempts + (attempts == 1 ? " time: " : " times: ") + failure);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    inFlight.acquire();
    try {
      rate.acquire();
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } finally {
      inFlight.release();
    }
  }

  private static void sleepBeforeRetry(int attempt, int attempts, Duration wait) throws InterruptedException {
    if (attempt < attempts) {
      Thread.sleep(wait.toMillis());
    }
  }

  /** The backoff after the given attempt: the base doubled per attempt, capped, plus up to a quarter of jitter. */
  private Duration backoff(int attempt) {
    long base = limits.backoff().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, MAX_WAIT.toMillis());
    return Duration.ofMillis(capped + ThreadLocalRandom.current().nextLong(capped / 4 + 1));
  }

  /** {@code Retry-After} in seconds or as an HTTP date, capped at {@link #MAX_WAIT}. */
  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("retry-after").map(value -> {
      Duration d;
      try {
        d = Duration.ofSeconds(Long.parseLong(value.trim()));
      } catch (NumberFormatException e) {
        try {
          d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException unreadable) {
          return null;
        }
      }
      return d.isNegative() ? Duration.ZERO : d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    });
  }

  /**
   * An http or https URL with a host.
   *
   * @throws IllegalArgumentException naming {@code config.<field>}
   */
  static URI url(String url, String field) {
    try {
      URI uri = new URI(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // answered below
    }
    throw Config.error(field, "must be an http or https URL");
  }

  /** The start of a body, for an error message. */
  static String snippet(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String s = body.strip().replaceAll("\\s+", " ");
    return ": " + (s.length() > SNIPPET ? s.substring(0, SNIPPET) + "..." : s);
  }
}
