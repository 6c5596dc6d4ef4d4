package dev.sightline.server.query;

import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceQuery;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every trace of a project that matches a filter, oldest first, with its spans and scores: a page
 * of trace ids at a time from the listing ({@link StorageReader#traceIds}), then the page's traces
 * read together ({@link StorageReader#traces(String, List)}). Pages are read ahead on
 * {@value #READERS} threads of the stream's own while the caller handles the current one, at most
 * {@value #AHEAD} pages ahead, so memory holds a few pages whatever the total and the traces still
 * arrive in order. A trace deleted meanwhile is left out; one that has left the retention window
 * too. Thread-safe.
 */
public final class TraceStream {
  /** Traces per page: big enough that the per-page queries cost little per span. */
  static final int PAGE = 500;
  /** Pages read (or being read) ahead of the one the caller handles. */
  static final int AHEAD = 2;
  /** Threads reading ahead for one {@link #forEach}: the listing and a page's traces at a time. */
  static final int READERS = 2;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final StorageReader storage;
  private final RetentionWindow window;

  public TraceStream(StorageReader storage, RetentionWindow window) {
    this.storage = storage;
    this.window = window;
  }

  /** Receives each trace in turn; may fail writing it out. */
  public interface Sink {
    void accept(TraceData trace) throws IOException;
  }

  /**
   * Hands every matching trace to the sink, by start time then trace id, on the calling thread.
   * If the sink or a read fails, the pages read ahead are dropped (a read under way finishes on its
   * own) and the failure is thrown.
   *
   * @param filter the caller has already clamped it to the retention window
   */
  public void forEach(String projectId, Filter filter, Sink sink) throws IOException {
    ExecutorService readers = Executors.newFixedThreadPool(READERS, r -> {
      Thread t = new Thread(r, "sightline-trace-stream-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    Deque<CompletableFuture<List<TraceData>>> ahead = new ArrayDeque<>();
    CompletableFuture<Page<String>> listing =
        CompletableFuture.supplyAsync(() -> page(projectId, filter, null), readers);
    try {
      while (true) {
        while (listing != null && ahead.size() < AHEAD) {
          Page<String> page = join(listing);
          List<String> ids = page.items();
          Cursor after = page.nextCursor() == null ? null : Cursor.decode(page.nextCursor());
          listing = after == null ? null
              : CompletableFuture.supplyAsync(() -> page(projectId, filter, after), readers);
          if (!ids.isEmpty()) {
            ahead.add(CompletableFuture.supplyAsync(() -> storage.traces(projectId, ids), readers));
          }
        }
        if (ahead.isEmpty()) {
          return;
        }
        for (TraceData trace : join(ahead.poll())) {
          if (!window.expired(projectId, trace.trace())) {
            sink.accept(trace);
          }
        }
      }
    } finally {
      if (listing != null) {
        listing.cancel(false); // a read not yet begun never begins
      }
      ahead.forEach(read -> read.cancel(false));
      readers.shutdown(); // not shutdownNow: an interrupt would close the store's file channels
    }
  }

  private Page<String> page(String projectId, Filter filter, Cursor after) {
    return storage.traceIds(new TraceQuery(projectId, filter, Sort.START_TIME, true, PAGE, after));
  }

  private static <T> T join(CompletableFuture<T> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
