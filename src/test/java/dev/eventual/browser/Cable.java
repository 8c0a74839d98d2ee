package dev.eventual.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP pass-through between the browser and a node that the test can unplug. Chromium's network emulation only
 * takes the page offline, not its service worker; pulling this cable takes everything offline, as a real outage does.
 */
final class Cable implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean unplugged;

  Cable(int target) throws IOException {
    this.target = target;
    server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "cable-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://localhost:" + server.getLocalPort() + "/";
  }

  /** Unplugged: every open connection is cut and new ones are closed at once. */
  void unplug(boolean unplug) {
    unplugged = unplug;
    if (unplug) {
      open.forEach(Cable::quietly);
      open.clear();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (unplugged) {
          quietly(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // closed, or the node refused: the browser sees a failed connection
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // cut
      } finally {
        quietly(from);
        quietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "cable-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void quietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    unplug(true);
    server.close();
  }
}
