package io.osprey.ingest.lake;

import java.io.IOException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Writes elements as Parquet through their Avro contract ({@code FeatureVector}, {@code
 * TrainingExample}), so the lake has exactly the columns of the topics. One Parquet file per part
 * file of Flink's FileSink; the file is complete (footer written) when the sink rolls it on a
 * checkpoint. Standard three-level lists and Snappy compression, which DuckDB, Spark, pandas and
 * parquet-avro all read.
 *
 * @param <T> what flows in the job
 * @param <A> its Avro contract
 */
public final class ParquetBulkWriter<T, A extends SpecificRecordBase>
    implements BulkWriter.Factory<T> {
  private static final long serialVersionUID = 1L;

  private final Class<A> avroClass;
  private final SerializableFunction<T, A> toAvro;

  public ParquetBulkWriter(Class<A> avroClass, SerializableFunction<T, A> toAvro) {
    this.avroClass = avroClass;
    this.toAvro = toAvro;
  }

  @Override
  public BulkWriter<T> create(FSDataOutputStream out) throws IOException {
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    conf.set("parquet.avro.write-old-list-structure", "false");
    SpecificData model = SpecificData.getForClass(avroClass);
    ParquetWriter<A> writer =
        AvroParquetWriter.<A>builder(new StreamOutputFile(out))
            .withConf(conf)
            .withSchema(model.getSchema(avroClass))
            .withDataModel(model)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .build();
    return new BulkWriter<>() {
      @Override
      public void addElement(T element) throws IOException {
        writer.write(toAvro.apply(element));
      }

      @Override
      public void flush() {
        // Parquet buffers a row group in memory; it reaches the stream on finish().
      }

      @Override
      public void finish() throws IOException {
        writer.close(); // writes the footer; the stream itself stays open for Flink to commit
      }
    };
  }

  /** Parquet's view of Flink's part-file stream. Closing it leaves the Flink stream open. */
  private static final class StreamOutputFile implements OutputFile {
    private final FSDataOutputStream out;

    StreamOutputFile(FSDataOutputStream out) {
      this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        @Override
        public long getPos() throws IOException {
          return out.getPos();
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.flush();
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
