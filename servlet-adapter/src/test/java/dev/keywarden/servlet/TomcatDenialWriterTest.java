package dev.keywarden.servlet;

/** A host denial writer on embedded Tomcat. */
class TomcatDenialWriterTest extends DenialWriterTest {
  @Override
  String kind() {
    return "tomcat";
  }
}
