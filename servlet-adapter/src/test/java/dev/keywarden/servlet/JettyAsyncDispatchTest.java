package dev.keywarden.servlet;

/** Asynchronous processing of a protected request on embedded Jetty. */
class JettyAsyncDispatchTest extends AsyncDispatchTest {
  @Override
  String kind() {
    return "jetty";
  }
}
