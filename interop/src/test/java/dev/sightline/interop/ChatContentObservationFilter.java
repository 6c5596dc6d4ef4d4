package dev.sightline.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;

/**
 * Puts the messages of a Spring AI chat model call on its observation as the OpenTelemetry GenAI
 * attributes {@code gen_ai.input.messages} and {@code gen_ai.output.messages} (JSON text in the
 * semantic conventions' shape: role, parts of type text, finish reason), so the tracing bridge
 * exports them on the span.
 *
 * <p>Spring AI 1.1 has no option that does this: its {@code log-prompt} and {@code log-completion}
 * settings only log the content (spring-projects/spring-ai#6051 asks for span attributes), so an
 * application that wants messages in its traces registers a filter like this one. Filters run
 * when the observation stops, after the response is set. Stateless and thread-safe.
 */
final class ChatContentObservationFilter implements ObservationFilter {
  static final String INPUT_MESSAGES = "gen_ai.input.messages";
  static final String OUTPUT_MESSAGES = "gen_ai.output.messages";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Observation.Context map(Observation.Context context) {
    if (context instanceof ChatModelObservationContext chat) {
      chat.addHighCardinalityKeyValue(KeyValue.of(INPUT_MESSAGES, json(input(chat))));
      ChatResponse response = chat.getResponse();
      if (response != null) {
        chat.addHighCardinalityKeyValue(KeyValue.of(OUTPUT_MESSAGES, json(output(response))));
      }
    }
    return context;
  }

  private static ArrayNode input(ChatModelObservationContext chat) {
    ArrayNode messages = JSON.createArrayNode();
    for (Message message : chat.getRequest().getInstructions()) {
      textMessage(messages, message.getMessageType().getValue(), message.getText());
    }
    return messages;
  }

  private static ArrayNode output(ChatResponse response) {
    ArrayNode messages = JSON.createArrayNode();
    for (Generation generation : response.getResults()) {
      ObjectNode message = textMessage(messages, generation.getOutput().getMessageType().getValue(),
          generation.getOutput().getText());
      String finishReason = generation.getMetadata().getFinishReason();
      if (finishReason != null) {
        // Spring AI reports OpenAI's enum names (STOP); the conventions use the wire values.
        message.put("finish_reason", finishReason.toLowerCase(Locale.ROOT));
      }
    }
    return messages;
  }

  private static ObjectNode textMessage(ArrayNode messages, String role, String text) {
    ObjectNode message = messages.addObject().put("role", role);
    message.putArray("parts").addObject().put("type", "text").put("content", text);
    return message;
  }

  private static String json(ArrayNode messages) {
    try {
      return JSON.writeValueAsString(messages);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
