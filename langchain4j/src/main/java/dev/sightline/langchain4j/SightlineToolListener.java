package dev.sightline.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import dev.sightline.Sightline;
import dev.sightline.Span;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Records every tool an AI service executes as a {@code tool} span named after the tool: input the
 * arguments (the JSON text the model sent), output the result text, attribute
 * {@code gen_ai.tool.call.id}; a tool that failed (LangChain4j turns its exception into an error
 * result for the model) has status {@code failure} with that text. The span covers the execution
 * exactly and is current while the tool runs, so whatever the tool records (a nested model call,
 * a retrieval) nests under it.
 *
 * <pre>{@code
 * Assistant assistant = new SightlineToolListener(sightline)
 *     .install(AiServices.builder(Assistant.class).chatModel(model).tools(new Tools()))
 *     .build();
 * }</pre>
 *
 * <p>It uses the AI services' {@code beforeToolExecution} and {@code afterToolExecution} hooks,
 * which LangChain4j calls on the thread that runs the tool (also for tools run concurrently);
 * {@link #install} sets both, replacing hooks set before (an application that has its own calls
 * {@link #beforeToolExecution} and {@link #afterToolExecution} from them). Tools executed outside
 * AI services are not seen. Placement and failures as for {@link SightlineChatModelListener}.
 * Thread-safe.
 */
public final class SightlineToolListener {
  private final Recordings recordings;
  /** The tools running on each thread, innermost first (a tool may call an AI service that runs a tool). */
  private final ThreadLocal<Deque<Running>> running = ThreadLocal.withInitial(ArrayDeque::new);

  private record Running(ToolExecutionRequest request, Recordings.Current<Span> span) {}

  /** A listener recording into {@code sightline}; traces of their own get the feature {@code langchain4j}. */
  public SightlineToolListener(Sightline sightline) {
    this(sightline, null);
  }

  /**
   * A listener recording into {@code sightline}.
   *
   * @param feature the feature slug of traces made for tools run outside any Sightline trace;
   *     null or blank for {@code langchain4j}
   * @throws IllegalArgumentException if {@code sightline} is null
   */
  public SightlineToolListener(Sightline sightline, String feature) {
    this.recordings = new Recordings(sightline, feature);
  }

  /** Sets this listener as the builder's before- and after-tool-execution hooks; returns the builder. */
  public <T> AiServices<T> install(AiServices<T> services) {
    return services.beforeToolExecution(this::beforeToolExecution).afterToolExecution(this::afterToolExecution);
  }

  /** Starts the tool's span and makes it current on this thread. */
  public void beforeToolExecution(BeforeToolExecution before) {
    Recordings.guarded("a tool execution", () -> {
      ToolExecutionRequest request = before.request();
      String name = request.name() == null ? "tool" : request.name();
      Recordings.Current<Span> span = recordings.openCurrent(name, request.arguments(), parent -> {
        Span.Builder tool = parent.tool(name).input(request.arguments());
        if (request.id() != null) {
          tool.attribute("gen_ai.tool.call.id", request.id());
        }
        return tool.start();
      });
      running.get().push(new Running(request, span));
    });
  }

  /**
   * Ends the span {@link #beforeToolExecution} started for this execution's request, with its
   * result; an execution whose start was not seen is not recorded.
   */
  public void afterToolExecution(ToolExecution execution) {
    Recordings.guarded("a tool result", () -> {
      Deque<Running> stack = running.get();
      for (Iterator<Running> it = stack.iterator(); it.hasNext(); ) {
        Running r = it.next();
        if (r.request() == execution.request()) {
          it.remove();
          if (execution.hasFailed()) {
            r.span().endFailed(execution.result(), execution.result());
          } else {
            r.span().end(execution.result());
          }
          break;
        }
      }
      if (stack.isEmpty()) {
        running.remove();
      }
    });
  }
}
