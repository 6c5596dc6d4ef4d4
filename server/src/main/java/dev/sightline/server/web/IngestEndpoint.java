package dev.sightline.server.web;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.server.ingest.Format;
import dev.sightline.server.ingest.Gzip;
import dev.sightline.core.codec.IngestException;
import dev.sightline.core.codec.RequestDecoder;
import dev.sightline.server.pipeline.IngestPipeline;
import dev.sightline.server.pipeline.IngestUnavailableException;
import dev.sightline.server.pipeline.QueueFullException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What every ingestion endpoint does whatever its wire protocol (the native batch API, OTLP/HTTP,
 * OTLP/gRPC): read the whole body off the event loop, decompress it within the size limit, decode
 * it, count what was turned away, queue the rows into the write-ahead log and answer once they
 * are durable, or ask the client to retry when the queue is full. A subclass picks the decoder and
 * writes the answers in its protocol. Behind the {@link Authenticator}.
 */
abstract class IngestEndpoint implements HttpService {
  /** How a protocol answers. */
  interface Answers {
    /** The request was decoded; its valid rows, if any, are durable. */
    HttpResponse decoded(DecodedBatch batch);

    /** Nothing of the request was stored: 400, 413, 415 or 503 with a message. */
    HttpResponse refused(HttpStatus status, String message);

    /** The ingest queue is full (or the server is stopping): retry later; nothing was stored. */
    HttpResponse busy(String message);

    /**
     * Nothing of the request was stored because the server cannot make data durable now (a full
     * disk): 503 with {@code Retry-After} of {@value IngestEndpoint#UNAVAILABLE_RETRY_SECONDS} s.
     */
    HttpResponse unavailable(String message);
  }

  /** How long a client is asked to wait when the server cannot store anything. */
  static final int UNAVAILABLE_RETRY_SECONDS = 5;

  private final IngestPipeline pipeline;
  private final RejectCounter rejects;
  private final IngestBudget budget;
  private final int maxBodyBytes;

  IngestEndpoint(Shared shared) {
    this.pipeline = shared.pipeline();
    this.rejects = shared.rejects();
    this.budget = shared.budget();
    this.maxBodyBytes = shared.maxBodyBytes();
  }

  /** What all ingestion endpoints of a server share. */
  record Shared(IngestPipeline pipeline, RejectCounter rejects, IngestBudget budget, int maxBodyBytes) {}

