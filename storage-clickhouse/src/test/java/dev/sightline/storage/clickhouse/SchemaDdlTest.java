package dev.sightline.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated DDL of each variant, the version switch on both sides, and the options' checks. */
class SchemaDdlTest {

  @Test
  void aSingleNodeHasPlainReplacingTablesPartitionedByDay() {
    List<String> ddl = new SchemaDdl("sl", "", false, false).statements();
    assertThat(ddl.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS sl");
    assertThat(ddl).hasSize(1 + 6);
    assertThat(ddl.get(2)).startsWith("CREATE TABLE IF NOT EXISTS sl.spans (project_id String, trace_id String, span_id String, ")
        .contains("words Array(String)", "attr_keys Array(String)", "start_us Nullable(Int64)")
        .endsWith(") ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMMDD(toDateTime(intDiv(part_us, 1000000)))"
            + " ORDER BY (project_id, trace_id, span_id) SETTINGS index_granularity = 1024")
        .doesNotContain("INDEX", "DateTime64", "Map(", "JSON");
    assertThat(ddl.get(4)).isEqualTo("CREATE TABLE IF NOT EXISTS sl.postings (project_id String, word String, day UInt16,"
        + " traces Array(UInt32), n UInt32) ENGINE = MergeTree() PARTITION BY day ORDER BY (project_id, word, day)");
    assertThat(new SchemaDdl("sl", "", false, false).table("traces")).isEqualTo("sl.traces");
    assertThat(new SchemaDdl("sl", "", false, false).local("traces")).isEqualTo("sl.traces");
  }

  @Test
  void aClusterHasLocalTablesOnClusterAndDistributedOnesShardedByTrace() {
    SchemaDdl cluster = new SchemaDdl("sl", "c2", false, false);
    List<String> ddl = cluster.statements();
    assertThat(ddl.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS sl ON CLUSTER c2");
    assertThat(ddl).hasSize(1 + 2 * 6);
    assertThat(ddl.get(1)).startsWith("CREATE TABLE IF NOT EXISTS sl.traces_local ON CLUSTER c2 (")
        .contains("ENGINE = ReplacingMergeTree(version) PARTITION BY");
    assertThat(ddl.get(2)).isEqualTo("CREATE TABLE IF NOT EXISTS sl.traces ON CLUSTER c2 AS sl.traces_local"
        + " ENGINE = Distributed(c2, sl, traces_local, cityHash64(trace_id))");
    assertThat(ddl.get(6)).endsWith("ENGINE = Distributed(c2, sl, scores_local, cityHash64(score_id))");
    assertThat(cluster.table("spans")).isEqualTo("sl.spans");
    assertThat(cluster.local("spans")).isEqualTo("sl.spans_local");
    assertThat(cluster.onCluster()).isEqualTo(" ON CLUSTER c2");
  }

  @Test
  void aReplicatedClusterUsesReplicatedTablesUnderTheShardAndReplicaMacros() {
    List<String> ddl = new SchemaDdl("sl", "c2", true, false).statements();
    assertThat(ddl.get(3)).startsWith("CREATE TABLE IF NOT EXISTS sl.spans_local ON CLUSTER c2 (")
        .contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/sl/spans', '{replica}', version)");
    assertThat(ddl.get(7)).startsWith("CREATE TABLE IF NOT EXISTS sl.postings_local ON CLUSTER c2 (")
        .contains("ReplicatedMergeTree('/clickhouse/tables/{shard}/sl/postings', '{replica}')");
    assertThat(ddl.get(9)).contains("ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/sl/log_position', '{replica}', version)");
  }

  @Test
  void onlyServersWithSkipIndexesGetTheWordsIndex() {
    ServerVersion old = ServerVersion.parse("18.16.1");
    ServerVersion current = ServerVersion.parse("24.3.2.23");
    assertThat(old.skipIndexes()).isFalse();
    assertThat(ServerVersion.parse("20.2.1").skipIndexes()).isFalse();
    assertThat(ServerVersion.parse("20.3.1").skipIndexes()).isTrue();
    assertThat(current.skipIndexes()).isTrue();
    assertThat(new SchemaDdl("sl", "", false, old.skipIndexes()).statements()).noneMatch(s -> s.contains("INDEX"));
    assertThat(new SchemaDdl("sl", "", false, current.skipIndexes()).statements().get(1))
        .contains(", INDEX words_idx words TYPE bloom_filter(0.01) GRANULARITY 4)");
    assertThatThrownBy(() -> ServerVersion.parse("abc")).hasMessageContaining("not a ClickHouse version");
  }

  @Test
  void optionsAreCheckedByName() {
    ClickHouseOptions defaults = ClickHouseOptions.parse(Map.of());
    assertThat(defaults.url().toString()).isEqualTo("http://127.0.0.1:8123/");
    assertThat(defaults.database()).isEqualTo("sightline");
    assertThat(defaults.user()).isEqualTo("default");
    assertThat(defaults.clustered()).isFalse();
    assertThat(defaults.node()).isEqualTo("default");
    assertThatThrownBy(() -> ClickHouseOptions.parse(Map.of("host", "x"))).hasMessageStartingWith("host: unknown");
    assertThatThrownBy(() -> ClickHouseOptions.parse(Map.of("database", "a-b"))).hasMessageStartingWith("database:");
    assertThatThrownBy(() -> ClickHouseOptions.parse(Map.of("replicated", "yes"))).hasMessageStartingWith("replicated:");
    assertThatThrownBy(() -> ClickHouseOptions.parse(Map.of("replicated", "true"))).hasMessage("replicated: needs cluster");
    assertThatThrownBy(() -> ClickHouseOptions.parse(Map.of("url", "ftp://x"))).hasMessageStartingWith("url:");
    assertThat(ClickHouseOptions.parse(Map.of("cluster", "c2", "replicated", "true")).replicated()).isTrue();
    assertThat(defaults.queryTimeoutSeconds()).isEqualTo(60);
    assertThat(ClickHouseOptions.parse(Map.of("queryTimeout", "5")).queryTimeoutSeconds()).isEqualTo(5);
    assertThatThrownBy(() -> ClickHouseOptions.parse(Map.of("queryTimeout", "0"))).hasMessageStartingWith("queryTimeout:");
    assertThatThrownBy(() -> ClickHouseOptions.parse(Map.of("queryTimeout", "soon"))).hasMessageStartingWith("queryTimeout:");
  }

  @Test
  void anUnreachableServerIsNamed() {
    assertThatThrownBy(() -> new ClickHouseStorageProvider().open(null, Map.of("url", "http://127.0.0.1:1")))
        .hasMessageContaining("http://127.0.0.1:1/");
  }

  @Test
  void doublesTravelAsTheirBits() {
    assertThat(Sql.dbl(3)).isEqualTo("toFloat64(3)");
    assertThat(Sql.dbl(0.1)).isEqualTo("reinterpretAsFloat64(reinterpretAsString(toUInt64(4591870180066957722)))");
    assertThat(Sql.str("it's \\")).isEqualTo("'it\\'s \\\\'");
  }
}
