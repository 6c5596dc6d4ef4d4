package dev.sightline.server.evaluation;

/** Why a judge could not judge; the message is shown to the user as the evaluation's error. */
public final class EvaluationException extends Exception {
  private static final long serialVersionUID = 1L;

  public EvaluationException(String message) {
    super(message);
  }
}
