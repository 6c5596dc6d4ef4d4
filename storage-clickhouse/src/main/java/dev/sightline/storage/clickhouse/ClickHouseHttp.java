package dev.sightline.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.storage.QueryTimeoutException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * ClickHouse's HTTP interface through the JDK's {@link HttpClient}: a statement is POSTed, answers
 * are read as {@code JSONEachRow} lines, inserts send {@code RowBinary} bodies ({@link RowBinary}).
 * Settings that every statement needs ({@code max_query_size} and {@code max_ast_elements} for long key lists,
 * {@code max_execution_time} for the query timeout, {@code insert_distributed_sync} on a cluster)
 * travel as URL parameters; tables are always named with their database. A query that ClickHouse
 * stops at its time limit, or that has not begun to answer 30 s after it, is a
 * {@link QueryTimeoutException}. Thread-safe; {@link #close()} drops the client, whose connections and
 * selector thread then go (the JDK's client has no close before Java 21).
 */
final class ClickHouseHttp implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  /** How ClickHouse begins the message of a query it stopped at {@code max_execution_time}. */
  private static final String TIMEOUT_EXCEEDED = "Code: 159";
  private volatile HttpClient client;
  private final URI base;
  private final String user;
  private final String password;
  private final Duration timeout;

  ClickHouseHttp(ClickHouseOptions o, String settings) {
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.timeout = Duration.ofSeconds(o.queryTimeoutSeconds() + 30L);
    this.base = o.url().resolve("?" + settings);
    this.user = o.user();
    this.password = o.password();
  }

  /** Runs a statement that answers nothing (DDL, ALTER). */
  void execute(String sql) {
    try (InputStream in = post(sql, null)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a query and answers its rows; {@code FORMAT JSONEachRow} is appended. */
  List<JsonNode> query(String sql) {
    List<JsonNode> rows = new ArrayList<>();
    stream(sql, rows::add);
    return rows;
  }

  /** Runs a query and hands each row to the consumer as it arrives, holding none. */
  void stream(String sql, Consumer<JsonNode> rows) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(post(sql + " FORMAT JSONEachRow", null), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isEmpty()) {
          rows.accept(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Inserts rows encoded as {@code RowBinary} of these columns, in one request. */
  void insert(String table, List<String> columns, RowBinary rows) {
    if (rows.isEmpty()) {
      return;
    }
    String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") FORMAT RowBinary";
    try (InputStream in = post(sql, rows.bytes())) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * POSTs a statement (in the URL's {@code query} parameter when there is a body, else as the body)
   * and answers the response body; an HTTP error is an exception with ClickHouse's message.
   */
  private InputStream post(String sql, byte[] body) throws IOException {
    HttpClient client = this.client;
    if (client == null) {
      throw new IllegalStateException("storage is closed");
    }
    URI uri = body == null ? base
        : URI.create(base + "&query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(uri)
        .header("X-ClickHouse-User", user)
        .header("X-ClickHouse-Key", password)
        .timeout(timeout)
        .POST(body == null ? HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)
            : HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpResponse<InputStream> response;
    for (int attempt = 1; ; attempt++) {
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while talking to ClickHouse at " + base.resolve("/"), e);
      } catch (HttpTimeoutException e) {
        throw new QueryTimeoutException("ClickHouse at " + base.resolve("/") + " did not answer within "
            + timeout.toSeconds() + " s");
      } catch (IOException e) {
        // ClickHouse closes idle keep-alive connections after a few seconds, which the client may
        // find only when it reuses one: try once more, on a new connection. Every statement sent
        // here may run twice (DDL IF NOT EXISTS, inserts of versioned rows, tombstones, mutations).
        if (attempt == 2) {
          throw new IOException("ClickHouse at " + base.resolve("/") + " is unreachable: " + e, e);
        }
      }
    }
    if (response.statusCode() != 200) {
      String message;
      try (InputStream in = response.body()) {
        message = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (message.startsWith(TIMEOUT_EXCEEDED)) {
        throw new QueryTimeoutException("the query ran past the ClickHouse query timeout (queryTimeout, "
            + (timeout.toSeconds() - 30) + " s) and was stopped: " + message);
      }
      throw new ClickHouseException(response.statusCode(), message, sql);
    }
    return response.body();
  }

  /** Why ClickHouse does not answer its {@code /ping} within a second, or null if it does. */
  String ping() {
    HttpClient client = this.client;
    if (client == null) {
      return "storage is closed";
    }
    URI ping = base.resolve("/ping");
    try {
      HttpResponse<Void> r = client.send(HttpRequest.newBuilder(ping).timeout(Duration.ofSeconds(1)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200 ? null : "ClickHouse at " + base.resolve("/") + " answered " + r.statusCode();
    } catch (IOException e) {
      return "ClickHouse at " + base.resolve("/") + " does not answer: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while pinging ClickHouse";
    }
  }

  /** @throws IllegalStateException after {@link #close()} */
  void checkOpen() {
    if (client == null) {
      throw new IllegalStateException("storage is closed");
    }
  }

  @Override
  public void close() {
    client = null;
  }
}
