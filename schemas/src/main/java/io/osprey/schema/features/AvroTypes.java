package io.osprey.schema.features;

import org.apache.avro.Schema;

/** Which Avro types can carry a value of each spec field type. */
final class AvroTypes {
  private AvroTypes() {}

  static boolean fits(FieldType type, Schema.Type avro) {
    return switch (type) {
      case STRING -> avro == Schema.Type.STRING || avro == Schema.Type.ENUM;
      case LONG -> avro == Schema.Type.INT || avro == Schema.Type.LONG;
      case DOUBLE ->
          avro == Schema.Type.INT
              || avro == Schema.Type.LONG
              || avro == Schema.Type.FLOAT
              || avro == Schema.Type.DOUBLE;
      case BOOLEAN -> avro == Schema.Type.BOOLEAN;
      case TIMESTAMP -> avro == Schema.Type.LONG || avro == Schema.Type.STRING;
    };
  }
}
