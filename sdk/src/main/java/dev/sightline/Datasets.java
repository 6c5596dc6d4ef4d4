package dev.sightline;

import dev.sightline.internal.DatasetRunner;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Datasets on the server, and experiments: running a dataset's items through application code
 * under a run name. Unlike tracing, these calls talk to the server synchronously, block while they
 * do, and throw when they cannot: {@link IllegalStateException} with the server's message (an
 * unknown dataset, a disabled client), {@link java.io.UncheckedIOException} when it cannot be
 * reached. Thread-safe.
 */
public final class Datasets {
  private final DatasetRunner runner;

  Datasets(DatasetRunner runner) {
    this.runner = runner;
  }

  /**
   * The dataset's items that are not archived, oldest first.
   *
   * @param dataset the dataset's name
   */
  public List<DatasetItem> items(String dataset) {
    return runner.items(Objects.requireNonNull(dataset, "dataset"));
  }

  /**
   * Runs each item of the dataset (archived ones excepted) through {@code task}, one after the
   * other on this thread, and has the server judge each output with the dataset's evaluators.
   *
   * <p>Each execution is a trace of the feature {@code dataset}, current while {@code task} runs
   * (so spans and generations it starts belong to it), with the item's input as its input, the
   * returned value as its output, the metadata {@code dataset}, {@code datasetItemId} and
   * {@code datasetRun}, and the tag {@code dataset-run}. An exception from {@code task} is
   * recorded on that trace (status failure) and on the item's result, and the run goes on. The
   * outputs are reported to the server in batches, which stores the evaluators' scores on the
   * traces; at the end the traces are flushed so that the run's latency and cost can be shown.
   *
   * <pre>{@code
   * DatasetRun run = sightline.datasets().run("qa", "run-2026-12-06", item -> app.answer((String) item.input()));
   * }</pre>
   *
   * @param dataset the dataset's name
   * @param run the run's name ({@code [A-Za-z0-9][A-Za-z0-9._:-]{0,127}}); results reported again
   *     under the same name replace the earlier ones item by item
   * @param task the application: an item in, its output out (any JSON-writable value)
   */
  public DatasetRun run(String dataset, String run, Function<DatasetItem, ?> task) {
    return runner.run(Objects.requireNonNull(dataset, "dataset"), Objects.requireNonNull(run, "run"),
        Objects.requireNonNull(task, "task"));
  }
}
