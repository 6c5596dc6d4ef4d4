/**
 * The ClickHouse storage backend ({@code --storage clickhouse}), written for ClickHouse 18.16
 * (Debian's package) and current servers alike: times as Int64 epoch microseconds, maps as
 * parallel key and value arrays, {@code ReplacingMergeTree} read with {@code FINAL}, tombstones for
 * deletions (see {@code docs/storage-clickhouse.md}).
 *
 * <p>It talks to ClickHouse over HTTP with the JDK's {@link java.net.http.HttpClient}, not the
 * official {@code com.clickhouse:client-v2}: client-v2 0.10.0 reads query answers in
 * {@code RowBinaryWithNamesAndTypes}, a format 18.16 does not have ("Unknown format"), so its
 * queries answered nothing there. Statements are POSTed, answers read as {@code JSONEachRow},
 * inserts sent as {@code RowBinary} (exact doubles, which 18.16's text parsing is not).
 */
package dev.sightline.storage.clickhouse;
