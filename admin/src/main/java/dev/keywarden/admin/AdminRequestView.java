package dev.keywarden.admin;

import dev.keywarden.extract.RequestView;
import dev.keywarden.servlet.ServletRequests;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * The admin guard's view of a request: the servlet adapter's view (headers, cookies, user), with
 * the path inside the admin servlet's mount.
 */
final class AdminRequestView implements RequestView {
  private final RequestView request;
  private final String path;

  AdminRequestView(HttpServletRequest request, String path) {
    this.request = ServletRequests.view(request);
    this.path = path;
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public List<String> headers(String name) {
    return request.headers(name);
  }

  @Override
  public List<String> cookies(String name) {
    return request.cookies(name);
  }

  @Override
  public Object attribute(String name) {
    return request.attribute(name);
  }

  @Override
  public String principalName() {
    return request.principalName();
  }

  @Override
  public boolean isUserInRole(String role) {
    return request.isUserInRole(role);
  }

  @Override
  public int localPort() {
    return request.localPort();
  }
}
