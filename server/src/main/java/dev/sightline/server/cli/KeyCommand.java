package dev.sightline.server.cli;

import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.auth.Role;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sightline key list|create|revoke}: a project's API keys, also while a server runs; in the
 * data directory, or in the shared database with {@code --state postgres}.
 */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Manage API keys.",
    subcommands = {KeyCommand.ListKeys.class, KeyCommand.Create.class, KeyCommand.Revoke.class})
final class KeyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List a project's keys: id, role, creation, last use (to the minute), rate limits and name;"
          + " never the keys.")
  static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin Main.DataOption data;
    @CommandLine.Mixin StateOptions state;

    @Parameters(paramLabel = "PROJECT", description = "The project whose keys to list.")
    String project;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-12s  %-5s  %-20s  %-20s  %-22s  %s%n", "ID", "ROLE", "CREATED", "LAST USED", "LIMITS", "NAME");
      try (StateOptions.Opened opened = state.open(data.data)) {
        for (KeyStore.KeyInfo k : opened.keys().keys(project)) {
          out.printf("%-12s  %-5s  %-20s  %-20s  %-22s  %s%n", k.id(), k.role().wireName(), time(k.createdAt()),
              k.lastUsedAt() == null ? "never" : time(k.lastUsedAt()), limits(k.limits()),
              k.name() == null ? "" : k.name());
        }
      }
      return 0;
    }

    /** "50 req/s, 5000 items/s", or "none". */
    private static String limits(KeyStore.Limits l) {
      String requests = l.requestsPerSecond() == null ? null : l.requestsPerSecond() + " req/s";
      String items = l.spansPerSecond() == null ? null : l.spansPerSecond() + " items/s";
      return requests == null && items == null ? "none"
          : requests == null ? items : items == null ? requests : requests + ", " + items;
    }

    private static String time(long millis) {
      return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create an API key for a project and print it once.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin Main.DataOption data;
    @CommandLine.Mixin StateOptions state;

    @Parameters(paramLabel = "PROJECT", description = "The project the key belongs to.")
    String project;

    @Option(names = "--name", description = "What the key is for, shown in listings (up to 64 characters).")
    String name;

    @ArgGroup(exclusive = true)
    RoleOption role = new RoleOption();

    @Option(names = "--requests-per-second", description = "Most requests a second the key may make; beyond, 429.")
    Integer requestsPerSecond;

    @Option(names = "--spans-per-second", description = "Most items (spans, traces, scores) a second the key may"
        + " ingest; beyond, 429.")
    Integer spansPerSecond;

    /** At most one of the two; neither is a write key. */
    static final class RoleOption {
      @Option(names = "--read-only", description = "A key that can query but not ingest, change settings or delete.")
      boolean readOnly;

      @Option(names = "--admin", description = "A key that can also manage the project's keys through /api/keys.")
      boolean admin;

      Role role() {
        return readOnly ? Role.READ : admin ? Role.ADMIN : Role.WRITE;
      }
    }

    @Override
    public Integer call() throws Exception {
      try (StateOptions.Opened opened = state.open(data.data)) {
        String key = opened.keys().createKey(project, name, role.role(),
            new KeyStore.Limits(requestsPerSecond, spansPerSecond));
        opened.audit().record(project, "cli", "key.create", KeyStore.idOf(key),
            Map.of("role", role.role().wireName()));
        Main.printKey(spec.commandLine().getOut(), project, key);
      }
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a key by its id (see list); a running server refuses it within a second.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin Main.DataOption data;
    @CommandLine.Mixin StateOptions state;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "The project the key belongs to.")
    String project;

    @Parameters(index = "1", paramLabel = "ID", description = "The key's id, as 'key list' shows it.")
    String id;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (!yes && !Main.confirm(out, "Revoke key " + id + " of project '" + project + "'?")) {
        out.println("Not revoked.");
        return 1;
      }
      KeyStore.KeyInfo revoked;
      try (StateOptions.Opened opened = state.open(data.data)) {
        revoked = opened.keys().revokeKey(project, id);
        opened.audit().record(project, "cli", "key.revoke", revoked.id(), null);
      }
      out.println("Revoked key " + revoked.id() + (revoked.name() == null ? "" : " (" + revoked.name() + ")")
          + " of project '" + project + "'.");
      return 0;
    }
  }
}
