package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code ./sightline} launcher at the repository root runs the built jar. */
class LauncherIT {
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void helpListsTheCommands() throws IOException, InterruptedException {
    Path launcher = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().resolve("sightline");
    assertThat(launcher).isExecutable();
    Process p = new ProcessBuilder(launcher.toString(), "--help").redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(4, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("Usage: sightline").contains("serve").contains("project").contains("key");
    assertThat(Files.isRegularFile(Path.of(System.getProperty("sightline.jar")))).isTrue();
  }
}
