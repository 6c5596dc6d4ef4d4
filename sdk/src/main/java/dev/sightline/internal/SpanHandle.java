package dev.sightline.internal;

import dev.sightline.Feedback;
import dev.sightline.Generation;
import dev.sightline.Scope;
import dev.sightline.Span;
import dev.sightline.SpanType;
import dev.sightline.Status;
import dev.sightline.Update;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A started span as the application sees it: the {@link Span} methods and its children. Every
 * change takes the lock only to store what was prepared outside it (copies of the caller's maps,
 * an error's message), so the lock never runs the caller's code; changes after the end are
 * ignored.
 */
abstract class SpanHandle extends SpanLifecycle implements Span, Handle {

  SpanHandle(Recorder recorder, TraceImpl trace, SpanLifecycle parent, SpanType type, String name) {
    super(recorder, trace, parent, type, name);
  }

  @Override
  public String spanId() {
    return Ids.hex(spanId);
  }

  @Override
  public String traceId() {
    TraceImpl t = traceNow();
    return t == null ? TraceImpl.UNATTACHED_ID : t.traceId();
  }

  @Override
  public SpanType type() {
    return type;
  }

  @Override
  public Span setInput(Object input) {
    int s = lock();
    if ((s & ENDED) == 0) {
      this.input = input;
    }
    unlock(s);
    return this;
  }

  @Override
  public Span setOutput(Object output) {
    int s = lock();
    if ((s & ENDED) == 0) {
      this.output = output;
    }
    unlock(s);
    return this;
  }

  @Override
  public Span setMetadata(Map<String, ?> entries) {
    if (entries == null) {
      recorder.problems.ignored("setMetadata(null) ignored");
      return this;
    }
    Map<String, Object> copy = Maps.copy(entries, recorder.problems, "could not read metadata map");
    if (copy != null) {
      changeExtras(Annotations::mergeMetadata, copy);
    }
    return this;
  }

  @Override
  public Span setMetadata(String key, Object value) {
    if (key == null) {
      recorder.problems.ignored("metadata key null ignored");
      return this;
    }
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        x().putMetadata(key, value);
      }
    } finally {
      unlock(s);
    }
    return this;
  }

  @Override
  public Span setAttribute(String key, String value) {
    putAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, long value) {
    putAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, double value) {
    putAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, boolean value) {
    putAttribute(key, value);
    return this;
  }

  @Override
  public Span setTags(String... tags) {
    List<String> copy = Maps.tags(tags == null ? null : Arrays.asList(tags));
    if (copy != null) {
      changeExtras((e, t) -> e.tags = t, copy);
    }
    return this;
  }

  @Override
  public Span setStatus(Status status) {
    if (status != null) {
      int s = lock();
      if ((s & ENDED) == 0) {
        this.status = status;
      }
      unlock(s);
    }
    return this;
  }

  @Override
  public Span setStatus(Status status, String message) {
    if (status != null) {
      int s = lock();
      try {
        if ((s & ENDED) == 0) {
          this.status = status;
          x().statusMessage = message;
        }
      } finally {
        unlock(s);
      }
    }
    return this;
  }

  @Override
  public Span update(Update update) {
    Changes changes = Changes.of(update, recorder.problems);
    if (changes == null) {
      return this;
    }
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        if (changes.status() != null) {
          status = changes.status();
        }
        if (changes.annotates()) {
          x().merge(changes);
        }
        if (changes.attributes() != null) {
          s |= SHARED; // with the other changes: the owner writes to the extras from now on too
        }
      }
    } finally {
      unlock(s);
    }
    if (changes.name() != null) {
      recorder.problems.ignored("a span's name is fixed when it is created; update(name) ignored");
    }
    return this;
  }

  @Override
  public Span addEvaluator(String slug) {
    if (Annotations.isEvaluator(slug, recorder.problems)) {
      changeExtras(Annotations::addEvaluator, slug);
    }
    return this;
  }

  @Override
  public Span fail(Throwable error) {
    if (error != null) {
      String message = Errors.message(error); // may run the exception's own code: outside the lock
      int s = lock();
      try {
        if ((s & ENDED) == 0) {
          SpanExtras e = x();
          e.error = error;
          e.statusMessage = message;
          this.status = Status.FAILURE;
        }
      } finally {
        unlock(s);
      }
    }
    return this;
  }

  @Override
  public Scope makeCurrent() {
    return ContextStore.attach(this);
  }

  @Override
  public void end() {
    endAt(-1, false, null, Output.KEEP);
  }

  @Override
  public void end(Object output) {
    endAt(-1, false, output, Output.SET);
  }

  @Override
  public void endWithResult(Object result) {
    endAt(-1, false, result, Output.DEFAULT);
  }

  @Override
  public void close() {
    end();
  }

  @Override
  public Span.Builder span(SpanType type, String name) {
    return new SpanImpl(recorder, traceForChildren(), this, type, name);
  }

  @Override
  public Generation.Builder generation(String name) {
    return new GenerationImpl(recorder, traceForChildren(), this, name);
  }

  /** Children of a detached generation go nowhere until it is appended: they get a dead trace. */
  private TraceImpl traceForChildren() {
    TraceImpl t = traceNow();
    return t != null ? t : TraceImpl.unrecorded(recorder);
  }

  @Override
  public void append(Generation generation) {
    TraceImpl t = traceNow();
    if (t == null) {
      recorder.problems.ignored("append to a detached generation ignored");
    } else {
      GenerationImpl.attach(generation, t, this, recorder.problems);
    }
  }

  @Override
  public void feedback(Feedback feedback) {
    TraceImpl t = traceNow();
    if (t != null) {
      ScoreItem.submit(t, spanId, feedback);
    } else {
      recorder.problems.ignored("feedback on a detached generation ignored");
    }
  }
}
