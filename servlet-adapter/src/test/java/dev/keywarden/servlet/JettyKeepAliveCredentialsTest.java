package dev.keywarden.servlet;

/** Kept-alive connections on embedded Jetty. */
class JettyKeepAliveCredentialsTest extends KeepAliveCredentialsTest {
  @Override
  String kind() {
    return "jetty";
  }
}
