package io.osprey.ingest.file;

import io.osprey.ingest.model.RawRecord;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * A file of one record per line (JSON lines, as a producer would write them to the topic), read as
 * {@link RawRecord}s so that the job parses, validates and dead-letters them exactly as it does
 * Kafka records. The record's "topic" is the name given here, its partition 0, its offset the
 * 0-based line number, its key null, and its timestamp (the vector's ingestTime) the time the line
 * was read. Bytes are passed on untouched (no charset decoding), blank lines are skipped (but
 * counted in the line number).
 */
public final class LineRecords extends SimpleStreamFormat<RawRecord> {
  private static final long serialVersionUID = 1L;

  private final String topic;

  public LineRecords(String topic) {
    this.topic = topic;
  }

  @Override
  public StreamFormat.Reader<RawRecord> createReader(Configuration config, FSDataInputStream in) {
    return new StreamFormat.Reader<>() {
      private final InputStream input = new BufferedInputStream(in, 64 * 1024);
      private long line = -1;

      @Override
      public RawRecord read() throws IOException {
        while (true) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
          int b;
          while ((b = input.read()) != -1 && b != '\n') {
            bytes.write(b);
          }
          if (b == -1 && bytes.size() == 0) {
            return null;
          }
          line++;
          byte[] value = bytes.toByteArray();
          int length = value.length;
          if (length > 0 && value[length - 1] == '\r') {
            value = Arrays.copyOf(value, length - 1);
          }
          if (value.length > 0) {
            return new RawRecord(topic, 0, line, System.currentTimeMillis(), null, value);
          }
        }
      }

      @Override
      public void close() throws IOException {
        input.close();
      }
    };
  }

  @Override
  public TypeInformation<RawRecord> getProducedType() {
    return TypeInformation.of(RawRecord.class);
  }
}
