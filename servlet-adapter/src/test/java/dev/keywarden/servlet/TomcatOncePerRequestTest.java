package dev.keywarden.servlet;

/** One decision per request on embedded Tomcat. */
class TomcatOncePerRequestTest extends OncePerRequestTest {
  @Override
  String kind() {
    return "tomcat";
  }
}
