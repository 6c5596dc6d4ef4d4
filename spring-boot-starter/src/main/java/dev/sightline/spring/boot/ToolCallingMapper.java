package dev.sightline.spring.boot;

import dev.sightline.Span;
import dev.sightline.SpanBuilder;
import dev.sightline.SpanParent;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * A tool call made by Spring AI's tool calling manager as a {@code tool} span named after the tool,
 * with its description as metadata. Content: the call's arguments (the model's JSON text) and the
 * tool's result.
 */
final class ToolCallingMapper extends ObservationMapper<ToolCallingObservationContext> {

  ToolCallingMapper() {
    super(ToolCallingObservationContext.class);
  }

  @Override
  String name(ToolCallingObservationContext context) {
    return context.getToolDefinition().name();
  }

  @Override
  SpanBuilder<?, ? extends Span> open(SpanParent parent, String name, ToolCallingObservationContext context) {
    ToolDefinition tool = context.getToolDefinition();
    Span.Builder span = parent.tool(name);
    if (tool.description() != null && !tool.description().isBlank()) {
      span.metadata("description", tool.description());
    }
    return span;
  }

  @Override
  Object input(ToolCallingObservationContext context) {
    return context.getToolCallArguments();
  }

  @Override
  Object output(ToolCallingObservationContext context) {
    return context.getToolCallResult();
  }
}
