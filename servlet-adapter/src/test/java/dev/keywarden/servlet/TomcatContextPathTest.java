package dev.keywarden.servlet;

/** A context path on embedded Tomcat. */
class TomcatContextPathTest extends ContextPathTest {
  @Override
  String kind() {
    return "tomcat";
  }
}
