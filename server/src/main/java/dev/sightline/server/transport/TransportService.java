package dev.sightline.server.transport;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceErrorHandler;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.server.collector.Collector;
import dev.sightline.server.collector.Format;
import dev.sightline.server.collector.IngestBudget;
import dev.sightline.server.collector.Outcome;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.ErrorLog;
import dev.sightline.server.http.RejectCounter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The HTTP service of one ingestion {@link Transport}: admits the request within the memory
 * budget before its body is read, reads the whole body off the event loop, lets the transport
 * unwrap its framing, hands the body to the {@link Collector} and answers the outcome in the
 * transport's protocol, counting every refusal by reason. Behind the authenticator.
 */
final class TransportService implements HttpService {
  private final Transport transport;
  private final Collector collector;
  private final RejectCounter rejects;

  TransportService(Transport transport, Collector collector, RejectCounter rejects) {
    this.transport = transport;
    this.collector = collector;
    this.rejects = rejects;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    long receivedAt = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    String project = Api.project(ctx);
    Transport.Answers answers = transport.answers(req.headers());
    IngestBudget.Charge charge = collector.admit(req.headers().contentLength());
    if (charge == null) {
      return answer(ctx, answers, collector.overBudget());
    }
    HttpResponse response = HttpResponse.of(req.aggregateWithPooledObjects(ctx.alloc())
        .thenApply(TransportService::onHeap)
        .thenComposeAsync(agg -> collect(ctx, agg, project, receivedAt, charge, answers), ctx.blockingTaskExecutor()));
    response.whenComplete().handle((ok, failure) -> {
      charge.release();
      return null;
    });
    return response;
  }

  private CompletableFuture<HttpResponse> collect(ServiceRequestContext ctx, AggregatedHttpRequest req,
      String project, long receivedAt, IngestBudget.Charge charge, Transport.Answers byHeaders) {
    Transport.Framed framed = transport.unwrap(req);
    Transport.Answers answers = framed.answers() != null ? framed.answers() : byHeaders;
    if (framed.refused() != null) {
      return CompletableFuture.completedFuture(answer(ctx, answers, framed.refused()));
    }
    Collector.Body body = new Collector.Body(project, ctx.attr(Api.ACCESS), receivedAt, framed.format(),
        framed.body(), framed.gzip());
    return (transport.wholeOrNothing() ? collector.collectWhole(body, charge) : collector.collect(body, charge))
        .thenApply(outcome -> answer(ctx, answers, outcome));
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

  private HttpResponse answer(ServiceRequestContext ctx, Transport.Answers answers, Outcome outcome) {
    if (outcome instanceof Outcome.Accepted) {
      Outcome.Accepted accepted = (Outcome.Accepted) outcome;
      if (!accepted.batch().errors().isEmpty()) {
        rejects.count("invalid_item", accepted.batch().errors().size());
      }
      return answers.decoded(accepted.batch());
    }
    if (outcome instanceof Outcome.Refused) {
      Outcome.Refused refused = (Outcome.Refused) outcome;
      rejects.count(refused.reason(), 1);
      ErrorLog.rejected(ctx, refused.message());
      return answers.refused(HttpStatus.valueOf(refused.status()), refused.message());
    }
    if (outcome instanceof Outcome.Busy) {
      Outcome.Busy busy = (Outcome.Busy) outcome;
      rejects.count(busy.reason(), 1);
      ErrorLog.rejected(ctx, busy.message());
      return answers.busy(busy.message(), busy.retryAfterSeconds());
    }
    Outcome.Unavailable unavailable = (Outcome.Unavailable) outcome;
    if (unavailable.cause() != null) {
      ErrorLog.cause(ctx, unavailable.cause());
    }
    rejects.count("unavailable", 1);
    return answers.unavailable(unavailable.message());
  }

  /**
   * The framing of an HTTP body whose {@code Content-Encoding} is {@code gzip}, {@code identity} or
   * absent, shared by the transports over plain HTTP.
   */
  static Transport.Framed httpBody(AggregatedHttpRequest req, Format format) {
    String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    boolean gzip = encoding != null && encoding.equalsIgnoreCase("gzip");
    if (encoding != null && !gzip && !encoding.equalsIgnoreCase("identity")) {
      return Transport.Framed.unsupported("Content-Encoding must be gzip or identity");
    }
    return new Transport.Framed(format, req.content().array(), gzip, null);
  }

  /**
   * An error handler that answers a request that failed for its size, counted: a body that grew too
   * large while streaming fails with {@link ContentTooLargeException}; one whose Content-Length is
   * already too large is rejected before any service runs, with an exception that wraps it. Other
   * failures are left to the next handler.
   */
  static ServiceErrorHandler tooLarge(RejectCounter rejects, Function<ServiceRequestContext, HttpResponse> answer) {
    return (ctx, cause) -> {
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof ContentTooLargeException) {
          rejects.count("too_large", 1);
          ErrorLog.rejected(ctx, "body larger than the limit (--max-body-bytes)");
          return answer.apply(ctx);
        }
      }
      return null;
    };
  }
}
