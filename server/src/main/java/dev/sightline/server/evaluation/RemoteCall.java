package dev.sightline.server.evaluation;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
  /** The largest answer read, in bytes. */
  static final int MAX_BODY = 1 << 20;

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

  /** One attempt's end: a verdict, or why not and how long to wait before the next attempt. */
  private record Outcome(Verdict verdict, String failure, Duration delay) {}

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
    int attempts = limits.maxRetries() + 1;
    try {
      for (int attempt = 1; ; attempt++) {
        Outcome outcome = attempt(request, reader, backoff(attempt));
        if (outcome.verdict() != null) {
          return outcome.verdict();
        }
        if (attempt == attempts) {
          throw new EvaluationException(who + " failed " + attempts + (attempts == 1 ? " time: " : " times: ")
              + outcome.failure());
        }
        Thread.sleep(outcome.delay().toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvaluationException(who + " call interrupted");
    }
  }

  private Outcome attempt(HttpRequest request, Reader reader, Duration backoff)
      throws EvaluationException, InterruptedException {
    HttpResponse<String> response;
    try {
      response = send(request);
    } catch (TimeoutException e) {
      return new Outcome(null, "no answer within " + limits.timeout().toMillis() + " ms", backoff);
    } catch (ExecutionException e) {
      return new Outcome(null, "could not reach " + request.uri().getHost() + ": " + e.getCause(), backoff);
    }
    int status = response.statusCode();
    String body = response.body();
    if (status / 100 == 2 && body == null) {
      return new Outcome(null, "answer larger than " + MAX_BODY + " bytes", backoff);
    }
    if (status / 100 == 2) {
      try {
        return new Outcome(reader.read(body), null, null);
      } catch (Unreadable e) {
        return new Outcome(null, e.getMessage(), backoff);
      }
    }
    if (status == 429 || status / 100 == 5) {
      return new Outcome(null, "answered " + status + snippet(body), status == 429 ? retryAfter(response).orElse(backoff) : backoff);
    }
    throw new EvaluationException(who + " answered " + status + snippet(body));
  }

  /**
   * One request within the limits; the whole exchange, body included, within the timeout (the
   * client's own timeout ends at the response headers).
   */
  private HttpResponse<String> send(HttpRequest request)
      throws InterruptedException, ExecutionException, TimeoutException {
    inFlight.acquire();
    try {
      rate.acquire();
      CompletableFuture<HttpResponse<String>> response = http.sendAsync(request, RemoteCall::boundedBody);
      try {
        return response.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        response.cancel(true);
      }
    } finally {
      inFlight.release();
    }
  }

  /** The body as text, or null past {@link #MAX_BODY} bytes (the rest is read and dropped). */
  private static HttpResponse.BodySubscriber<String> boundedBody(HttpResponse.ResponseInfo info) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean[] over = {false};
    return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArrayConsumer(chunk -> {
      if (chunk.isPresent() && !over[0]) {
        over[0] = out.size() + chunk.get().length > MAX_BODY;
        out.write(chunk.get(), 0, over[0] ? 0 : chunk.get().length);
      }
    }), done -> over[0] ? null : out.toString(StandardCharsets.UTF_8));
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
