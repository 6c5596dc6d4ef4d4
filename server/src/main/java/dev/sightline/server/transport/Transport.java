package dev.sightline.server.transport;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.server.collector.Format;
import dev.sightline.server.collector.Outcome;

/**
 * One ingestion protocol: how its requests frame a body and how it answers. Composed with the
 * transport-neutral collector by {@link TransportService}. Implementations are stateless.
 */
interface Transport {

  /** How this protocol answers a request with these headers. */
  Answers answers(RequestHeaders headers);

  /**
   * Whether a request with an invalid item stores nothing (true), or stores its valid items and
   * answers the others' errors (false, the default).
   */
  default boolean wholeOrNothing() {
    return false;
  }

  /** The body of a whole request, or why this protocol cannot take it. */
  Framed unwrap(AggregatedHttpRequest req);

  /**
   * A request's body in a {@link Format}, as received, or its refusal.
   *
   * @param gzip whether {@code body} is gzip-compressed
   * @param refused null unless the request cannot be taken, and then the other fields are null
   * @param answers how to answer this request, for a protocol whose answers depend on its body (they
   *     name its items); null to answer as {@link #answers(RequestHeaders)} says
   */
  record Framed(Format format, byte[] body, boolean gzip, Outcome.Refused refused, Answers answers) {
    Framed(Format format, byte[] body, boolean gzip, Outcome.Refused refused) {
      this(format, body, gzip, refused, null);
    }

    static Framed refused(HttpStatus status, String reason, String message) {
      return new Framed(null, null, false, new Outcome.Refused(status.code(), reason, message));
    }

    static Framed unsupported(String message) {
      return refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported", message);
    }
  }

  /** How a protocol answers each {@link Outcome}. */
  interface Answers {
    /** The request was decoded; its valid rows, if any, are durable. */
    HttpResponse decoded(DecodedBatch batch);

    /** Nothing of the request was stored: 400, 413, 415 or 503 with a message. */
    HttpResponse refused(HttpStatus status, String message);

    /**
     * The ingest queue is full, the server is stopping, or the key is over its rate: retry after
     * the given seconds; nothing was stored.
     */
    HttpResponse busy(String message, long retryAfterSeconds);

    /**
     * Nothing of the request was stored because the server cannot make data durable now (a full
     * disk): 503 with {@code Retry-After} of {@value
     * dev.sightline.server.collector.Collector#UNAVAILABLE_RETRY_SECONDS} s.
     */
    HttpResponse unavailable(String message);
  }
}
