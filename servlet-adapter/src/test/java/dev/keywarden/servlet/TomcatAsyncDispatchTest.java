package dev.keywarden.servlet;

/** Asynchronous processing of a protected request on embedded Tomcat. */
class TomcatAsyncDispatchTest extends AsyncDispatchTest {
  @Override
  String kind() {
    return "tomcat";
  }
}
