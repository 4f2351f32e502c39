package dev.keywarden.examples;

import dev.keywarden.access.AccessGuard;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.access.User;
import dev.keywarden.access.UserResolver;
import dev.keywarden.admin.AdminServlet;
import dev.keywarden.store.ApiKeyManagement;
import dev.keywarden.store.ApiKeyStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The demo's key management console at {@code /keywarden/}, with one documented demo
 * administrator logged in by HTTP Basic: user {@value #USER}, password {@value #PASSWORD}, in
 * the group {@code keywarden-admin}. DEMO ONLY: a real host logs its administrators in its own way
 * and hands the admin servlet a {@link UserResolver} for them.
 */
final class DemoConsole {
  static final String USER = "admin";
  static final String PASSWORD = "keywarden-demo";
  static final String PATH = "/keywarden";
  private static final String USER_ATTRIBUTE = "keywarden.demo.admin";

  /** The application rule that lets console requests through to the admin, which judges them itself. */
  static final EndpointRule RULE = EndpointRule.builder("ALL", PATH + "/**").isPublic(true).build();

  private DemoConsole() {}

  static <S extends ApiKeyStore & ApiKeyManagement> void mount(ServletContextHandler context, S store, AccessGuard guard) {
    AdminServlet admin = AdminServlet.builder(store, guard)
        .adminRule("groups[\"keywarden-admin\"]")
        .userResolver(UserResolver.requestAttribute(USER_ATTRIBUTE))
        .auditListener(event -> System.out.println("audit: " + event.actor() + " " + event.action() + " key "
            + event.keyId() + " at " + event.at()))
        .build();
    context.addFilter(new FilterHolder(new BasicLogin()), PATH + "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(admin), PATH + "/*");
  }

  /** HTTP Basic for the one demo administrator; a wrong or missing password asks the browser to log in. */
  private static final class BasicLogin implements Filter {
    private static final byte[] EXPECTED = ("Basic " + Base64.getEncoder()
        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      String header = ((HttpServletRequest) request).getHeader("Authorization");
      if (header == null || !MessageDigest.isEqual(EXPECTED, header.getBytes(StandardCharsets.UTF_8))) {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("WWW-Authenticate", "Basic realm=\"Keywarden demo console\", charset=\"UTF-8\"");
        http.sendError(401, "log in as the demo administrator");
        return;
      }
      request.setAttribute(USER_ATTRIBUTE, User.of(USER, Set.of("keywarden-admin"), Set.of()));
      chain.doFilter(request, response);
    }
  }
}
