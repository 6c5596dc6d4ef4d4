package dev.sightline.internal;

import dev.sightline.Organization;
import dev.sightline.Score;
import dev.sightline.User;

/**
 * Writes queue items as items of the native ingestion protocol:
 * {@code {"type":"trace"|"span"|"score","body":{...}}}. Only fields the server knows are written
 * (it rejects unknown ones), absent values are left out, and strings are cut to the server's
 * length limits so an overlong name costs a truncated name, not the item.
 */
final class Wire {
  private static final int SHORT = 256;

  /**
   * Writes one item; returns false if it has nothing to send (a trace start event overtaken by
   * its end).
   */
  static boolean write(JsonWriter out, Object item) {
    if (item instanceof SpanState) {
      writeSpan(out, (SpanState) item);
      return true;
    }
    if (item instanceof TraceState) {
      TraceState trace = (TraceState) item;
      synchronized (trace) {
        if (trace.endWritten) {
          return false;
        }
        trace.endWritten = trace.isEnded();
        if (trace.isContinued()) {
          writeContinued(out, trace);
        } else {
          writeTrace(out, trace);
        }
        trace.inputDirty = false;
      }
      return true;
    }
    writeScore(out, (ScoreItem) item);
    return true;
  }

  private static void writeTrace(JsonWriter out, TraceState t) {
    out.beginObject().name("type").value("trace").name("body").beginObject();
    out.name("traceId").hexId(t.idHigh, t.idLow, true);
    out.name("feature").value(t.feature, SHORT);
    writeTraceWide(out, t);
    writeOwn(out, t);
    out.endObject().endObject();
  }

  /**
   * A trace continued from another process: its own fields describe this process's part, a span
   * under the caller's; the trace row, which the process that started the trace describes, gets
   * only the trace-wide fields (user, session ...), so neither side overwrites the other's name,
   * input, output, status or times.
   */
  private static void writeContinued(JsonWriter out, TraceState t) {
    out.beginObject().name("type").value("span").name("body").beginObject();
    out.name("traceId").hexId(t.idHigh, t.idLow, true);
    out.name("spanId").hexId(0, t.spanId, false);
    out.name("parentSpanId").hexId(0, t.remoteParent, false);
    out.name("type").value("span");
    writeOwn(out, t);
    out.endObject().endObject();

    out.beginObject().name("type").value("trace").name("body").beginObject();
    out.name("traceId").hexId(t.idHigh, t.idLow, true);
    writeTraceWide(out, t);
    out.endObject().endObject();
  }

  /**
   * What the trace's own process did: name, reference id, status, times, input, output, metadata,
   * attributes, tags and evaluators (fields that traces and spans share).
   */
  private static void writeOwn(JsonWriter out, TraceState t) {
    out.name("name").value(t.name != null ? t.name : t.feature, 512);
    out.name("referenceId").value(t.referenceId, SHORT);
    out.name("status").value(t.status.wireName());
    out.name("startTime").value(t.startMicros);
    if (t.isEnded()) {
      out.name("endTime").value(t.endMicros);
    }
    out.masking(true);
    string(out, "statusMessage", t.statusMessage, 65536);
    if (t.inputDirty) {
      out.name("input").value(t.input);
    }
    if (t.output != null) {
      out.name("output").value(t.output);
    }
    out.masking(false);
    Annotations a = t.annotations;
    writeAnnotations(out, a, a == null ? null : a.attributes);
  }

  /** The fields of a trace that hold for all of it, whichever process records them. */
  private static void writeTraceWide(JsonWriter out, TraceState t) {
    string(out, "sessionId", t.sessionId, SHORT);
    string(out, "conversationId", t.conversationId, SHORT);
    writeUser(out, t.user);
    writeOrganization(out, t.organization);
    string(out, "environment", t.environment, 128);
    string(out, "release", t.release, 128);
    if (t.evaluationSampleRate != null) {
      out.name("evaluationConfig").beginObject().name("sampleRate").value(t.evaluationSampleRate.doubleValue())
          .endObject();
    }
  }

