package dev.sightline.server.collector;

import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.IngestException;
import dev.sightline.core.codec.RowsCodec;
import dev.sightline.core.model.Row;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.auth.RateLimits;
import dev.sightline.server.governance.Masker;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.scoring.ScoreConfigStore;
import dev.sightline.server.scoring.ScoreFit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Ingestion whatever the wire protocol: decompresses a request body within the size limit,
 * decodes it, holds its scores to the project's score configs, masks it if its project masks, queues its rows into the write-ahead log and
 * completes once they are durable, or says why nothing was stored. A masked request is logged as
 * its masked rows ({@link Format#ROWS}), never as the body that came, so nothing unmasked reaches
 * the disk; so is a request whose scores the configs rejected or completed, so that replaying the log
 * gives the rows that were acknowledged. Each transport (native JSON, OTLP/HTTP, OTLP/gRPC) reads its own
 * framing, hands the body here and answers the {@link Outcome} in its protocol. Thread-safe.
 */
public final class Collector {
  /** How long a client is asked to wait when the server cannot store anything. */
  public static final int UNAVAILABLE_RETRY_SECONDS = 5;

  private final IngestPipeline pipeline;
  private final FormatDecoders decoders;
  private final IngestBudget budget;
  private final int maxBodyBytes;
  private final SettingsStore settings;
  private final RateLimits limits;
  private final ScoreConfigStore scoreConfigs;
  private final RowsCodec rowsCodec = new RowsCodec();

  /**
   * @param budget bounds the request bytes held in memory by all requests in flight
   * @param maxBodyBytes the largest body accepted, compressed or not
   * @param settings each project's masking
   * @param limits the keys' spans per second
   * @param scoreConfigs each project's score configs, which native requests' scores must fit
   */
  public Collector(IngestPipeline pipeline, FormatDecoders decoders, IngestBudget budget, int maxBodyBytes,
      SettingsStore settings, RateLimits limits, ScoreConfigStore scoreConfigs) {
    this.settings = settings;
    this.scoreConfigs = scoreConfigs;
    this.limits = limits;
    this.pipeline = pipeline;
    this.decoders = decoders;
    this.budget = budget;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * One request body in a transport's format, as received.
   *
   * @param access what the request's key grants: its limits apply
   */
  public record Body(String project, KeyStore.Access access, long receivedAt, Format format, byte[] bytes,
      boolean gzip) {}

  /**
   * Admits a request before its body is read.
   *
   * @param declaredLength its {@code Content-Length}, or -1 if it has none
   * @return its charge, to be released once it is answered, or null if requests in flight already
   *     hold the whole budget (answer {@link #overBudget()})
   */
  public IngestBudget.Charge admit(long declaredLength) {
    return budget.admit(declaredLength, maxBodyBytes);
  }

  /** The outcome of a request {@link #admit} turned away. */
  public Outcome overBudget() {
    return new Outcome.Busy("memory_budget", budget.exhausted(), 1);
  }

  /**
   * Collects one body; never completes exceptionally.
   *
   * @param charge the request's admission, charged the decompressed size of a gzip body too
   */
  public CompletableFuture<Outcome> collect(Body body, IngestBudget.Charge charge) {
    return collect(body, charge, false);
  }

  /**
   * Collects one body only if every item of it is valid: if any is not, nothing is stored and the
   * outcome is {@link Outcome.Accepted} with no rows and the errors. Never completes exceptionally.
   */
  public CompletableFuture<Outcome> collectWhole(Body body, IngestBudget.Charge charge) {
    return collect(body, charge, true);
  }

  private CompletableFuture<Outcome> collect(Body body, IngestBudget.Charge charge, boolean whole) {
    DecodedBatch decoded;
    try {
      byte[] plain = body.gzip() ? Gzip.decompress(body.bytes(), maxBodyBytes) : body.bytes();
      if (body.gzip() && !charge.add(plain.length)) {
        return done(overBudget());
      }
      decoded = decoders.of(body.format()).decode(plain, body.project(), body.receivedAt());
    } catch (IngestException e) {
      return done(new Outcome.Refused(e.status(), e.status() == 413 ? "too_large" : "malformed", e.getMessage()));
    }
    // Only the native format has scores, one row per valid item as ScoreFit needs.
    DecodedBatch batch = body.format() == Format.NATIVE ? ScoreFit.apply(scoreConfigs.of(body.project()), decoded)
        : decoded;
    if (whole && !batch.errors().isEmpty()) {
      return done(new Outcome.Accepted(new DecodedBatch(List.of(), batch.errors(), batch.items())));
    }
    if (batch.rows().isEmpty()) {
      return done(new Outcome.Accepted(batch));
    }
    Integer perSecond = body.access() == null ? null : body.access().limits().spansPerSecond();
    long wait = perSecond == null ? 0
        : limits.acquire(body.access().keyId(), RateLimits.Measure.SPANS, batch.rows().size(), perSecond);
    if (wait > 0) {
      return done(new Outcome.Busy("rate_limited", "key " + body.access().keyId() + " is over its " + perSecond
          + " spans per second" + limits.share(perSecond) + "; nothing of this request was stored, retry after "
          + wait + " s", wait));
    }
    Optional<Masker> masker = settings.masker(body.project());
    List<Row> rows = masker.isPresent() ? masker.get().mask(batch.rows()) : batch.rows();
    try {
      CompletableFuture<Void> durable = masker.isPresent() || batch != decoded
          ? pipeline.submit(body.project(), body.receivedAt(), Format.ROWS, rowsCodec.encode(rows), false, rows)
          : pipeline.submit(body.project(), body.receivedAt(), body.format(), body.bytes(), body.gzip(), rows);
      return durable
          .handle((ok, failure) -> failure == null ? new Outcome.Accepted(batch)
              : new Outcome.Unavailable(failure instanceof IngestUnavailableException
                  ? failure.getMessage() : "could not store the batch; retry", failure));
    } catch (QueueFullException e) {
      return done(new Outcome.Busy("queue_full", e.getMessage(), 1));
    } catch (IngestUnavailableException e) {
      return done(new Outcome.Unavailable(e.getMessage(), null));
    }
  }

  private static CompletableFuture<Outcome> done(Outcome outcome) {
    return CompletableFuture.completedFuture(outcome);
  }
}
