package dev.sightline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.ServerSettings;
import dev.sightline.server.SightlineServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A busy port or a data directory in use stops {@code serve} with one line naming it and the option,
 * before the store opens.
 */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void aBusyHttpPortIsOneLineNamingTheOption() throws Exception {
    try (ServerSocket busy = listening()) {
      Run run = serve("--port", Integer.toString(busy.getLocalPort()), "--otlp-grpc-port", "off");
      assertThat(run.status).isEqualTo(2);
      assertThat(run.err.strip()).isEqualTo("sightline: port " + busy.getLocalPort() + " on 127.0.0.1 is in use"
          + " (--port, SIGHTLINE_PORT): stop what listens there or choose another port");
    }
    assertThat(Files.exists(dir.resolve("wal"))).as("nothing opened").isFalse();
  }

  @Test
  void sharedStateWithoutADatabaseIsRefusedNamingTheOption() throws Exception {
    Run run = serve("--port", "0", "--otlp-grpc-port", "off", "--state", "postgres");
    assertThat(run.status).isEqualTo(2);
    assertThat(run.err.strip()).isEqualTo("sightline: --postgres-url: required with --state postgres, a JDBC url"
        + " like jdbc:postgresql://db:5432/sightline (env SIGHTLINE_POSTGRES_URL)");
    assertThat(serve("--port", "0", "--state", "shared").err).contains("--state: must be file or postgres");
    assertThat(Files.exists(dir.resolve("wal"))).as("nothing opened").isFalse();
  }

  @Test
  void aDatabaseThatDoesNotAnswerStopsTheStartNamingTheUrl() throws Exception {
    int closedPort;
    try (ServerSocket s = listening()) {
      closedPort = s.getLocalPort();
    }
    Run run = serve("--port", "0", "--otlp-grpc-port", "off", "--state", "postgres", "--postgres-url",
        "jdbc:postgresql://127.0.0.1:" + closedPort + "/sightline?connectTimeout=2");
    assertThat(run.status).isNotZero();
    assertThat(run.err).contains("PostgreSQL jdbc:postgresql://127.0.0.1:" + closedPort + "/sightline",
        "does not answer (--postgres-url)");
    assertThat(Files.exists(dir.resolve("wal"))).as("nothing opened").isFalse();
  }

  @Test
  void aBusyOtlpGrpcPortGivenExplicitlyIsOneLineNamingTheOption() throws Exception {
    try (ServerSocket busy = listening()) {
      Run run = serve("--port", "0", "--otlp-grpc-port", Integer.toString(busy.getLocalPort()));
      assertThat(run.status).isEqualTo(2);
      assertThat(run.err.strip()).startsWith("sightline: OTLP/gRPC port " + busy.getLocalPort())
          .contains("(--otlp-grpc-port, SIGHTLINE_OTLP_GRPC_PORT)").doesNotContain("\n");
    }
  }

  @Test
  void aDataDirectoryInUseIsOneLineNamingTheOption() throws Exception {
    ServerSettings settings = new ServerSettings("127.0.0.1", 0, dir, "memory", null, 1 << 20, null);
    try (SightlineServer running = SightlineServer.start(settings)) {
      Run run = serve("--port", "0", "--otlp-grpc-port", "off");
      assertThat(run.status).isEqualTo(2);
      assertThat(run.err.strip()).isEqualTo("sightline: data directory " + dir.toRealPath()
          + " is in use by another Sightline server (--data, SIGHTLINE_DATA):"
          + " stop that server, or choose another directory");
    }
    // The lock goes with the server that held it.
    SightlineServer.start(settings).close();
  }

  private static ServerSocket listening() throws Exception {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return socket;
  }

  private record Run(int status, String out, String err) {}

  private Run serve(String... options) {
    String[] args = new String[options.length + 5];
    args[0] = "serve";
    args[1] = "--data";
    args[2] = dir.toString();
    args[3] = "--storage";
    args[4] = "memory";
    System.arraycopy(options, 0, args, 5, options.length);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Run(cli.execute(args), out.toString(), err.toString());
  }
}
