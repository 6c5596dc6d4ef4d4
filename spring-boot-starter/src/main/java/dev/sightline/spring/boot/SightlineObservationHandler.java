package dev.sightline.spring.boot;

import dev.sightline.Scope;
import dev.sightline.Sightline;
import dev.sightline.SightlineContext;
import dev.sightline.Span;
import dev.sightline.SpanBuilder;
import dev.sightline.SpanParent;
import dev.sightline.Trace;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Records Spring AI's observations as Sightline spans, directly (no OpenTelemetry): each supported
 * observation context becomes a span when it starts and is ended, with what its response holds,
 * when it stops. A span's parent is the span of the nearest enclosing observation recorded here,
 * else the application's current Sightline span or trace; an observation with neither starts a
 * trace of its own (feature from {@code sightline.spring-ai.feature}, named like the observation),
 * ended with it. While an observation's scope is open its span is current, so spans the
 * application starts through {@link SightlineContext#current()} nest inside it.
 *
 * <p>Prompts, completions and other content are recorded only when {@code captureContent} is on.
 * Nothing is done when the client is disabled. Never throws into the observed call: a failure here
 * is logged and the call goes on. Thread-safe.
 */
public final class SightlineObservationHandler implements ObservationHandler<Observation.Context> {
  private static final Log log = LogFactory.getLog(SightlineObservationHandler.class);

  private final Sightline sightline;
  private final String feature;
  private final boolean captureContent;
  private final List<ObservationMapper<?>> mappers;
  /** The scopes this thread opened, innermost first: Micrometer opens and closes a scope on one thread. */
  private final ThreadLocal<Deque<Scope>> scopes = ThreadLocal.withInitial(ArrayDeque::new);

  SightlineObservationHandler(Sightline sightline, String feature, boolean captureContent,
      List<ObservationMapper<?>> mappers) {
    this.sightline = sightline;
    this.feature = feature;
    this.captureContent = captureContent;
    this.mappers = List.copyOf(mappers);
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return sightline.isEnabled() && mapper(context) != null;
  }

  @Override
  public void onStart(Observation.Context context) {
    try {
      context.put(Recording.class, start(mapper(context), context));
    } catch (RuntimeException e) {
      log.warn("Sightline: could not record the start of " + context.getName(), e);
    }
  }

  @Override
  public void onError(Observation.Context context) {
    Recording<?> recording = context.get(Recording.class);
    if (recording != null && context.getError() != null) {
      recording.span.fail(context.getError());
    }
  }

  @Override
  public void onScopeOpened(Observation.Context context) {
    Recording<?> recording = context.get(Recording.class);
    if (recording != null) {
      scopes.get().push(recording.span.makeCurrent());
    }
  }

  @Override
  public void onScopeClosed(Observation.Context context) {
    Scope scope = context.get(Recording.class) == null ? null : scopes.get().poll();
    if (scope != null) {
      scope.close();
    }
  }

  @Override
  public void onStop(Observation.Context context) {
    Recording<?> recording = context.get(Recording.class);
    if (recording == null) {
      return;
    }
    try {
      recording.stop(captureContent);
    } catch (RuntimeException e) {
      recording.span.end();
      log.warn("Sightline: could not record the end of " + context.getName(), e);
    }
  }

  private ObservationMapper<?> mapper(Observation.Context context) {
    for (ObservationMapper<?> mapper : mappers) {
      if (mapper.supports(context)) {
        return mapper;
      }
    }
    return null;
  }

  private <C extends Observation.Context> Recording<C> start(ObservationMapper<C> mapper, Observation.Context raw) {
    C context = mapper.cast(raw);
    String name = mapper.name(context);
    SpanParent parent = parent(raw);
    Trace trace = null;
    if (parent == null) {
      trace = sightline.trace(feature).name(name).start();
      parent = trace;
    }
    SpanBuilder<?, ? extends Span> builder = mapper.open(parent, name, context);
    Object input = captureContent ? mapper.input(context) : null;
    if (input != null) {
      builder.input(input);
      if (trace != null) {
        trace.setInput(input);
      }
    }
    return new Recording<>(mapper, context, builder.start(), trace);
  }

  /** The span of the nearest enclosing recorded observation, else the current span or trace, else null. */
  private static SpanParent parent(Observation.Context context) {
    for (ObservationView up = context.getParentObservation(); up != null;
        up = up.getContextView().getParentObservation()) {
      Recording<?> recording = up.getContextView().get(Recording.class);
      if (recording != null) {
        return recording.span;
      }
    }
    if (SightlineContext.currentSpan().isPresent()) {
      return SightlineContext.currentSpan().get();
    }
    return SightlineContext.currentTrace().orElse(null);
  }

  /** The span of one observation, and the trace started for it if it had no parent. */
  private static final class Recording<C extends Observation.Context> {
    final ObservationMapper<C> mapper;
    final C context;
    final Span span;
    final Trace trace;

    Recording(ObservationMapper<C> mapper, C context, Span span, Trace trace) {
      this.mapper = mapper;
      this.context = context;
      this.span = span;
      this.trace = trace;
    }

    void stop(boolean captureContent) {
      mapper.complete(span, context);
      Object output = captureContent ? mapper.output(context) : null;
      if (output != null) {
        span.setOutput(output);
      }
      span.end();
      if (trace != null) {
        if (output != null) {
          trace.setOutput(output);
        }
        if (context.getError() != null) {
          trace.fail(context.getError());
        }
        trace.end();
      }
    }
  }
}
