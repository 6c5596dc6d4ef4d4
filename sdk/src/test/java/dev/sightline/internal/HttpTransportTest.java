package dev.sightline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A failed delivery says where it went and why, in words a user can act on. */
class HttpTransportTest {
  private static final URI INGEST = URI.create("http://127.0.0.1:7699/api/ingest");

  @Test
  void aRefusedConnectionNamesHostAndPort() {
    assertThat(HttpTransport.unreachable(INGEST, new ConnectException()))
        .isEqualTo("cannot reach 127.0.0.1:7699 (http://127.0.0.1:7699/api/ingest): connection refused");
    assertThat(HttpTransport.unreachable(INGEST, new IOException("reset")))
        .endsWith(": IOException: reset");
  }

  @Test
  void aWrongKeyIsToldAsSuchAndNamesTheEndpoint() {
    Outcome o = HttpTransport.interpret(401, "{\"error\":{\"status\":401,\"message\":\"unknown API key\"}}", 3, null).from(INGEST);
    assertThat(o.kind()).isEqualTo(Outcome.Kind.REJECTED);
    assertThat(o.rejected()).isEqualTo(3);
    assertThat(o.message()).isEqualTo("HTTP 401: unknown API key (check the API key, SIGHTLINE_API_KEY)"
        + " from http://127.0.0.1:7699/api/ingest");
  }
}
