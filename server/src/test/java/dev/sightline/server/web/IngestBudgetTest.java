package dev.sightline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class IngestBudgetTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final IngestBudget budget = new IngestBudget(1000, 5000, new RejectCounter(registry));

  final Map<ServiceRequestContext, Runnable> open = new HashMap<>();

  /** A request of that declared length (-1: none). */
  ServiceRequestContext request(long length) {
    RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, "/api/ingest");
    if (length >= 0) {
      headers.contentLength(length);
    }
    return ServiceRequestContext.of(HttpRequest.streaming(headers.build()));
  }

  /** Serves the request; admitted ones hold their budget until {@link #finish}. */
  HttpStatus serve(ServiceRequestContext ctx) throws Exception {
    CompletableFuture<HttpResponse> later = new CompletableFuture<>();
    HttpResponse response = budget.serve((c, r) -> HttpResponse.of(later), ctx, ctx.request());
    if (response.whenComplete().isDone() || !response.isOpen()) {
      return response.aggregate().join().status();
    }
    open.put(ctx, () -> {
      later.complete(HttpResponse.of(HttpStatus.OK));
      response.aggregate().join(); // the server would send it: that ends the response stream
    });
    return HttpStatus.OK;
  }

  void finish(ServiceRequestContext ctx) {
    open.remove(ctx).run();
  }

  @Test
  void refusesWhatWouldExceedTheBudgetUntilRequestsInFlightFinish() throws Exception {
    ServiceRequestContext first = request(600);
    assertThat(serve(first)).isEqualTo(HttpStatus.OK);
    assertThat(serve(request(600))).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    ServiceRequestContext small = request(400);
    assertThat(serve(small)).isEqualTo(HttpStatus.OK);
    finish(first);
    finish(small);
    assertThat(serve(request(900))).isEqualTo(HttpStatus.OK);
    assertThat(registry.get("sightline.ingest.rejected").tag("reason", "memory_budget").counter().count())
        .isEqualTo(1);
  }

  @Test
  void letsOneRequestLargerThanTheBudgetInWhenNothingElseIsInFlight() throws Exception {
    ServiceRequestContext unknownLength = request(-1); // charged the largest body, 5000
    assertThat(serve(unknownLength)).isEqualTo(HttpStatus.OK);
    assertThat(serve(request(1))).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(budget.charge(unknownLength, 10_000)).isNull(); // its own decompressed body
    finish(unknownLength);
    assertThat(serve(request(1))).isEqualTo(HttpStatus.OK);
  }

  @Test
  void chargesDecompressedBytesAgainstTheBudget() throws Exception {
    ServiceRequestContext gzip = request(100);
    ServiceRequestContext other = request(100);
    serve(gzip);
    serve(other);
    assertThat(budget.charge(gzip, 700)).isNull();
    assertThat(budget.charge(other, 200).aggregate().join().status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
  }
}
