package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The server's packages by role, checked on the sources: a package imports only packages of a
 * lower layer (so nothing depends on the wiring, and the roles of one layer stay apart), and no
 * package of the build is split across modules.
 */
class LayeringTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final String ROOT = "dev.sightline.server";
  /** Lowest first; a package may import those of lower layers only. */
  private static final Map<String, Integer> LAYERS = Map.ofEntries(
      Map.entry(ROOT + ".state", -1),
      Map.entry(ROOT + ".auth", 0),
      Map.entry(ROOT + ".http", 1),
      Map.entry(ROOT + ".otlp", 2),
      Map.entry(ROOT + ".langfuse", 2),
      Map.entry(ROOT + ".governance", 2),
      Map.entry(ROOT + ".usage", 2),
      Map.entry(ROOT + ".scoring", 2),
      Map.entry(ROOT + ".collector", 3),
      Map.entry(ROOT + ".transport", 4),
      Map.entry(ROOT + ".query", 4),
      Map.entry(ROOT + ".retention", 4),
      Map.entry(ROOT + ".backup", 4),
      Map.entry(ROOT + ".evaluation", 5),
      Map.entry(ROOT + ".analysis", 5),
      Map.entry(ROOT + ".prompts", 5),
      Map.entry(ROOT + ".datasets", 6),
      Map.entry(ROOT, 7),
      Map.entry(ROOT + ".cli", 8));
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.sightline\\.server[\\w.]*)\\.[A-Z]",
      Pattern.MULTILINE);

  @Test
  void packagesImportOnlyLowerLayers() {
    List<String> violations = new ArrayList<>();
    for (Path file : sources(MAIN)) {
      String source = read(file);
      String pkg = packageOf(source);
      assertThat(LAYERS).as("layer of %s (%s)", pkg, file).containsKey(pkg);
      Matcher m = IMPORT.matcher(source);
      while (m.find()) {
        String imported = m.group(1);
        if (!imported.equals(pkg) && LAYERS.getOrDefault(imported, Integer.MAX_VALUE) >= LAYERS.get(pkg)) {
          violations.add(file.getFileName() + " (" + pkg + ") imports " + imported);
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void noPackageIsSplitAcrossModules() throws IOException {
    Map<String, TreeSet<String>> modulesByPackage = new TreeMap<>();
    try (Stream<Path> modules = Files.list(Path.of(".."))) {
      for (Path module : modules.filter(m -> Files.isDirectory(m.resolve(MAIN))).toList()) {
        for (Path file : sources(module.resolve(MAIN))) {
          modulesByPackage.computeIfAbsent(packageOf(read(file)), p -> new TreeSet<>())
              .add(module.getFileName().toString());
        }
      }
    }
    assertThat(modulesByPackage).containsKeys(ROOT, "dev.sightline.core.storage", "dev.sightline");
    modulesByPackage.forEach((pkg, modules) -> assertThat(modules).as(pkg).hasSize(1));
  }

  private static List<Path> sources(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String packageOf(String source) {
    Matcher m = PACKAGE.matcher(source);
    return m.find() ? m.group(1) : "";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
