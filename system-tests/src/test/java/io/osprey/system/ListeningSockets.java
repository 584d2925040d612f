package io.osprey.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets this JVM listens on, read from Linux's {@code /proc}: the listening entries of
 * {@code /proc/net/tcp} and {@code tcp6} whose inode is one of this process's open file
 * descriptors. What the kernel says, whatever the code asked for.
 */
final class ListeningSockets {
  private static final String LISTEN = "0A";

  /** One listening socket: the address it is bound to and its port. */
  record Listener(InetAddress address, int port) {
    boolean loopback() {
      return address.isLoopbackAddress() || isMappedLoopback(address);
    }

    @Override
    public String toString() {
      return address.getHostAddress() + ":" + port;
    }
  }

  private ListeningSockets() {}

  static List<Listener> ofThisProcess() throws IOException {
    Set<String> inodes = socketInodes(Path.of("/proc/self/fd"));
    List<Listener> listeners = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (Files.exists(file)) {
        listeners.addAll(parse(Files.readAllLines(file), inodes));
      }
    }
    return listeners;
  }

  /** The listening entries of one {@code /proc/net/tcp*} table that belong to {@code inodes}. */
  static List<Listener> parse(List<String> lines, Set<String> inodes) {
    List<Listener> listeners = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) { // the first line is the header
      String[] fields = line.trim().split("\\s+");
      if (fields.length > 9 && fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
        String[] local = fields[1].split(":");
        listeners.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
      }
    }
    return listeners;
  }

  private static Set<String> socketInodes(Path fds) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
      for (Path fd : entries) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException e) {
          // closed since the listing: not a listener of ours any more
        }
      }
    }
    return inodes;
  }

  /** The kernel prints each 32-bit word of the address in host (little-endian) byte order. */
  private static InetAddress address(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = (word * 4 + (3 - i)) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + hex, e);
    }
  }

  /** {@code ::ffff:127.x.y.z}: an IPv4 loopback address seen through an IPv6 socket. */
  private static boolean isMappedLoopback(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff && b[12] == 127;
  }
}
