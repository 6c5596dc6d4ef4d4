package dev.sightline.server.query;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every trace of a project that matches a filter, oldest first, with its spans and scores: a page
 * of trace rows at a time from the listing, then the page's traces read together
 * ({@link StorageReader#traces(String, List)}), so memory holds one page whatever the total. A
 * trace deleted meanwhile is left out; one that has left the retention window too. Thread-safe.
 */
public final class TraceStream {
  /** Traces per page: big enough that the per-page queries cost little per span. */
  static final int PAGE = 500;

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
   * Hands every matching trace to the sink, by start time then trace id.
   *
   * @param filter the caller has already clamped it to the retention window
   */
  public void forEach(String projectId, Filter filter, Sink sink) throws IOException {
    Cursor after = null;
    do {
      Page<Row> page = storage.traces(new TraceQuery(projectId, filter, Sort.START_TIME, true, PAGE, after));
      List<String> ids = new ArrayList<>(page.items().size());
      page.items().forEach(t -> ids.add(t.string(Schema.TRACE_ID)));
      if (!ids.isEmpty()) {
        for (TraceData trace : storage.traces(projectId, ids)) {
          if (!window.expired(projectId, trace.trace())) {
            sink.accept(trace);
          }
        }
      }
      after = page.nextCursor() == null ? null : Cursor.decode(page.nextCursor());
    } while (after != null);
  }
}
