package dev.keywarden.servlet;

/** A context path on embedded Jetty. */
class JettyContextPathTest extends ContextPathTest {
  @Override
  String kind() {
    return "jetty";
  }
}
