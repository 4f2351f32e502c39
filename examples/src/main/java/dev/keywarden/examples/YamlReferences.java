package dev.keywarden.examples;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;

/**
 * Finds the YAML anchors ({@code &x}) and aliases ({@code *x}) of a configuration file, by the
 * JSON path of the node that carries them.
 *
 * <p>Why: Jackson's YAML parser does not resolve a scalar alias; it reads it as the alias's name.
 * {@code secret: *webSecret} would bind the guessable secret "webSecret", and an undefined alias
 * {@code *Zr81secret} the text "Zr81secret", with no error. Jackson also loses the anchor of a
 * scalar, so the file is walked here with SnakeYAML's event parser (the parser under Jackson's).
 */
final class YamlReferences {
  private YamlReferences() {}

  /**
   * The paths (as {@code ConfigFiles} writes them: {@code apiKeys[1].secret}, {@code ""} for the
   * top level) of the nodes, or field names, with an anchor or that are aliases; each maps to
   * {@code true} for an alias, whose text must never be bound.
   *
   * @throws ConfigFiles.ConfigFileException if the text is not YAML (not expected once Jackson read it)
   */
  static Map<String, Boolean> find(String text, String source) throws ConfigFiles.ConfigFileException {
    Map<String, Boolean> found = new HashMap<>();
    Deque<OpenCollection> open = new ArrayDeque<>();
    try {
      for (Event event : new Yaml(new LoaderOptions()).parse(new StringReader(text))) {
        if (event instanceof CollectionEndEvent) {
          open.pop();
        } else if (event instanceof NodeEvent node) {
          String path = open.isEmpty() ? "" : open.peek().pathOf(node);
          if (node.getAnchor() != null) {
            found.merge(path, node instanceof AliasEvent, Boolean::logicalOr);
          }
          if (node instanceof MappingStartEvent || node instanceof SequenceStartEvent) {
            open.push(new OpenCollection(path, node instanceof MappingStartEvent));
          }
        }
      }
    } catch (YAMLException e) {
      throw new ConfigFiles.ConfigFileException(source + ": not valid YAML");
    }
    return found;
  }

  /** An open mapping or sequence: where the next node in it goes. */
  private static final class OpenCollection {
    private final String path;
    private final boolean mapping;
    private int index;
    private String key; // in a mapping, the field name read whose value comes next

    OpenCollection(String path, boolean mapping) {
      this.path = path;
      this.mapping = mapping;
    }

    /** The path of the next node in this collection: an element, a field name, or a field's value. */
    String pathOf(NodeEvent node) {
      if (!mapping) {
        return path + "[" + index++ + "]";
      }
      if (key == null) {
        // A field name: a scalar, or an alias (which Jackson reads as its name); complex keys fail in Jackson.
        key = node instanceof ScalarEvent scalar ? scalar.getValue() : String.valueOf(node.getAnchor());
        return field();
      }
      String value = field();
      key = null;
      return value;
    }

    private String field() {
      return path.isEmpty() ? key : path + "." + key;
    }
  }
}
