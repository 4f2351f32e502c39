package dev.keywarden.benchmarks.cpu;

import dev.keywarden.access.AccessDecision;
import dev.keywarden.access.AccessGuard;
import dev.keywarden.extract.RequestView;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import org.eclipse.jetty.server.Server;

/**
 * The gateway architecture's authorization service: nginx's {@code auth_request} sends it every
 * request's headers with the original method and URI ({@code X-Original-Method},
 * {@code X-Original-URI}); it decides with Keywarden's core {@link AccessGuard} (the same rule
 * and keys as the in-process variants) and answers 204 with a {@code client-type} header, or
 * the denial's 401/403 (nginx's {@code auth_request} knows no other refusal codes, so any other
 * denial is answered 403). Embedded Jetty 12 (ee11) on loopback, its own JVM. Writes
 * {@code auth=port}, {@code auth-control=port} and {@code auth-pid=pid} to the file given as
 * first argument; runs until killed or for at most the seconds given as second argument.
 */
public final class AuthService {
  private AuthService() {}

  public static void main(String[] args) throws Exception {
    Path portsFile = Path.of(args[0]);
    long maxSeconds = args.length > 1 ? Long.parseLong(args[1]) : 3_600;
    CpuMeter meter = new CpuMeter("auth");
    Server server = Jetty.start(new Decide(Variants.guard(0)), meter);
    Server control = Jetty.start(new Jetty.Control(List.of(meter)));
    String ports = "auth=" + Jetty.port(server) + "\nauth-control=" + Jetty.port(control)
        + "\nauth-pid=" + ProcessHandle.current().pid() + "\n";
    Path temporary = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
    Files.writeString(temporary, ports);
    Files.move(temporary, portsFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Thread.sleep(maxSeconds * 1_000);
    server.stop();
    control.stop();
    System.exit(0);
  }

  /** The decision endpoint. */
  static final class Decide extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient AccessGuard guard;

    Decide(AccessGuard guard) {
      this.guard = guard;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
      String method = request.getHeader("X-Original-Method");
      String uri = request.getHeader("X-Original-URI");
      if (method == null || uri == null) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return;
      }
      String path;
      try {
        path = URI.create(uri).getPath();
      } catch (IllegalArgumentException e) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return;
      }
      RequestView.Builder view = RequestView.builder(method, path == null || path.isEmpty() ? "/" : path);
      Enumeration<String> names = request.getHeaderNames();
      while (names.hasMoreElements()) {
        String name = names.nextElement();
        Enumeration<String> values = request.getHeaders(name);
        while (values.hasMoreElements()) {
          String value = values.nextElement();
          view.header(name, value);
          if (name.equalsIgnoreCase("Cookie")) {
            for (String pair : value.split(";")) {
              int equals = pair.indexOf('=');
              if (equals > 0) {
                view.cookie(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
              }
            }
          }
        }
      }
      AccessDecision decision = guard.decide(view.build());
      if (decision instanceof AccessDecision.Allow allow) {
        allow.caller().clientType().ifPresent(type -> response.setHeader("client-type", type));
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      } else if (decision instanceof AccessDecision.Deny deny) {
        response.setStatus(deny.status() == 401 ? 401 : HttpServletResponse.SC_FORBIDDEN);
      } else {
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      }
    }
  }
}
