package io.osprey.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {
  private static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
          + " inode";

  @Test
  void readsTheKernelsByteOrder() {
    List<String> tcp =
        List.of(
            HEADER,
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 0 111",
            "   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 0 222",
            "   2: 0100007F:0051 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0 0 333");

    List<ListeningSockets.Listener> listeners =
        ListeningSockets.parse(tcp, Set.of("111", "222", "333"));

    assertThat(listeners)
        .extracting(Object::toString)
        .containsExactly("127.0.0.1:8080", "0.0.0.0:80");
    assertThat(listeners)
        .extracting(ListeningSockets.Listener::loopback)
        .containsExactly(true, false);
  }

  @Test
  void seesAWildcardListenerOfThisProcess() throws Exception {
    try (ServerSocket wildcard = new ServerSocket();
        ServerSocket loopback = new ServerSocket()) {
      wildcard.bind(new InetSocketAddress(0));
      loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

      List<ListeningSockets.Listener> listeners = ListeningSockets.ofThisProcess();

      assertThat(listeners)
          .filteredOn(l -> l.port() == wildcard.getLocalPort())
          .singleElement()
          .satisfies(l -> assertThat(l.loopback()).isFalse());
      assertThat(listeners)
          .filteredOn(l -> l.port() == loopback.getLocalPort())
          .singleElement()
          .satisfies(l -> assertThat(l.loopback()).isTrue());
    }
  }
}
