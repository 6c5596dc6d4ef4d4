package dev.sightline.server.evaluation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A queued evaluation by a remote kind: everything it needs, so that it runs as queued even if the
 * evaluator changes or the span is not yet stored when it runs. Immutable.
 *
 * @param id the id of the score it gives ({@link ScoreRows#id}), which also keeps it queued once
 * @param evaluator the evaluator's name
 * @param version the evaluator version that queued it
 * @param kind that version's kind
 * @param config that version's config
 * @param subject what it judges
 * @param time the score's time, epoch microseconds
 */
record Job(String id, String evaluator, int version, String kind, JsonNode config, Subject subject, long time) {}
