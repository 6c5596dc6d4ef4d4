package dev.sightline.server.query;

import dev.sightline.core.model.Row;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.server.governance.SettingsStore;
import java.time.Clock;
import java.util.OptionalInt;

/**
 * A project's retention window as queries apply it: nothing that started before the horizon (now
 * minus the project's {@code retentionDays}) is answered, whether or not the background job has
 * deleted it yet. Thread-safe.
 */
public final class RetentionWindow {
  private static final long DAY_MICROS = 86_400_000_000L;
  private final SettingsStore settings;
  private final Clock clock;

  public RetentionWindow(SettingsStore settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** The earliest start time answered, epoch microseconds, or null without a window. */
  public Long horizon(String project) {
    OptionalInt days = settings.retentionDays(project);
    return days.isEmpty() ? null : clock.millis() * 1000 - days.getAsInt() * DAY_MICROS;
  }

  /** The lower time bound {@code from}, raised to the horizon. */
  public Long from(String project, Long from) {
    Long horizon = horizon(project);
    return horizon == null || from != null && from >= horizon ? from : horizon;
  }

  /** The filter with its start-time range inside the window. */
  public Filter clamp(String project, Filter filter) {
    Long from = from(project, filter.from());
    return from == null || from.equals(filter.from()) ? filter : filter.withRange(from, filter.to());
  }

  /** Whether a trace (or a span) started before the horizon, and so is not answered. */
  public boolean expired(String project, Row row) {
    Long horizon = horizon(project);
    Long start = QuerySemantics.start(row);
    return horizon != null && start != null && start < horizon;
  }
}
