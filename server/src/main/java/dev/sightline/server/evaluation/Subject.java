package dev.sightline.server.evaluation;

/**
 * What one evaluation judges: one stored span or trace. Immutable.
 *
 * @param projectId the project
 * @param traceId the trace
 * @param spanId the span judged, or null when a whole trace is judged
 * @param type the span type ({@code generation}, ...) or {@code trace}
 * @param name the span or trace name, nullable
 * @param model the model name, nullable
 * @param input compact JSON text as stored (any JSON value), nullable
 * @param output compact JSON text as stored (any JSON value), nullable
 * @param expected the expected output as JSON text, nullable
 * @param metadata compact JSON text as stored, nullable
 * @param durationMicros the duration in microseconds, nullable
 * @param costUsd the cost in US dollars, nullable
 */
public record Subject(String projectId, String traceId, String spanId, String type, String name,
    String model, String input, String output, String expected, String metadata,
    Long durationMicros, Double costUsd) {}
