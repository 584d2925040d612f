package io.osprey.sources.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads a Parquet file through parquet-avro, straight from the local file system (no Hadoop file
 * system). Timestamps become epoch milliseconds: Parquet {@code TIMESTAMP} columns arrive as Avro
 * {@code timestamp-*} (an instant) or {@code local-timestamp-*} (a wall-clock time with no zone, as
 * in the flights file), and a local time is read as UTC, since the file names no zone. Dates become
 * midnight UTC.
 */
final class ParquetRowSource implements RowSource {
  private final ParquetReader<GenericRecord> reader;
  private final long rowCount;
  private GenericRecord nextRecord;
  private long rowNumber;

  ParquetRowSource(Path file) throws IOException {
    InputFile input = new LocalInputFile(file);
    try (ParquetFileReader footer = ParquetFileReader.open(input)) {
      this.rowCount = footer.getRecordCount();
    }
    this.reader =
        AvroParquetReader.<GenericRecord>builder(input)
            .withConf(new PlainParquetConfiguration())
            .build();
  }

  @Override
  public boolean hasNext() {
    if (nextRecord == null) {
      try {
        nextRecord = reader.read();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return nextRecord != null;
  }

  @Override
  public SourceRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    GenericRecord record = nextRecord;
    nextRecord = null;
    rowNumber++;
    List<Schema.Field> fields = record.getSchema().getFields();
    Map<String, Object> values = new LinkedHashMap<>(fields.size() * 2);
    for (Schema.Field field : fields) {
      values.put(field.name(), plain(record.get(field.pos()), field.schema()));
    }
    return SourceRow.of(rowNumber, values);
  }

  /** An Avro value as a JSON-ready Java value. */
  static Object plain(Object value, Schema schema) {
    if (value == null) {
      return null;
    }
    Schema type = nonNull(schema);
    if (value instanceof LocalDateTime local) {
      return local.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    if (value instanceof Instant instant) {
      return instant.toEpochMilli();
    }
    if (value instanceof LocalDate date) {
      return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    if (value instanceof Long raw && isTimestamp(type.getLogicalType())) {
      return epochMillis(raw, type.getLogicalType());
    }
    if (value instanceof Integer days && type.getLogicalType() instanceof LogicalTypes.Date) {
      return TimeUnit.DAYS.toMillis(days);
    }
    if (value instanceof Integer small) {
      return small.longValue();
    }
    if (value instanceof Float single) {
      return (double) single;
    }
    if (value instanceof Long || value instanceof Double || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Utf8 || value instanceof CharSequence) {
      return value.toString();
    }
    if (value instanceof ByteBuffer bytes) {
      byte[] copy = new byte[bytes.remaining()];
      bytes.duplicate().get(copy);
      return Base64.getEncoder().encodeToString(copy);
    }
    return value.toString();
  }

  private static boolean isTimestamp(LogicalType logicalType) {
    return logicalType != null && logicalType.getName().contains("timestamp-");
  }

  /** A raw timestamp long in its logical unit, as epoch milliseconds. */
  private static long epochMillis(long raw, LogicalType logicalType) {
    String name = logicalType.getName();
    if (name.endsWith("-micros")) {
      return Math.floorDiv(raw, 1_000L);
    }
    if (name.endsWith("-nanos")) {
      return Math.floorDiv(raw, 1_000_000L);
    }
    return raw;
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream()
        .filter(s -> s.getType() != Schema.Type.NULL)
        .findFirst()
        .orElse(schema);
  }

  @Override
  public OptionalLong rowCount() {
    return OptionalLong.of(rowCount);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
