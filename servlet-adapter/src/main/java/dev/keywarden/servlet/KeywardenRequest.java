package dev.keywarden.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The request an allowed call continues with: spoofable headers and (by default) credentials
 * removed, {@code client-type} set from the resolved key.
 */
final class KeywardenRequest extends HttpServletRequestWrapper {
  static final String CLIENT_TYPE = "client-type";

  private final Set<String> hiddenHeaders;
  private final Set<String> hiddenCookies;
  private final boolean hideBearer;
  private final String clientType;

  KeywardenRequest(HttpServletRequest request, Set<String> hiddenHeaders, Set<String> hiddenCookies,
      boolean hideBearer, String clientType) {
    super(request);
    this.hiddenHeaders = hiddenHeaders;
    this.hiddenCookies = hiddenCookies;
    this.hideBearer = hideBearer;
    this.clientType = clientType;
  }

  private boolean hidden(String lowerName) {
    return hiddenHeaders.contains(lowerName)
        || hideBearer && lowerName.equals("authorization") && isBearer(super.getHeader("authorization"));
  }

  private static boolean isBearer(String value) {
    return value != null && value.regionMatches(true, 0, "bearer ", 0, 7);
  }

  @Override
  public String getHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals(CLIENT_TYPE)) {
      return clientType;
    }
    if (hidden(lower)) {
      return null;
    }
    if (lower.equals("cookie") && !hiddenCookies.isEmpty()) {
      List<String> cookies = cookieHeaders();
      return cookies.isEmpty() ? null : cookies.get(0);
    }
    return super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals(CLIENT_TYPE)) {
      return Collections.enumeration(clientType == null ? List.of() : List.of(clientType));
    }
    if (hidden(lower)) {
      return Collections.emptyEnumeration();
    }
    if (lower.equals("cookie") && !hiddenCookies.isEmpty()) {
      return Collections.enumeration(cookieHeaders());
    }
    return super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    Set<String> names = new LinkedHashSet<>();
    Enumeration<String> original = super.getHeaderNames();
    while (original != null && original.hasMoreElements()) {
      String name = original.nextElement();
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals(CLIENT_TYPE) || hidden(lower)
          || lower.equals("cookie") && !hiddenCookies.isEmpty() && cookieHeaders().isEmpty()) {
        continue;
      }
      names.add(name);
    }
    if (clientType != null) {
      names.add(CLIENT_TYPE);
    }
    return Collections.enumeration(names);
  }

  @Override
  public int getIntHeader(String name) {
    String value = getHeader(name);
    return value == null ? -1 : Integer.parseInt(value);
  }

  @Override
  public long getDateHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals(CLIENT_TYPE) || hidden(lower)) {
      return -1;
    }
    return super.getDateHeader(name);
  }

  @Override
  public Cookie[] getCookies() {
    Cookie[] cookies = super.getCookies();
    if (cookies == null || hiddenCookies.isEmpty()) {
      return cookies;
    }
    List<Cookie> kept = new ArrayList<>(cookies.length);
    for (Cookie cookie : cookies) {
      if (!hiddenCookies.contains(cookie.getName())) {
        kept.add(cookie);
      }
    }
    return kept.isEmpty() ? null : kept.toArray(new Cookie[0]);
  }

  /** The Cookie header values with the hidden cookie pairs removed. */
  private List<String> cookieHeaders() {
    List<String> result = new ArrayList<>();
    Enumeration<String> values = super.getHeaders("cookie");
    while (values != null && values.hasMoreElements()) {
      StringBuilder kept = new StringBuilder();
      for (String pair : values.nextElement().split(";")) {
        String trimmed = pair.trim();
        if (trimmed.isEmpty() || hiddenCookies.contains(CookieHeader.name(trimmed))) {
          continue;
        }
        if (kept.length() > 0) {
          kept.append("; ");
        }
        kept.append(trimmed);
      }
      if (kept.length() > 0) {
        result.add(kept.toString());
      }
    }
    return result;
  }
}
