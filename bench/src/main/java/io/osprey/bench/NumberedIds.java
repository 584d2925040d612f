package io.osprey.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Identifiers made of a fixed prefix and a zero-padded number ({@code e-run7-000000001234}), so
 * that a load driver can turn the id a result carries back into the number of the event it sent,
 * and so that pre-encoded records can be re-numbered by overwriting their digits in place (every id
 * has the same length, hence the same byte layout).
 */
final class NumberedIds {
  private final String prefix;
  private final byte[] prefixBytes;
  private final int digits;
  private final long limit;

  NumberedIds(String prefix, int digits) {
    if (digits < 1 || digits > 18) {
      throw new IllegalArgumentException("digits must be in [1, 18]");
    }
    this.prefix = prefix;
    this.prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
    this.digits = digits;
    long limit = 1;
    for (int i = 0; i < digits; i++) {
      limit *= 10;
    }
    this.limit = limit;
  }

  /** The id of {@code number}. */
  String id(long number) {
    byte[] bytes = Arrays.copyOf(prefixBytes, length());
    writeDigits(number, bytes, prefixBytes.length);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The UTF-8 bytes of {@link #id}. */
  byte[] bytes(long number) {
    byte[] bytes = Arrays.copyOf(prefixBytes, length());
    writeDigits(number, bytes, prefixBytes.length);
    return bytes;
  }

  /** Length in bytes of every id. */
  int length() {
    return prefixBytes.length + digits;
  }

  /** Where the digits start, counted from the start of the id. */
  int digitsOffset() {
    return prefixBytes.length;
  }

  /** Overwrites the digits at {@code target[offset..]} with those of {@code number}. */
  void writeDigits(long number, byte[] target, int offset) {
    if (number < 0 || number >= limit) {
      throw new IllegalArgumentException(number + " does not fit in " + digits + " digits");
    }
    long rest = number;
    for (int i = offset + digits - 1; i >= offset; i--) {
      target[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
  }

  /** The number in {@code id}, or -1 when {@code id} is not one of these ids. */
  long numberOf(String id) {
    return id == null ? -1 : numberOf(id.getBytes(StandardCharsets.UTF_8));
  }

  /** The number in the UTF-8 id {@code bytes}, or -1 when they are not one of these ids. */
  long numberOf(byte[] bytes) {
    if (bytes == null || bytes.length != length()) {
      return -1;
    }
    for (int i = 0; i < prefixBytes.length; i++) {
      if (bytes[i] != prefixBytes[i]) {
        return -1;
      }
    }
    long number = 0;
    for (int i = prefixBytes.length; i < bytes.length; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      number = number * 10 + digit;
    }
    return number;
  }

  @Override
  public String toString() {
    return prefix + "#".repeat(digits);
  }
}
