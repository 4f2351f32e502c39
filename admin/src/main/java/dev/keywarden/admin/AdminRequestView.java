package dev.keywarden.admin;

import dev.keywarden.extract.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** The admin guard's view of a request: the path inside the admin servlet's mount. */
final class AdminRequestView implements RequestView {
  private final HttpServletRequest request;
  private final String path;

  AdminRequestView(HttpServletRequest request, String path) {
    this.request = request;
    this.path = path;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public List<String> headers(String name) {
    Enumeration<String> values = request.getHeaders(name);
    return values == null ? List.of() : Collections.list(values);
  }

  @Override
  public List<String> cookies(String name) {
    List<String> values = new ArrayList<>(1);
    for (String header : headers("Cookie")) {
      for (String pair : header.split(";")) {
        int equals = pair.indexOf('=');
        if (equals > 0 && pair.substring(0, equals).trim().equals(name)) {
          String value = pair.substring(equals + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          values.add(value);
        }
      }
    }
    return values;
  }

  @Override
  public Object attribute(String name) {
    return request.getAttribute(name);
  }

  @Override
  public String principalName() {
    Principal principal = request.getUserPrincipal();
    return principal == null ? null : principal.getName();
  }

  @Override
  public boolean isUserInRole(String role) {
    return request.isUserInRole(role);
  }

  @Override
  public int localPort() {
    return request.getLocalPort();
  }
}
