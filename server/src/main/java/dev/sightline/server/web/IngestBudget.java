package dev.sightline.server.web;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes that ingest requests in flight hold in memory, so that many large requests at
 * once get {@code 429} instead of exhausting the heap. A request is charged its declared length
 * (the largest allowed body if it declares none) before its body is read, and its decompressed
 * size once known ({@link #charge}); everything is given back when its response is sent. One
 * request is always let in when nothing else holds budget, so a single body of the largest
 * allowed size still passes. Thread-safe.
 */
final class IngestBudget implements DecoratingHttpServiceFunction {
  private static final AttributeKey<long[]> HELD = AttributeKey.valueOf(IngestBudget.class, "held");

  private final long limitBytes;
  private final long maxBodyBytes;
  private final RejectCounter rejects;
  private final AtomicLong used = new AtomicLong();

  /**
   * @param limitBytes bytes all requests in flight may hold together
   * @param maxBodyBytes the largest allowed body: the charge of a request of unknown length
   */
  IngestBudget(long limitBytes, long maxBodyBytes, RejectCounter rejects) {
    this.limitBytes = limitBytes;
    this.maxBodyBytes = maxBodyBytes;
    this.rejects = rejects;
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    long length = req.headers().contentLength();
    long[] held = {0};
    if (!tryTake(held, length < 0 ? maxBodyBytes : Math.min(length, maxBodyBytes))) {
      return tooBusy();
    }
    ctx.setAttr(HELD, held);
    HttpResponse response;
    try {
      response = delegate.serve(ctx, req);
    } catch (Exception | Error e) {
      release(held);
      throw e;
    }
    response.whenComplete().handle((ok, failure) -> {
      release(held);
      return null;
    });
    return response;
  }

  /**
   * Charges the current request for {@code bytes} more (its body once decompressed).
   *
   * @return the response to send instead if the budget is exhausted, else null
   */
  HttpResponse charge(ServiceRequestContext ctx, long bytes) {
    long[] held = ctx.attr(HELD);
    return held == null || tryTake(held, bytes) ? null : tooBusy();
  }

  private boolean tryTake(long[] held, long bytes) {
    while (true) {
      long now = used.get();
      if (now + bytes > limitBytes && now != held[0]) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        synchronized (held) {
          held[0] += bytes;
        }
        return true;
      }
    }
  }

  private void release(long[] held) {
    synchronized (held) {
      used.addAndGet(-held[0]);
      held[0] = 0;
    }
  }

  private HttpResponse tooBusy() {
    rejects.count("memory_budget", 1);
    return Json.retryLater("too many request bytes in flight (" + (limitBytes >> 20) + " MiB)");
  }
}
