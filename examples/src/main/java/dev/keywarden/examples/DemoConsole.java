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
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The demo's key management console at {@code /keywarden/}, with one administrator logged in by
 * HTTP Basic: user {@value #USER}, in the group {@code keywarden-admin}, with the documented
 * password {@value #PASSWORD} over the bundled demo keys, or a {@link #randomPassword() random
 * one} printed at start over the keys of a {@code --config} file (real keys must not be managed
 * with a password anyone can read in the README). DEMO ONLY: a real host logs its administrators
 * in its own way and hands the admin servlet a {@link UserResolver} for them.
 */
final class DemoConsole {
  static final String USER = "admin";
  static final String PASSWORD = "keywarden-demo";
  static final String PATH = "/keywarden";
  private static final String USER_ATTRIBUTE = "keywarden.demo.admin";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The application rule that lets console requests through to the admin, which judges them itself. */
  static final EndpointRule RULE = EndpointRule.builder("ALL", PATH + "/**").isPublic(true).build();

  private DemoConsole() {}

  /** A password for one run of the console: 144 bits from {@link SecureRandom}, URL-safe Base64. */
  static String randomPassword() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Mounts the console for the administrator {@value #USER} with the given password. */
  static <S extends ApiKeyStore & ApiKeyManagement> void mount(ServletContextHandler context, S store,
      AccessGuard guard, String password) {
    AdminServlet admin = AdminServlet.builder(store, guard)
        .adminRule("groups[\"keywarden-admin\"]")
        .userResolver(UserResolver.requestAttribute(USER_ATTRIBUTE))
        .auditListener(event -> System.out.println("audit: " + event.actor() + " " + event.action() + " key "
            + event.keyId() + " at " + event.at()))
        .build();
    context.addFilter(new FilterHolder(new BasicLogin(password)), PATH + "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(admin), PATH + "/*");
  }

  /** HTTP Basic for the one demo administrator; a wrong or missing password asks the browser to log in. */
  private static final class BasicLogin implements Filter {
    private final byte[] expected;

    BasicLogin(String password) {
      String credentials = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
      expected = ("Basic " + credentials).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      String header = ((HttpServletRequest) request).getHeader("Authorization");
      if (header == null || !MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
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
