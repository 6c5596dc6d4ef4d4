package dev.sightline.server.testing;

import dev.sightline.core.model.Row;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.GroupSummary;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.ScoreMetricsQuery;
import dev.sightline.core.storage.ScorePoint;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.StorageProvider;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import dev.sightline.core.storage.memory.InMemoryStorage;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --storage slow-memory}: the in-memory backend whose every batch write first sleeps
 * {@code writeDelayMillis} (option, default 200), to fill the ingest queue in tests; and whose
 * first {@code failWrites} batch writes (option, default 0) fail, to exercise the loader's retries;
 * and whose first {@code failMetrics} metrics queries (option, default 0) fail, to make the server
 * answer 500.
 */
public final class SlowStorageProvider implements StorageProvider {
  public static final String NAME = "slow-memory";
  public static final String DELAY_OPTION = "writeDelayMillis";
  public static final String FAIL_OPTION = "failWrites";
  public static final String FAIL_METRICS_OPTION = "failMetrics";
  /** The message of the exception a failing metrics query throws. */
  public static final String METRICS_FAILURE = "injected failure of a metrics query";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Storage open(Path dataDir, Map<String, String> options) {
    return new SlowStorage(new InMemoryStorage(),
        Long.parseLong(options.getOrDefault(DELAY_OPTION, "200")),
        Integer.parseInt(options.getOrDefault(FAIL_OPTION, "0")),
        Integer.parseInt(options.getOrDefault(FAIL_METRICS_OPTION, "0")));
  }

  /** Forwards everything; {@link #write} sleeps first, and fails the first few times. */
  static final class SlowStorage extends ForwardingStorageWriter implements Storage {
    private final Storage delegate;
    private final long delayMillis;
    private final java.util.concurrent.atomic.AtomicInteger failuresLeft;
    private final java.util.concurrent.atomic.AtomicInteger metricsFailuresLeft;

    SlowStorage(Storage delegate, long delayMillis, int failures, int metricsFailures) {
      super(delegate);
      this.delegate = delegate;
      this.delayMillis = delayMillis;
      this.failuresLeft = new java.util.concurrent.atomic.AtomicInteger(failures);
      this.metricsFailuresLeft = new java.util.concurrent.atomic.AtomicInteger(metricsFailures);
    }

    @Override
    public void write(WriteBatch batch) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("simulated storage failure");
      }
      super.write(batch);
    }

    @Override
    public Optional<TraceData> trace(String projectId, String traceId, boolean spanPayloads) {
      return delegate.trace(projectId, traceId, spanPayloads);
    }

    @Override
    public Optional<String> traceIdByReference(String projectId, String referenceId) {
      return delegate.traceIdByReference(projectId, referenceId);
    }

    @Override
    public Page<Row> traces(TraceQuery query) {
      return delegate.traces(query);
    }

    @Override
    public Page<Row> spans(SpanQuery query) {
      return delegate.spans(query);
    }

    @Override
    public Page<Row> scores(ScoreQuery query) {
      return delegate.scores(query);
    }

    @Override
    public List<Row> scoresOfTraces(String projectId, Collection<String> traceIds) {
      return delegate.scoresOfTraces(projectId, traceIds);
    }

    @Override
    public Page<GroupSummary> groups(GroupQuery query) {
      return delegate.groups(query);
    }

    @Override
    public List<MetricPoint> metrics(MetricsQuery query) {
      if (metricsFailuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException(METRICS_FAILURE);
      }
      return delegate.metrics(query);
    }

    @Override
    public List<ScorePoint> scoreMetrics(ScoreMetricsQuery query) {
      return delegate.scoreMetrics(query);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
