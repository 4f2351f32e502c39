package dev.keywarden.servlet;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client on one kept-alive socket: sends the request target and header lines as
 * exact bytes (each char of the target one byte, so a test can send raw UTF-8 or invalid bytes),
 * reads one response by its length, and reconnects only when the server closed the connection.
 * Not thread-safe.
 */
final class KeepAliveClient implements AutoCloseable {
  /** The status reported when the server closed a fresh connection without answering. */
  static final int CLOSED_WITHOUT_ANSWER = 0;
  private static final java.util.regex.Pattern STATUS_LINE = java.util.regex.Pattern.compile("HTTP/1\\.[01] \\d{3}( .*)?");
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private int connections;

  KeepAliveClient(int port) {
    this.port = port;
  }

  /** How many TCP connections were opened so far. */
  int connections() {
    return connections;
  }

  /** Sends one request on the current connection (opening one if needed). */
  Http.Response send(String method, String target, String... headerLines) throws IOException {
    StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    byte[] bytes = request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    if (socket != null) {
      try {
        return exchange(bytes, method);
      } catch (EOFException | java.net.SocketException e) {
        // The server closed an idle kept-alive connection: retry once on a new one.
        close();
      }
    }
    try {
      return exchange(bytes, method);
    } catch (EOFException | java.net.SocketException e) {
      // A fresh connection closed without an answer: the server refused the request outright
      // (no handler ran). Reported as status 0, never as an answer of a handler.
      close();
      return new Http.Response(CLOSED_WITHOUT_ANSWER, Map.of(), "");
    }
  }

  private Http.Response exchange(byte[] request, String method) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(15_000);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
      connections++;
    }
    out.write(request);
    out.flush();
    String statusLine = line();
    if (statusLine == null) {
      throw new EOFException("connection closed before a response");
    }
    if (!STATUS_LINE.matcher(statusLine).matches()) {
      throw new IOException("not an HTTP status line (the connection is out of step): "
          + statusLine.substring(0, Math.min(statusLine.length(), 120)));
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String header = line(); header != null && !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(header.substring(colon + 1).trim());
      }
    }
    String body;
    boolean close = headers.getOrDefault("connection", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("close"));
    if (method.equals("HEAD") || status == 204 || status == 304) {
      body = "";
    } else if (headers.getOrDefault("transfer-encoding", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
      body = chunked();
    } else if (headers.containsKey("content-length")) {
      body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length").get(0))), StandardCharsets.UTF_8);
    } else {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      close = true;
    }
    // A refusal by the container itself (not a problem+json answer of the filter) may come before
    // the server read the whole request; what it left unread would be taken for the next request
    // on this connection, so the next request goes on a new one.
    boolean containerRefusal = status >= 400 && headers.getOrDefault("content-type", List.of()).stream()
        .noneMatch(v -> v.toLowerCase(Locale.ROOT).startsWith(KeywardenFilter.PROBLEM_JSON));
    if (close || containerRefusal) {
      close();
    }
    return new Http.Response(status, headers, body);
  }

  private String chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line();
      if (sizeLine == null) {
        throw new EOFException("connection closed inside a chunked body");
      }
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
          // trailers are ignored
        }
        return body.toString(StandardCharsets.UTF_8);
      }
      body.write(in.readNBytes(size));
      line();
    }
  }

  /** One CRLF-terminated line, or {@code null} at the end of the stream. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int length = line.length();
        return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
