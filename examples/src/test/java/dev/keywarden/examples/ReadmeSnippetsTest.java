package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README against the code: every Java block appears in the compiled {@code ReadmeSnippets}
 * with imports that file really has; the configuration examples pass {@code check-config}; the
 * coordinates are the build's. What the snippets do is tested by {@code ReadmeSnippetsBehaviourTest}.
 */
class ReadmeSnippetsTest {
  private static final Path README = Path.of("../README.md");
  private static final Path SNIPPETS =
      Path.of("src/main/java/dev/keywarden/examples/snippets/ReadmeSnippets.java");

  private static List<String> meaningful(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      if (!line.isBlank()) {
        out.add(line.trim());
      }
    }
    return out;
  }

  /** The fenced blocks of the README in a language, each as its lines. */
  private static List<List<String>> blocks(String language) throws IOException {
    List<List<String>> blocks = new ArrayList<>();
    List<String> block = null;
    for (String line : Files.readAllLines(README)) {
      if (block == null && line.trim().equals("```" + language)) {
        block = new ArrayList<>();
      } else if (block != null && line.trim().equals("```")) {
        blocks.add(block);
        block = null;
      } else if (block != null) {
        block.add(line);
      }
    }
    return blocks;
  }

  @Test
  void everyJavaBlockOfTheReadme_standsInTheCompiledSnippets_withItsImports() throws IOException {
    List<String> source = meaningful(Files.readAllLines(SNIPPETS));
    Set<String> sourceImports = new LinkedHashSet<>();
    for (String line : source) {
      if (line.startsWith("import ")) {
        sourceImports.add(line);
      }
    }
    List<List<String>> blocks = blocks("java");
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(12);
    for (List<String> javaBlock : blocks) {
      List<String> imports = new ArrayList<>();
      List<String> code = new ArrayList<>();
      for (String line : meaningful(javaBlock)) {
        (line.startsWith("import ") ? imports : code).add(line);
      }
      String shown = String.join("\n", javaBlock);
      assertThat(imports).as("README block shows its imports:%n%s", shown).isNotEmpty();
      assertThat(sourceImports).as("imports of README block exist in ReadmeSnippets.java:%n%s", shown)
          .containsAll(imports);
      assertThat(Collections.indexOfSubList(source, code))
          .as("README block not found in ReadmeSnippets.java:%n%s", shown)
          .isNotNegative();
      // Complete: every type of the snippets' imports that the block names is imported by it.
      String body = String.join("\n", code).replaceAll("//[^\n]*", "");
      for (String sourceImport : sourceImports) {
        String simpleName = sourceImport.substring(sourceImport.lastIndexOf('.') + 1, sourceImport.length() - 1);
        if (Pattern.compile("\\b" + simpleName + "\\b").matcher(body).find()) {
          assertThat(imports).as("block naming %s imports it:%n%s", simpleName, shown).contains(sourceImport);
        }
      }
    }
  }

  @Test
  void readme_startsWithTheTwoCommands_andCiRunsTheSecond() throws IOException {
    List<String> readme = Files.readAllLines(README);
    int fence = readme.indexOf("```bash");
    assertThat(fence).isBetween(1, 3);
    assertThat(readme.get(fence + 1)).isEqualTo(
        "mvn -B -q -DskipTests package && java -jar examples/target/keywarden-examples.jar serve");
    assertThat(readme.get(fence + 2)).isEqualTo("mvn -B verify");
    assertThat(readme.get(fence + 3)).isEqualTo("```");
    assertThat(Files.readString(Path.of("../.ci/run"))).contains("\nmvn -B verify");
  }

  /**
   * The README's Spring Boot YAML is the example application's {@code application.yml}, whose
   * test checks it over HTTP; only the demo key's default differs.
   */
  private static void assertSpringBootExampleHas(List<String> block) throws IOException {
    String example = Files.readString(Path.of("spring-boot/src/main/resources/application.yml"))
        .replace("${WEB_API_KEY:demo-web-key-1}", "${WEB_API_KEY:}");
    for (String line : block) {
      String code = line.replaceAll("\\s+#.*$", "");
      assertThat(example).as("examples/spring-boot application.yml").contains(code);
    }
  }

  /** The configuration reference's JSON and YAML examples must pass their own check-config. */
  @Test
  void configurationExamplesOfTheReadme_passCheckConfig(@TempDir Path dir) throws IOException {
    List<String> checked = new ArrayList<>();
    for (String language : new String[] {"json", "yaml"}) {
      List<List<String>> blocks = blocks(language);
      assertThat(blocks).as(language + " blocks").isNotEmpty();
      for (int i = 0; i < blocks.size(); i++) {
        if (blocks.get(i).get(0).equals("keywarden:")) {
          // Spring Boot properties, not a configuration file: the example application runs them.
          assertSpringBootExampleHas(blocks.get(i));
          continue;
        }
        Path file = dir.resolve("readme-" + i + "." + language);
        Files.writeString(file, String.join("\n", blocks.get(i)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"check-config", file.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as("check-config on README %s block %d: %s", language, i,
            err.toString(StandardCharsets.UTF_8)).isZero();
        checked.add(out.toString(StandardCharsets.UTF_8).trim());
      }
    }
    assertThat(checked).anyMatch(line -> line.endsWith(": OK (3 API keys, 1 endpoint)"));
  }

  /** Another project can depend on the coordinates the README shows, once installed as it says. */
  @Test
  void mavenCoordinates_areTheBuildsAndSayToInstallFirst() throws IOException {
    String readme = Files.readString(README);
    String section = readme.substring(readme.indexOf("## Maven coordinates"), readme.indexOf("## Usage by task"));
    Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(parent.find()).isTrue();
    assertThat(section).contains("<groupId>dev.keywarden</groupId>")
        .contains("<artifactId>keywarden-servlet</artifactId>")
        .contains("<version>" + parent.group(1) + "</version>")
        .contains("mvn -B install -DskipTests")
        .contains("not on Maven Central");
    assertThat(Files.readString(Path.of("../servlet-adapter/pom.xml")))
        .contains("<artifactId>keywarden-servlet</artifactId>");
  }
}
