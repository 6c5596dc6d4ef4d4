package dev.sightline;

import dev.sightline.internal.ContextExecutorService;
import dev.sightline.internal.ContextStore;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The current trace and span of the running thread, and wrappers that carry them across thread
 * hand-offs. A handle becomes current with {@code makeCurrent()} or inside the lambda forms
 * ({@code run}/{@code call}); helper code then starts children with {@link #current()} without
 * being passed its parent:
 *
 * <pre>{@code
 * ExecutorService pool = SightlineContext.wrap(Executors.newFixedThreadPool(4));
 * trace.span("parallel").run(span -> {
 *   CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> enhance(text), pool);
 *   CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> translate(text), pool);
 *   ...
 * });
 * String enhance(String text) {
 *   return SightlineContext.current().span("enhance").call(s -> model.complete(text));
 * }
 * }</pre>
 *
 * <p>The context is a thread-local: every method is thread-safe and affects only its thread;
 * wrappers capture the context of the thread that wraps (or submits) a task. Never throws.
 */
public final class SightlineContext {

  /**
   * The current span, else the current trace, else a parent that records nothing (so helper code
   * needs no null checks); never null.
   */
  public static SpanParent current() {
    return ContextStore.currentParent();
  }

  /** The current span, if any. */
  public static Optional<Span> currentSpan() {
    return ContextStore.currentSpan();
  }

  /** The trace of the current span, or the current trace, if any. */
  public static Optional<Trace> currentTrace() {
    return ContextStore.currentTrace();
  }

  /**
   * The {@code traceparent} header value of the current span, else of the current trace, for
   * outgoing calls (see {@link SpanParent#traceparent()}); empty if neither is current.
   */
  public static Optional<String> traceparent() {
    return ContextStore.current().map(SpanParent::traceparent);
  }

  /** The id of the current span's trace, or of the current trace, for log correlation; empty if none. */
  public static Optional<String> currentTraceId() {
    return ContextStore.currentTraceId();
  }

  /** The id of the current span, for log correlation; empty if no span is current. */
  public static Optional<String> currentSpanId() {
    return currentSpan().map(Span::spanId);
  }

  /** A task that runs in the context current now, whichever thread runs it. */
  public static Runnable wrap(Runnable task) {
    return ContextStore.wrap(task);
  }

  /** A task that runs in the context current now, whichever thread runs it. */
  public static <T> Callable<T> wrap(Callable<T> task) {
    return ContextStore.wrap(task);
  }

  /** A supplier (e.g. for {@code CompletableFuture.supplyAsync}) that runs in the context current now. */
  public static <T> Supplier<T> wrapSupplier(Supplier<T> task) {
    return ContextStore.wrapSupplier(task);
  }

  /**
   * An executor whose tasks run in the context of the thread that submits them. Pass it to
   * {@code CompletableFuture}'s {@code *Async} methods to carry the context through a chain.
   */
  public static Executor wrap(Executor executor) {
    return command -> executor.execute(ContextStore.wrap(command));
  }

  /** An executor service whose tasks run in the context of the thread that submits them. */
  public static ExecutorService wrap(ExecutorService executor) {
    return new ContextExecutorService(executor);
  }

  private SightlineContext() {}
}
