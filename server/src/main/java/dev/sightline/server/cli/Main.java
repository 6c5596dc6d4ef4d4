package dev.sightline.server.cli;

import dev.sightline.server.auth.KeyStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code sightline} command: {@code serve}, {@code project create|list|delete},
 * {@code key create}, {@code backup}, {@code restore}, {@code export}, {@code import}, {@code help}; {@code --help} on each.
 */
@Command(name = "sightline", mixinStandardHelpOptions = true, version = "Sightline 0.1.0",
    description = "Self-hosted tracing and analysis for LLM applications.",
    subcommands = {ServeCommand.class, Main.ProjectCommand.class, KeyCommand.class, BackupCommand.Create.class,
        BackupCommand.Restore.class, ExportCommand.class, ImportCommand.class, HelpCommand.class},
    footer = {"", "From a source checkout, ./sightline test runs every test (unit, storage contract,",
        "end-to-end, crash and browser tests)."})
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  /** Read by slf4j-simple as each logger is made: Armeria's start-up lines only with {@code serve --verbose}. */
  static final String ARMERIA_LOG_LEVEL = "org.slf4j.simpleLogger.log.com.linecorp.armeria";

  public static void main(String[] args) {
    // The client commands (export, import) start Armeria too; its start-up lines are noise there.
    System.setProperty(ARMERIA_LOG_LEVEL, "warn");
    System.exit(commandLine().execute(args));
  }

  /** The command line, with a bad argument reported in one line (exit status 2). */
  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (!(e instanceof IllegalArgumentException)) {
            throw e;
          }
          cmd.getErr().println("sightline: " + e.getMessage());
          return 2;
        });
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** How every command shows a new key: one line, the same everywhere. */
  static void printKey(PrintWriter out, String project, String key) {
    out.println("API key for project '" + project + "' (shown only now, store it): " + key);
  }

  /** Asks a yes/no question on the terminal; anything but y or yes is no. */
  static boolean confirm(PrintWriter out, String question) throws IOException {
    out.print(question + " [y/N] ");
    out.flush();
    String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return answer != null && answer.trim().toLowerCase(Locale.ROOT).matches("y|yes");
  }

  /** Where the data lives; shared by every subcommand. */
  static class DataOption {
    @Option(names = "--data", defaultValue = "${env:SIGHTLINE_DATA:-./sightline-data}",
        description = "Data directory (env SIGHTLINE_DATA, default ${DEFAULT-VALUE}).")
    Path data;
  }

  @Command(name = "project", mixinStandardHelpOptions = true, description = "Manage projects.",
      subcommands = {ProjectCommand.Create.class, ProjectCommand.ListProjects.class, ProjectCommand.Delete.class})
  static final class ProjectCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a project and print a first API key for it.")
    static final class Create implements Callable<Integer> {
      @Spec CommandSpec spec;
      @CommandLine.Mixin DataOption data;
      @CommandLine.Mixin StateOptions state;

      @Parameters(paramLabel = "NAME", description = "Project id: lower-case letters, digits, '-', '_'.")
      String name;

      @Override
      public Integer call() throws Exception {
        try (StateOptions.Opened opened = state.open(data.data)) {
          opened.keys().createProject(name);
          PrintWriter out = spec.commandLine().getOut();
          out.println("Created project '" + name + "'.");
          printKey(out, name, opened.keys().createKey(name));
        }
        return 0;
      }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List projects.")
    static final class ListProjects implements Callable<Integer> {
      @Spec CommandSpec spec;
      @CommandLine.Mixin DataOption data;
      @CommandLine.Mixin StateOptions state;

      @Override
      public Integer call() throws Exception {
        try (StateOptions.Opened opened = state.open(data.data)) {
          for (KeyStore.Project p : opened.keys().projects()) {
            spec.commandLine().getOut().println(p.id());
          }
        }
        return 0;
      }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete a project and revoke its API keys (a running server stops taking them",
            "within a second). Its stored traces stay: delete them first through the API,",
            "POST /api/traces/delete?from=0 with one of its keys."})
    static final class Delete implements Callable<Integer> {
      @Spec CommandSpec spec;
      @CommandLine.Mixin DataOption data;
      @CommandLine.Mixin StateOptions state;

      @Parameters(paramLabel = "NAME", description = "The project to delete.")
      String name;

      @Option(names = "--yes", description = "Do not ask for confirmation.")
      boolean yes;

      @Override
      public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!yes && !confirm(out, "Delete project '" + name + "' and revoke its API keys?")) {
          out.println("Not deleted.");
          return 1;
        }
        int revoked;
        try (StateOptions.Opened opened = state.open(data.data)) {
          revoked = opened.keys().deleteProject(name);
        }
        out.println("Deleted project '" + name + "'; revoked " + revoked + " API key" + (revoked == 1 ? "" : "s")
            + ". Its stored traces stay (POST /api/traces/delete?from=0 with one of its keys deletes them first).");
        return 0;
      }
    }
  }
}
