package io.osprey.sources.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/** Small data files for the replay tests, written the way the real datasets are. */
final class ReplayFiles {
  /**
   * The schema of npm vega-datasets' flights-3m.parquet as parquet-avro reads it: a zone-less
   * microsecond timestamp and nullable columns.
   */
  static final Schema FLIGHTS =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"root\",\"fields\":["
                  + "{\"name\":\"date\",\"type\":[\"null\",{\"type\":\"long\","
                  + "\"logicalType\":\"local-timestamp-micros\"}],\"default\":null},"
                  + "{\"name\":\"delay\",\"type\":[\"null\",\"long\"],\"default\":null},"
                  + "{\"name\":\"distance\",\"type\":[\"null\",\"long\"],\"default\":null},"
                  + "{\"name\":\"origin\",\"type\":[\"null\",\"string\"],\"default\":null},"
                  + "{\"name\":\"destination\",\"type\":[\"null\",\"string\"],\"default\":null}]}");

  /** One flight row: departure (local time, no zone), delay minutes, distance miles, airports. */
  record Flight(String departure, Long delay, Long distance, String origin, String destination) {
    long departureMillis() {
      return LocalDateTime.parse(departure).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
  }

  private ReplayFiles() {}

  static Path parquet(Path file, List<Flight> flights) throws IOException {
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
            .withSchema(FLIGHTS)
            .withDataModel(GenericData.get())
            .withConf(new PlainParquetConfiguration())
            .build()) {
      for (Flight flight : flights) {
        GenericRecord record = new GenericData.Record(FLIGHTS);
        record.put("date", flight.departure() == null ? null : flight.departureMillis() * 1_000);
        record.put("delay", flight.delay());
        record.put("distance", flight.distance());
        record.put("origin", flight.origin());
        record.put("destination", flight.destination());
        writer.write(record);
      }
    }
    return file;
  }

  /** A text file of the given lines (a CSV with its header, or JSON lines). */
  static Path lines(Path file, String... lines) throws IOException {
    return Files.write(file, List.of(lines));
  }
}
