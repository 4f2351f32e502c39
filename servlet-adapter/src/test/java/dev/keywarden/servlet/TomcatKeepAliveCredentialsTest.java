package dev.keywarden.servlet;

/** Kept-alive connections on embedded Tomcat. */
class TomcatKeepAliveCredentialsTest extends KeepAliveCredentialsTest {
  @Override
  String kind() {
    return "tomcat";
  }
}
