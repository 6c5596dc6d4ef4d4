package dev.sightline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.auth.Role;
import dev.sightline.server.state.Postgres;
import dev.sightline.server.state.PostgresServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI as a user types it: help everywhere, one way to show a key, a project deleted on purpose. */
class MainTest {
  private static final Pattern KEY_LINE =
      Pattern.compile("API key for project '([^']+)' \\(shown only now, store it\\): (sl_[0-9a-f]{48})");

  @TempDir Path dir;

  @Test
  void everyCommandHasHelpAndHelpListsThemAll() {
    for (String[] args : new String[][] {{"--help"}, {"help"}, {"serve", "--help"}, {"project", "--help"},
        {"project", "create", "--help"}, {"project", "list", "--help"}, {"project", "delete", "--help"},
        {"key", "--help"}, {"key", "create", "--help"}, {"key", "list", "--help"}, {"key", "revoke", "--help"},
        {"backup", "--help"}, {"restore", "--help"},
        {"help", "project"}}) {
      Run run = run(args);
      assertThat(run.status).as(String.join(" ", args)).isZero();
      assertThat(run.out).as(String.join(" ", args)).contains("Usage:");
    }
    assertThat(run("help").out).contains("serve", "project", "key", "backup", "restore", "help", "./sightline test");
    assertThat(run("project").out).contains("create", "list", "delete");
  }

  @Test
  void keysPrintTheSameWayEverywhere() throws Exception {
    Run created = run("project", "create", "shop", "--data", dir.toString());
    Run key = run("key", "create", "shop", "--data", dir.toString());
    for (Run r : new Run[] {created, key}) {
      Matcher m = KEY_LINE.matcher(r.out);
      assertThat(m.find()).as(r.out).isTrue();
      assertThat(m.group(1)).isEqualTo("shop");
      assertThat(KeyStore.open(dir).projectOf(m.group(2))).contains("shop");
    }
  }

  @Test
  void projectsAndKeysGoToTheSharedDatabaseWithStatePostgres() throws Exception {
    String url = PostgresServer.get().newDatabase();
    String[] shared = {"--state", "postgres", "--postgres-url", url, "--postgres-user", PostgresServer.user()};
    Matcher m = KEY_LINE.matcher(run(concat(new String[] {"project", "create", "shop"}, shared)).out);
    assertThat(m.find()).isTrue();
    assertThat(run(concat(new String[] {"project", "list"}, shared)).out).contains("default", "shop");
    Matcher second = KEY_LINE.matcher(run(concat(new String[] {"key", "create", "shop", "--read-only"}, shared)).out);
    assertThat(second.find()).isTrue();
    Run listed = run(concat(new String[] {"key", "list", "shop"}, shared));
    assertThat(listed.out).contains(KeyStore.idOf(m.group(2)), KeyStore.idOf(second.group(2)));
    assertThat(dir.resolve("auth.json")).doesNotExist();
    try (Postgres db = Postgres.connect(url, PostgresServer.user(), null)) {
      assertThat(KeyStore.open(db).projectOf(second.group(2))).contains("shop");
      assertThat(AuditLog.postgres(db).entries("shop", 10)).extracting(AuditLog.Entry::action)
          .containsExactly("key.create");
    }
    assertThat(run("key", "list", "shop", "--state", "postgres").err).contains("--postgres-url: required");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void deletingAProjectAsksFirstAndRevokesItsKeys() throws Exception {
    Matcher m = KEY_LINE.matcher(run("project", "create", "shop", "--data", dir.toString()).out);
    assertThat(m.find()).isTrue();
    String key = m.group(2);

    Run declined = run(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)),
        "project", "delete", "shop", "--data", dir.toString());
    assertThat(declined.status).isEqualTo(1);
    assertThat(declined.out).contains("[y/N]", "Not deleted.");
    assertThat(KeyStore.open(dir).projectOf(key)).contains("shop");

    Run deleted = run("project", "delete", "shop", "--yes", "--data", dir.toString());
    assertThat(deleted.status).isZero();
    assertThat(deleted.out).contains("Deleted project 'shop'; revoked 1 API key.");
    assertThat(KeyStore.open(dir).projectOf(key)).isEmpty();
    assertThat(KeyStore.open(dir).projects()).noneMatch(p -> p.id().equals("shop"));

    Run again = run("project", "delete", "shop", "--yes", "--data", dir.toString());
    assertThat(again.status).isEqualTo(2);
    assertThat(again.err.strip()).isEqualTo("sightline: project: 'shop' does not exist");
    assertThat(run("project", "delete", "default", "--yes", "--data", dir.toString()).err)
        .contains("'default' cannot be deleted");
  }

  @Test
  void keysAreListedWithRoleAndNameAndRevokedById() throws Exception {
    run("project", "create", "shop", "--data", dir.toString());
    Matcher m = KEY_LINE.matcher(run("key", "create", "shop", "--read-only", "--name", "grafana",
        "--requests-per-second", "20", "--data", dir.toString()).out);
    assertThat(m.find()).isTrue();
    String key = m.group(2);
    String id = KeyStore.idOf(key);
    assertThat(KeyStore.open(dir).access(key).orElseThrow().role()).isEqualTo(Role.READ);

    Run listed = run("key", "list", "shop", "--data", dir.toString());
    assertThat(listed.out).doesNotContain(key)
        .containsPattern("(?m)^" + id + " +read +\\S+Z +\\S+Z +20 req/s +grafana$");
    assertThat(listed.out.lines()).as("header, the first key, the read-only one").hasSize(3);
    assertThat(run("key", "create", "shop", "--read-only", "--admin", "--data", dir.toString()).status)
        .as("one role only").isEqualTo(2);

    Run declined = run(new ByteArrayInputStream("no\n".getBytes(StandardCharsets.UTF_8)),
        "key", "revoke", "shop", id, "--data", dir.toString());
    assertThat(declined.out).contains("Not revoked.");
    assertThat(run("key", "revoke", "shop", id, "--yes", "--data", dir.toString()).out)
        .contains("Revoked key " + id + " (grafana) of project 'shop'.");
    assertThat(KeyStore.open(dir).access(key)).isEmpty();
    assertThat(run("key", "revoke", "shop", id, "--yes", "--data", dir.toString()).err)
        .contains("project 'shop' has no key " + id);
  }

  /** What a command printed and returned. */
  record Run(int status, String out, String err) {}

  /** Runs the command line with no input. */
  static Run run(String... args) {
    return run(new ByteArrayInputStream(new byte[0]), args);
  }

  private static Run run(InputStream in, String... args) {
    InputStream stdin = System.in;
    System.setIn(in);
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      int status = cli.execute(args);
      return new Run(status, out.toString(), err.toString());
    } finally {
      System.setIn(stdin);
    }
  }
}
