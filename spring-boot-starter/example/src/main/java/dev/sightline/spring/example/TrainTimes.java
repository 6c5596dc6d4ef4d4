package dev.sightline.spring.example;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/** The tool the model may call: a (fixed) timetable. Stateless. */
public class TrainTimes {
  /** What {@link #firstTrain} answers for every city. */
  public static final String FIRST_TRAIN = "06:12 from platform 4";

  @Tool(description = "The time and platform of the first train of the day to a city")
  public String firstTrain(@ToolParam(description = "the destination city") String city) {
    return FIRST_TRAIN;
  }
}