  private static void writeSpan(JsonWriter out, SpanState s) {
    out.beginObject().name("type").value("span").name("body").beginObject();
    out.name("traceId").hexId(s.trace.idHigh, s.trace.idLow, true);
    out.name("spanId").hexId(0, s.spanId, false);
    if (s.parent != null) {
      out.name("parentSpanId").hexId(0, s.parent.spanId, false);
    } else if (s.trace.isContinued()) {
      out.name("parentSpanId").hexId(0, s.trace.spanId, false); // under this process's part
    }
    out.name("type").value(s.type.wireName());
    out.name("name").value(s.name != null ? s.name : s.type.wireName(), 512);
    out.name("status").value(s.status.wireName());
    SpanExtras x = s.extras();
    out.name("startTime").value(s.startMicros);
    out.name("endTime").value(s.endMicros);
    out.masking(true);
    if (x != null) {
      string(out, "statusMessage", x.statusMessage, 65536);
      if (x.error != null) {
        out.name("error");
        Errors.write(out, x.error);
      }
    }
    if (s.input != null) {
      out.name("input").value(s.input);
    }
    if (s.output != null) {
      out.name("output").value(s.output);
    }
    if (s.call != null && s.call.variables != null) {
      out.name("variables").value(s.call.variables);
    }
    out.masking(false);
    writeAnnotations(out, x, s.attributesForExport());
    if (x != null) {
      string(out, "referenceId", x.referenceId, SHORT);
      string(out, "promptId", x.promptId, SHORT);
      string(out, "deploymentId", x.deploymentId, SHORT);
      if (x.runEvaluation != null) {
        out.name("runEvaluation").value(x.runEvaluation.booleanValue());
      }
    }
    if (s.call != null) {
      writeGeneration(out, s.call);
    }
    out.endObject().endObject();
  }

  private static void writeGeneration(JsonWriter out, ModelCall g) {
    string(out, "provider", g.provider, 128);
    string(out, "model", g.model, SHORT);
    if (g.modelParameters != null) {
      out.name("modelParameters").value(g.modelParameters);
    }
    if (g.prompt != null) {
      out.name("prompt").beginObject().name("slug").value(g.prompt.slug());
      string(out, "version", g.prompt.version(), SHORT);
      string(out, "tag", g.prompt.tag(), SHORT);
      out.endObject();
    }
    count(out, "inputTokens", g.inputTokens);
    count(out, "outputTokens", g.outputTokens);
    count(out, "cacheReadTokens", g.cacheReadTokens);
    count(out, "cacheWriteTokens", g.cacheWriteTokens);
    count(out, "reasoningTokens", g.reasoningTokens);
    if (g.cost >= 0) {
      out.name("cost").value(g.cost);
    }
    if (g.completionStartMicros != 0) {
      out.name("completionStartTime").value(g.completionStartMicros);
    }
  }

  private static void writeScore(JsonWriter out, ScoreItem s) {
    Score score = s.score();
    out.beginObject().name("type").value("score").name("body").beginObject();
    out.name("scoreId").hexId(s.idHigh(), s.idLow(), true);
    out.name("traceId").hexId(s.traceHigh(), s.traceLow(), true);
    if (s.spanId() != 0) {
      out.name("spanId").hexId(0, s.spanId(), false);
    }
    out.name("name").value(score.name(), 512);
    if (score.value() != null) {
      out.name("value").value(score.value().doubleValue());
    }
    string(out, "label", score.label(), ScoreItem.LABEL_LENGTH);
    string(out, "comment", score.comment(), 65536);
    string(out, "author", score.author(), SHORT);
    out.name("source").value((score.source() == null ? Score.Source.FEEDBACK : score.source()).wireName());
    out.name("time").value(s.time());
    out.endObject().endObject();
  }

  /** The annotations' fields (none if {@code a} is null), with {@code attributes} for theirs. */
  /** Metadata and attributes, masked as free text; tags and evaluator names, which are labels, as they are. */
  private static void writeAnnotations(JsonWriter out, Annotations a, Object[] attributes) {
    out.masking(true);
    if (a != null && a.metadata != null) {
      out.name("metadata").value(a.metadata);
    }
    if (attributes != null) {
      out.name("attributes");
      Attributes.write(out, attributes);
    }
    out.masking(false);
    if (a != null && a.tags != null) {
      out.name("tags").beginArray();
      for (int i = 0; i < Math.min(a.tags.size(), 100); i++) {
        out.value(a.tags.get(i), SHORT);
      }
      out.endArray();
    }
    if (a != null && a.evaluators != null) {
      out.name("evaluators").beginArray();
      for (String slug : a.evaluators) {
        out.beginObject().name("slug").value(slug, SHORT).endObject();
      }
      out.endArray();
    }
  }

  private static void writeUser(JsonWriter out, User user) {
    if (user != null && (user.id() != null || user.name() != null || user.email() != null)) {
      out.name("user").beginObject();
      string(out, "id", user.id(), SHORT);
      string(out, "name", user.name(), SHORT);
      string(out, "email", user.email(), SHORT);
      out.endObject();
    }
  }

  private static void writeOrganization(JsonWriter out, Organization org) {
    if (org != null && (org.id() != null || org.name() != null)) {
      out.name("organization").beginObject();
      string(out, "id", org.id(), SHORT);
      string(out, "name", org.name(), SHORT);
      out.endObject();
    }
  }

  private static void string(JsonWriter out, String field, String value, int max) {
    if (value != null) {
      out.name(field).value(value, max);
    }
  }

  private static void count(JsonWriter out, String field, long value) {
    if (value >= 0) {
      out.name(field).value(value);
    }
  }

  private Wire() {}
}
