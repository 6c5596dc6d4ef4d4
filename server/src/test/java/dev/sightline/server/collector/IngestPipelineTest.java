package dev.sightline.server.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.NativeDecoder;
import dev.sightline.core.codec.RequestDecoder;
import dev.sightline.core.model.EvaluatorScores;
import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.SpanVerdicts;
import dev.sightline.core.storage.StorageWriter;
import dev.sightline.core.storage.WriteBatch;
import dev.sightline.core.storage.memory.InMemoryStorage;
import dev.sightline.server.otlp.OtlpJsonDecoder;
import dev.sightline.server.otlp.OtlpProtobufDecoder;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.ForwardingStorageWriter;
import dev.sightline.server.testing.Otlp;
import dev.sightline.server.usage.UsageInference;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestPipelineTest {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN = "00f067aa0ba902b7";
  static final PipelineSettings FAST = new PipelineSettings(10_000, 1000, Duration.ZERO, 1 << 20);

  @TempDir Path dir;
  final NativeDecoder decoder = new NativeDecoder();
  final InMemoryStorage storage = new InMemoryStorage();

  IngestPipeline open() throws IOException {
    return IngestPipeline.open(storage, UsageInference.open(dir), DerivedRows.NONE, dir, format -> decoder, FAST, new SimpleMeterRegistry());
  }

  void send(IngestPipeline pipeline, String... items) {
    byte[] body = ("{\"batch\":[" + String.join(",", items) + "]}").getBytes(StandardCharsets.UTF_8);
    List<Row> rows = decoder.decode(body, "p1", 1_800_000_000_000_000L).rows();
    pipeline.submit("p1", 1_800_000_000_000_000L, Format.NATIVE, body, false, rows).join();
  }

  static String span(String fields) {
    return "{\"type\":\"span\",\"body\":{\"traceId\":\"" + TRACE + "\",\"spanId\":\"" + SPAN + "\"," + fields + "}}";
  }

  Row stored(Table table, String... key) {
    return storage.fetch(List.of(new RowKey(table, List.of(key)))).get(new RowKey(table, List.of(key)));
  }

  @Test
  void updatesMergeInAnyOrderAndRepeatsAreHarmless() throws IOException {
    String create = span("\"name\":\"llm\",\"startTime\":1795341600000000,\"inputTokens\":10,"
        + "\"outputTokens\":5,\"cost\":0.5,\"model\":\"m1\",\"metadata\":{\"a\":1},\"tags\":[\"x\"]");
    try (IngestPipeline pipeline = open()) {
      send(pipeline, span("\"endTime\":1795341601000000,\"output\":\"done\",\"metadata\":{\"b\":2}"));
      send(pipeline, create);
      send(pipeline, create);
      send(pipeline, span("\"tags\":[\"y\"],\"status\":\"failure\""));
    }
    Row s = stored(Table.SPANS, "p1", TRACE, SPAN);
    assertThat(s.string(Schema.NAME)).isEqualTo("llm");
    assertThat(s.string(Schema.OUTPUT)).isEqualTo("\"done\"");
    assertThat(s.longValue(Schema.END_TIME)).isEqualTo(1795341601000000L);
    assertThat(s.string(Schema.METADATA)).isEqualTo("{\"b\":2,\"a\":1}");
    assertThat(s.list(Schema.TAGS)).containsExactly("y");
    assertThat(s.string(Schema.TYPE)).isEqualTo("span");
    assertThat(s.longValue(Schema.TOTAL_TOKENS)).isEqualTo(15);

    Row t = stored(Table.TRACES, "p1", TRACE);
    assertThat(t.longValue(Schema.SPAN_COUNT)).isEqualTo(1);
    assertThat(t.longValue(Schema.ERROR_COUNT)).isEqualTo(1);
    assertThat(t.longValue(Schema.TOTAL_TOKENS)).isEqualTo(15);
    assertThat(t.doubleValue(Schema.COST)).isEqualTo(0.5);
    assertThat(t.list(Schema.MODELS)).containsExactly("m1");
    assertThat(t.string(Schema.NAME)).isEqualTo("llm");
    assertThat(t.longValue(Schema.LAST_SPAN_END)).isEqualTo(1795341601000000L);
  }

  @Test
  void replayAppliesWhatStorageLacksExactlyOnce() throws IOException {
    try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20)) {
      for (String item : List.of(span("\"inputTokens\":7"), span("\"cost\":1.5"))) {
        wal.append(new LogRecord("p1", 1_800_000_000_000_000L, Format.NATIVE, false,
            ("{\"batch\":[" + item + "]}").getBytes(StandardCharsets.UTF_8)));
      }
      wal.sync();
    }
    open().close(); // as after a crash: the log holds acknowledged batches storage never got
    open().close(); // a second start finds nothing new to apply
    Row t = stored(Table.TRACES, "p1", TRACE);
    assertThat(t.longValue(Schema.SPAN_COUNT)).isEqualTo(1);
    assertThat(t.longValue(Schema.INPUT_TOKENS)).isEqualTo(7);
    assertThat(t.doubleValue(Schema.COST)).isEqualTo(1.5);
  }

  @Test
  void otlpRequestsInTheLogReplayIntoTheRowsTheirRequestsMade() throws IOException {
    ExportTraceServiceRequest request = Otlp.request(List.of("service.name", "replayed"),
        Otlp.span(Otlp.ROOT, "agent", "gen_ai.operation.name", "invoke_agent")
            .addEvents(Otlp.event("step", 5, "n", 1)),
        Otlp.child(Otlp.CHILD, "chat", "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_tokens", 12,
            "gen_ai.input.messages", "[{\"role\":\"user\",\"content\":\"hi\"}]"));
    DecodedBatch direct = new OtlpProtobufDecoder().decode(request.toByteArray(), "p1", 1_800_000_000_000_000L);
    String otherTrace = "0af7651916cd43dd8448eb211c80319c";
    ExportTraceServiceRequest sameAsJson = request.toBuilder().setResourceSpans(0, request.getResourceSpans(0)
        .toBuilder().setScopeSpans(0, request.getResourceSpans(0).getScopeSpans(0).toBuilder()
            .setSpans(0, request.getResourceSpans(0).getScopeSpans(0).getSpans(0).toBuilder()
                .setTraceId(Otlp.bytes(otherTrace))))).build();
    try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20)) {
      wal.append(new LogRecord("p1", 1_800_000_000_000_000L, Format.OTLP_PROTOBUF, true,
          Batch.gzip(request.toByteArray())));
      wal.append(new LogRecord("p1", 1_800_000_000_000_000L, Format.OTLP_JSON, false, Otlp.json(sameAsJson)));
      wal.sync();
    }
    OtlpProtobufDecoder protobuf = new OtlpProtobufDecoder();
    OtlpJsonDecoder json = new OtlpJsonDecoder();
    Function<Format, RequestDecoder> decoders =
        format -> format == Format.OTLP_PROTOBUF ? protobuf : format == Format.OTLP_JSON ? json : decoder;
    UsageInference usage = UsageInference.open(dir);
    IngestPipeline.open(storage, usage, DerivedRows.NONE, dir, decoders, FAST, new SimpleMeterRegistry()).close();

    for (Row row : direct.rows()) {
      Row stored = storage.fetch(List.of(row.key())).get(row.key());
      assertThat(stored).as(row.key().toString()).isNotNull();
      if (row.table() == Table.SPANS) {
        assertThat(stored).isEqualTo(usage.infer(Merger.withDefaults(row))); // the generation gets a cost
      }
    }
    Row root = stored(Table.TRACES, "p1", Otlp.TRACE);
    assertThat(root.string(Schema.FEATURE)).isEqualTo("replayed");
    assertThat(root.longValue(Schema.SPAN_COUNT)).as("agent, its event, chat").isEqualTo(3);
    assertThat(stored(Table.SPANS, "p1", otherTrace, Otlp.ROOT).string(Schema.TYPE))
        .as("the JSON request, replayed by its own decoder").isEqualTo("agent");
  }

  /**
   * The log holds what older servers accepted and acknowledged under laxer rules. Start-up replays
   * it without failing: a gzip body with bytes after its data replays as it was acknowledged (those
   * bytes ignored, as they were), items the current rules refuse are left out beside the valid
   * ones, and a record refused whole is skipped while the records after it are applied.
   */
  @Test
  void replayOfBodiesTheCurrentRulesRefuseDoesNotStopTheStart() throws IOException {
    String otherSpan = "b7ad6b7169203331";
    String third = "1111111111111111";
    byte[] gzipWithGarbage = concat(Batch.gzip(("{\"batch\":[" + span("\"name\":\"zipped\"") + "]}")
        .getBytes(StandardCharsets.UTF_8)), "trailing garbage".getBytes(StandardCharsets.US_ASCII));
    String tooManyTokens = "{\"type\":\"span\",\"body\":{\"traceId\":\"" + TRACE + "\",\"spanId\":\"" + otherSpan
        + "\",\"inputTokens\":" + Long.MAX_VALUE + "}}";
    String fine = "{\"type\":\"span\",\"body\":{\"traceId\":\"" + TRACE + "\",\"spanId\":\"" + third
        + "\",\"inputTokens\":3}}";
    try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20)) {
      wal.append(new LogRecord("p1", 1_800_000_000_000_000L, Format.NATIVE, true, gzipWithGarbage));
      wal.append(new LogRecord("p1", 1_800_000_000_000_000L, Format.NATIVE, false,
          ("{\"batch\":[" + tooManyTokens + "," + fine + "]}").getBytes(StandardCharsets.UTF_8)));
      wal.append(new LogRecord("p1", 1_800_000_000_000_000L, Format.NATIVE, false,
          "not JSON at all".getBytes(StandardCharsets.UTF_8)));
      wal.append(new LogRecord("p1", 1_800_000_000_000_000L, Format.NATIVE, false,
          ("{\"batch\":[" + span("\"outputTokens\":4") + "]}").getBytes(StandardCharsets.UTF_8)));
      wal.sync();
    }
    try (IngestPipeline pipeline = open()) {
      assertThat(pipeline.healthy()).isTrue();
      send(pipeline, span("\"cost\":0.25")); // and it takes new requests
    }
    Row s = stored(Table.SPANS, "p1", TRACE, SPAN);
    assertThat(s.string(Schema.NAME)).as("the gzip body with trailing bytes").isEqualTo("zipped");
    assertThat(s.longValue(Schema.OUTPUT_TOKENS)).as("the record after the one refused whole").isEqualTo(4);
    assertThat(s.doubleValue(Schema.COST)).isEqualTo(0.25);
    assertThat(stored(Table.SPANS, "p1", TRACE, otherSpan)).as("the item now refused").isNull();
    assertThat(stored(Table.SPANS, "p1", TRACE, third).longValue(Schema.INPUT_TOKENS)).isEqualTo(3);
    Row t = stored(Table.TRACES, "p1", TRACE);
    assertThat(t.longValue(Schema.SPAN_COUNT)).isEqualTo(2);
    assertThat(t.longValue(Schema.INPUT_TOKENS)).isEqualTo(3);
  }

  /** A trace whose spans' tokens add up past 2^63 − 1 keeps that maximum, never a wrapped negative. */
  @Test
  void rollupsPastTheLongRangeSaturate() throws IOException {
    long max = (1L << 53) - 1;
    List<String> items = new java.util.ArrayList<>();
    for (int i = 1; i <= 1025; i++) {
      items.add("{\"type\":\"span\",\"body\":{\"traceId\":\"" + TRACE + "\",\"spanId\":\""
          + String.format("%016x", i) + "\",\"inputTokens\":" + max + ",\"outputTokens\":1}}");
    }
    try (IngestPipeline pipeline = open()) {
      send(pipeline, items.subList(0, 1024).toArray(String[]::new));
      send(pipeline, items.get(1024));
      // A later update lowering one span's count cannot make the saturated sum exact again.
      send(pipeline, span("\"inputTokens\":1"));
    }
    Row t = stored(Table.TRACES, "p1", TRACE);
    assertThat(t.longValue(Schema.SPAN_COUNT)).isEqualTo(1026);
    assertThat(t.longValue(Schema.INPUT_TOKENS)).isEqualTo(Long.MAX_VALUE);
    assertThat(t.longValue(Schema.TOTAL_TOKENS)).isEqualTo(Long.MAX_VALUE);
    assertThat(t.longValue(Schema.OUTPUT_TOKENS)).as("exact below the maximum").isEqualTo(1025);
  }

  /**
   * Over a store that servers share, a request is acknowledged once stored, not once logged; a row
   * another server stored after this one started is merged with, not overwritten; and the batch's
   * traces are locked from before the read until after the write.
   */
  @Test
  void overASharedStoreRequestsAreAcknowledgedOnceStoredAndMergeWithOtherServersRows() throws Exception {
    java.util.concurrent.Semaphore writes = new java.util.concurrent.Semaphore(0);
    java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean();
    List<Set<String>> locked = new java.util.concurrent.CopyOnWriteArrayList<>();
    MergeLocks locks = names -> {
      assertThat(held.getAndSet(true)).as("one batch at a time").isFalse();
      locked.add(names);
      return () -> held.set(false);
    };
    StorageWriter shared = new ForwardingStorageWriter(storage) {
      @Override
      public boolean sharedByServers() {
        return true;
      }

      @Override
      public void write(WriteBatch batch) {
        assertThat(held).as("locked while writing").isTrue();
        writes.acquireUninterruptibly();
        storage.write(batch);
      }

      @Override
      public Map<RowKey, Row> fetch(Collection<RowKey> keys) {
        assertThat(held).as("locked while reading what to merge with").isTrue();
        return storage.fetch(keys);
      }

      @Override
      public void forEachKey(Table table, Consumer<RowKey> consumer) {
        throw new AssertionError("a shared store's keys are not all read at start");
      }
    };
    try (IngestPipeline pipeline = IngestPipeline.open(shared, UsageInference.open(dir), DerivedRows.NONE, locks,
        dir, format -> decoder, FAST, new SimpleMeterRegistry())) {
      // Another server stores the span's start after this one opened.
      byte[] other = ("{\"batch\":[" + span("\"name\":\"llm\",\"startTime\":1795341600000000") + "]}")
          .getBytes(StandardCharsets.UTF_8);
      storage.write(new WriteBatch(decoder.decode(other, "p1", 1L).rows().stream().map(Merger::withDefaults).toList(),
          Set.of(), storage.appliedPosition()));

      byte[] body = ("{\"batch\":[" + span("\"endTime\":1795341601000000") + "]}").getBytes(StandardCharsets.UTF_8);
      CompletableFuture<Void> ack = pipeline.submit("p1", 1L, Format.NATIVE, body, false,
          decoder.decode(body, "p1", 1L).rows());
      Thread.sleep(300);
      assertThat(ack).as("logged but not yet stored").isNotDone();
      writes.release(Integer.MAX_VALUE / 2);
      ack.get(10, TimeUnit.SECONDS);
      Row s = stored(Table.SPANS, "p1", TRACE, SPAN);
      assertThat(s.string(Schema.NAME)).as("the other server's field").isEqualTo("llm");
      assertThat(s.longValue(Schema.END_TIME)).isEqualTo(1795341601000000L);
      assertThat(locked).contains(Set.of("p1/" + TRACE));
      assertThat(held).isFalse();
    }
  }

  /**
   * The loader lingers for a larger batch only while the queue has room: a request that fills half
   * of the pending-row bound is stored at once, not after the linger (here a second), during which
   * clients would wait for room.
   */
  @Test
  void aFullQueueIsStoredWithoutLingering() throws Exception {
    PipelineSettings lingering = new PipelineSettings(4, 50_000, Duration.ofSeconds(1), 1 << 20);
    try (IngestPipeline pipeline = IngestPipeline.open(storage, UsageInference.open(dir), DerivedRows.NONE, dir,
        format -> decoder, lingering, new SimpleMeterRegistry())) {
      long start = System.nanoTime();
      send(pipeline, span("\"name\":\"a\""), span("\"name\":\"b\"").replace(SPAN, "00f067aa0ba902b8"));
      while (stored(Table.SPANS, "p1", TRACE, SPAN) == null && System.nanoTime() - start < 5_000_000_000L) {
        Thread.sleep(5);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700));
    }
  }

  /**
   * The scores an evaluator derives from a span stored for the first time are not looked for in
   * storage (nothing stored can have their ids); those of a span stored before are, and replace
   * the stored ones.
   */
  @Test
  void derivedScoresOfNewSpansAreNotLookedUp() throws Exception {
    List<RowKey> fetched = new java.util.concurrent.CopyOnWriteArrayList<>();
    StorageWriter shared = new ForwardingStorageWriter(storage) {
      @Override
      public boolean sharedByServers() {
        return true; // every key of a batch is looked up, none filtered out first
      }

      @Override
      public Map<RowKey, Row> fetch(Collection<RowKey> keys) {
        fetched.addAll(keys);
        return storage.fetch(keys);
      }

      @Override
      public void forEachKey(Table table, Consumer<RowKey> consumer) {
        throw new AssertionError("not read for a shared store");
      }
    };
    DerivedRows evaluator = (rows, before) -> DerivedRows.Derived.rows(rows.stream().filter(r -> r.table() == Table.SPANS)
        .map(r -> Row.builder(Table.SCORES).set(Schema.PROJECT_ID, r.get(Schema.PROJECT_ID))
            .set(Schema.SCORE_ID, "judged-" + r.string(Schema.SPAN_ID)).set(Schema.TRACE_ID, r.get(Schema.TRACE_ID))
            .set(Schema.SPAN_ID, r.get(Schema.SPAN_ID)).set(Schema.NAME, "length").set(Schema.SOURCE, "evaluator")
            .set(Schema.VALUE, (double) r.string(Schema.NAME).length()).set(Schema.TIME, 1L).build())
        .toList());
    RowKey score = new RowKey(Table.SCORES, List.of("p1", "judged-" + SPAN));
    try (IngestPipeline pipeline = IngestPipeline.open(shared, UsageInference.open(dir), evaluator,
        names -> () -> { }, dir, format -> decoder, FAST, new SimpleMeterRegistry())) {
      send(pipeline, span("\"name\":\"llm\""));
      assertThat(fetched).as("the span's and trace's keys only").isNotEmpty().doesNotContain(score);
      assertThat(stored(Table.SCORES, "p1", "judged-" + SPAN).doubleValue(Schema.VALUE)).isEqualTo(3.0);

      send(pipeline, span("\"name\":\"llm-call\""));
      assertThat(fetched).as("a span stored before: its score may be stored too").contains(score);
      assertThat(stored(Table.SCORES, "p1", "judged-" + SPAN).doubleValue(Schema.VALUE)).isEqualTo(8.0);
    }
  }

  /**
   * A store that packs verdicts gets those on spans it stores for the first time as verdicts, and
   * every other verdict (a replaced span's; one in a batch that has score rows of its own) as the
   * score rows they stand for.
   */
  @Test
  void verdictsOfNewSpansGoToAStoreThatPacksThem() throws Exception {
    List<WriteBatch> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
    StorageWriter packing = new ForwardingStorageWriter(storage) {
      @Override
      public boolean packsVerdicts() {
        return true;
      }

      @Override
      public void write(WriteBatch batch) {
        batches.add(batch);
        List<Row> rows = new java.util.ArrayList<>(batch.rows());
        rows.addAll(SpanVerdicts.scoreRows(batch.verdicts()));
        storage.write(new WriteBatch(rows, batch.replaced(), batch.deletions(), batch.position()));
      }
    };
    DerivedRows judge = (rows, before) -> new DerivedRows.Derived(List.of(), rows.stream()
        .filter(r -> r.table() == Table.SPANS)
        .map(r -> new SpanVerdicts(r, List.of(new EvaluatorVerdict("length", 1,
            (double) r.string(Schema.NAME).length(), null, null, EvaluatorScores.METADATA_PREFIX + "1,\"kind\":\"length\"}"))))
        .toList());
    String otherSpan = "00f067aa0ba902b8";
    try (IngestPipeline pipeline = IngestPipeline.open(packing, UsageInference.open(dir), judge, dir,
        format -> decoder, FAST, new SimpleMeterRegistry())) {
      send(pipeline, span("\"name\":\"llm\",\"startTime\":1700000000000000"));
      WriteBatch first = nth(batches, 1);
      assertThat(first.verdicts()).extracting(v -> v.span().string(Schema.SPAN_ID)).containsExactly(SPAN);
      assertThat(first.rows()).noneMatch(r -> r.table() == Table.SCORES);

      send(pipeline, span("\"name\":\"llm-call\""));
      WriteBatch replacing = nth(batches, 2);
      assertThat(replacing.verdicts()).as("the span is stored already").isEmpty();
      assertThat(replacing.rows()).filteredOn(r -> r.table() == Table.SCORES).singleElement()
          .satisfies(score -> assertThat(score.doubleValue(Schema.VALUE)).isEqualTo(8.0))
          .isEqualTo(EvaluatorScores.row(stored(Table.SPANS, "p1", TRACE, SPAN), new EvaluatorVerdict("length", 1, 8.0,
              null, null, EvaluatorScores.METADATA_PREFIX + "1,\"kind\":\"length\"}")));

      send(pipeline, span("\"name\":\"tool\",\"startTime\":1700000000000000").replace(SPAN, otherSpan),
          "{\"type\":\"score\",\"body\":{\"scoreId\":\"thumbs-1\",\"traceId\":\"" + TRACE + "\",\"name\":\"thumbs\","
              + "\"value\":1}}");
      WriteBatch withScores = nth(batches, 3);
      assertThat(withScores.verdicts()).as("the batch has a score row of its own").isEmpty();
      assertThat(withScores.rows()).filteredOn(r -> r.table() == Table.SCORES)
          .extracting(r -> r.string(Schema.NAME)).containsExactlyInAnyOrder("thumbs", "length");
    }
  }

  /** The nth batch written (from 1), once it is: a local store's writes follow the acknowledgement. */
  private static WriteBatch nth(List<WriteBatch> batches, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (batches.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertThat(batches).hasSize(n);
    return batches.get(n - 1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
