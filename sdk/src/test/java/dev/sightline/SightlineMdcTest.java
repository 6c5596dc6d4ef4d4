package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The MDC helper with SLF4J on the class path (the tests'), and without it (an isolated class loader). */
class SightlineMdcTest {

  @Test
  void putsTheCurrentIdsIntoSlf4jsMdcAndRestoresThePreviousOnes() {
    assertThat(SightlineMdc.isAvailable()).isTrue();
    Sightline sightline = Sightline.disabled();
    Trace trace = sightline.trace("mdc").start();
    Span span = trace.span("step").start();
    MDC.put(SightlineMdc.TRACE_ID, "from-before");
    try (Scope current = span.makeCurrent(); Scope mdc = SightlineMdc.put()) {
      assertThat(MDC.get(SightlineMdc.TRACE_ID)).isEqualTo(trace.traceId());
      assertThat(MDC.get(SightlineMdc.SPAN_ID)).isEqualTo(span.spanId());
      try (Scope onlyTrace = trace.makeCurrent(); Scope inner = SightlineMdc.put()) {
        assertThat(MDC.get(SightlineMdc.TRACE_ID)).isEqualTo(trace.traceId());
        assertThat(MDC.get(SightlineMdc.SPAN_ID)).as("no span is current").isNull();
      }
      assertThat(MDC.get(SightlineMdc.SPAN_ID)).isEqualTo(span.spanId());
    }
    assertThat(MDC.get(SightlineMdc.TRACE_ID)).isEqualTo("from-before");
    assertThat(MDC.get(SightlineMdc.SPAN_ID)).isNull();
    MDC.clear();
  }

  @Test
  void withoutSlf4jItDoesNothingAndNeverThrows() throws Exception {
    URL sdkClasses = Path.of("target/classes").toUri().toURL();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader isolated = new URLClassLoader(new URL[] {sdkClasses}, ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(isolated);
      Class<?> mdc = isolated.loadClass("dev.sightline.SightlineMdc");
      assertThat(isolated.loadClass("dev.sightline.Sightline")).isNotSameAs(Sightline.class);
      assertThat((Boolean) mdc.getMethod("isAvailable").invoke(null)).isFalse();
      Object scope = mdc.getMethod("put").invoke(null);
      Method close = isolated.loadClass("dev.sightline.Scope").getMethod("close");
      close.invoke(scope);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
