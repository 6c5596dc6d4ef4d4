package dev.sightline.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * Spring AI chat messages as the JSON Sightline shows as a conversation: a list of
 * {@code {role, content}} in OpenAI's shape, with {@code tool_calls} on assistant messages that
 * call tools, one {@code tool} message (with {@code tool_call_id}) per tool response, and the
 * {@code finish_reason} on output messages. Stateless.
 */
final class ChatMessages {

  private ChatMessages() {}

  /** The prompt's messages; never null. */
  static List<Map<String, Object>> of(List<Message> messages) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Message message : messages) {
      if (message instanceof ToolResponseMessage tools) {
        for (ToolResponseMessage.ToolResponse response : tools.getResponses()) {
          Map<String, Object> m = message("tool", response.responseData());
          m.put("tool_call_id", response.id());
          m.put("name", response.name());
          out.add(m);
        }
      } else {
        out.add(message(message));
      }
    }
    return out;
  }

  /** The response's messages, one per generation; empty without a response. */
  static List<Map<String, Object>> output(ChatResponse response) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (response == null) {
      return out;
    }
    for (Generation generation : response.getResults()) {
      Map<String, Object> m = message(generation.getOutput());
      String reason = finishReason(generation);
      if (reason != null) {
        m.put("finish_reason", reason);
      }
      out.add(m);
    }
    return out;
  }

  /** The finish reasons of the response's generations, lower case, comma-separated; null if none. */
  static String finishReasons(ChatResponse response) {
    List<String> reasons = new ArrayList<>();
    for (Generation generation : response.getResults()) {
      String reason = finishReason(generation);
      if (reason != null) {
        reasons.add(reason);
      }
    }
    return reasons.isEmpty() ? null : String.join(",", reasons);
  }

  private static String finishReason(Generation generation) {
    String reason = generation.getMetadata() == null ? null : generation.getMetadata().getFinishReason();
    // Spring AI hands on OpenAI's enum names (STOP, TOOL_CALLS); the wire and the UI use lower case.
    return reason == null || reason.isBlank() ? null : reason.toLowerCase(Locale.ROOT);
  }

  private static Map<String, Object> message(Message message) {
    Map<String, Object> m = message(message.getMessageType().getValue(), message.getText());
    if (message instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
      List<Map<String, Object>> calls = new ArrayList<>();
      for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", call.name());
        function.put("arguments", call.arguments());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", call.id());
        c.put("type", call.type());
        c.put("function", function);
        calls.add(c);
      }
      m.put("tool_calls", calls);
    }
    return m;
  }

  private static Map<String, Object> message(String role, String content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("content", content == null ? "" : content);
    return m;
  }
}