  /**
   * Admits the request within the {@link IngestBudget} before its body is read, then handles it
   * whole on a blocking thread; the budget is given back once the answer is sent.
   */
  @Override
  public final HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    long receivedAt = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    String project = Api.project(ctx);
    IngestBudget.Charge charge = budget.admit(req.headers().contentLength(), maxBodyBytes);
    if (charge == null) {
      return counted("memory_budget", answers(req.headers()).busy(budget.exhausted()));
    }
    HttpResponse response = HttpResponse.of(req.aggregateWithPooledObjects(ctx.alloc())
        .thenApply(IngestEndpoint::onHeap).thenComposeAsync(
        agg -> handle(charge, agg, project, receivedAt), ctx.blockingTaskExecutor()));
    response.whenComplete().handle((ok, failure) -> {
      charge.release();
      return null;
    });
    return response;
  }

  /**
   * The request with its body copied once from the pooled buffer it was aggregated into, which goes
   * back to the pool: decoding and the log need a byte array, and aggregating onto the heap would
   * copy the body twice.
   */
  private static AggregatedHttpRequest onHeap(AggregatedHttpRequest pooled) {
    try (HttpData content = pooled.content()) {
      return AggregatedHttpRequest.of(pooled.headers(), HttpData.wrap(content.array()), pooled.trailers());
    }
  }

  /** How this endpoint answers a request with these headers. */
  abstract Answers answers(RequestHeaders headers);

  /**
   * Handles a whole request, on a blocking thread.
   *
   * @param charge the request's share of the {@link IngestBudget}, for {@link #take}
   * @param receivedAt arrival time, epoch microseconds
   */
  abstract CompletableFuture<HttpResponse> handle(IngestBudget.Charge charge, AggregatedHttpRequest req,
      String project, long receivedAt);

  /** Takes an HTTP body whose {@code Content-Encoding} is {@code gzip}, {@code identity} or absent. */
  final CompletableFuture<HttpResponse> take(IngestBudget.Charge charge, AggregatedHttpRequest req,
      String project, long receivedAt, Format format, RequestDecoder decoder, Answers answers) {
    String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    boolean gzip = encoding != null && encoding.equalsIgnoreCase("gzip");
    if (encoding != null && !gzip && !encoding.equalsIgnoreCase("identity")) {
      return done(refuse(answers, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported",
          "Content-Encoding must be gzip or identity"));
    }
    return take(charge, req.content().array(), gzip, project, receivedAt, format, decoder, answers);
  }

  /**
   * Takes a body of this format.
   *
   * @param body as received, logged as is
   * @param gzip whether {@code body} is gzip-compressed; its decompressed size is charged too
   */
  final CompletableFuture<HttpResponse> take(IngestBudget.Charge charge, byte[] body, boolean gzip,
      String project, long receivedAt, Format format, RequestDecoder decoder, Answers answers) {
    // Taken here, on the request's blocking thread: the log's answer completes on another.
    ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
    DecodedBatch batch;
    try {
      byte[] plain = gzip ? Gzip.decompress(body, maxBodyBytes) : body;
      if (gzip && !charge.add(plain.length)) {
        return done(counted("memory_budget", answers.busy(budget.exhausted())));
      }
      batch = decoder.decode(plain, project, receivedAt);
    } catch (IngestException e) {
      return done(refuse(answers, HttpStatus.valueOf(e.status()), e.status() == 413 ? "too_large" : "malformed",
          e.getMessage()));
    }
    if (!batch.errors().isEmpty()) {
      rejects.count("invalid_item", batch.errors().size());
    }
    if (batch.rows().isEmpty()) {
      return done(answers.decoded(batch));
    }
    try {
      return pipeline.submit(project, receivedAt, format, body, gzip, batch.rows())
          .handle((ok, failure) -> {
            if (failure == null) {
              return answers.decoded(batch);
            }
            ServerErrorLog.cause(ctx, failure);
            return counted("unavailable", answers.unavailable(failure instanceof IngestUnavailableException
                ? failure.getMessage() : "could not store the batch; retry"));
          });
    } catch (QueueFullException e) {
      rejects.count("queue_full", 1);
      return done(answers.busy(e.getMessage()));
    } catch (IngestUnavailableException e) {
      return done(counted("unavailable", answers.unavailable(e.getMessage())));
    }
  }

  /** Refuses a request, counting it under {@code reason}. */
  final HttpResponse refuse(Answers answers, HttpStatus status, String reason, String message) {
    return counted(reason, answers.refused(status, message));
  }

  /** Counts a refused request under {@code reason} and returns its answer. */
  final HttpResponse counted(String reason, HttpResponse answer) {
    rejects.count(reason, 1);
    return answer;
  }

  /**
   * The answer to a request that failed for its size, counted, or null if it failed otherwise: a
   * body that grew too large while streaming fails with {@link ContentTooLargeException}; one whose
   * Content-Length is already too large is rejected before any service runs, with an exception
   * that wraps it. For the error handlers of the routes that take bodies.
   */
  static HttpResponse tooLarge(ServiceRequestContext ctx, Throwable cause, RejectCounter rejects,
      Function<ServiceRequestContext, HttpResponse> answer) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ContentTooLargeException) {
        rejects.count("too_large", 1);
        return answer.apply(ctx);
      }
    }
    return null;
  }

  static CompletableFuture<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
