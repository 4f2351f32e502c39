package dev.keywarden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Java block of the README is copied from compiled code: it must appear there verbatim. */
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

  @Test
  void everyJavaBlockOfTheReadme_standsInTheCompiledSnippets() throws IOException {
    List<String> readme = Files.readAllLines(README);
    List<String> source = meaningful(Files.readAllLines(SNIPPETS));
    List<List<String>> blocks = new ArrayList<>();
    List<String> block = null;
    for (String line : readme) {
      if (line.trim().equals("```java")) {
        block = new ArrayList<>();
      } else if (line.trim().equals("```") && block != null) {
        blocks.add(meaningful(block));
        block = null;
      } else if (block != null) {
        block.add(line);
      }
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(8);
    for (List<String> javaBlock : blocks) {
      assertThat(Collections.indexOfSubList(source, javaBlock))
          .as("README block not found in ReadmeSnippets.java:%n%s", String.join("\n", javaBlock))
          .isNotNegative();
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
}
