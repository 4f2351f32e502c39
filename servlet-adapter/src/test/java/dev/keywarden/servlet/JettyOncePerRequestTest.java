package dev.keywarden.servlet;

/** One decision per request on embedded Jetty. */
class JettyOncePerRequestTest extends OncePerRequestTest {
  @Override
  String kind() {
    return "jetty";
  }
}
