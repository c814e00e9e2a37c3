package io.github.beatbrackerz.eventstore.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the README's Java honest: every {@code java} block must be a compiled, tagged snippet. */
class ReadmeSnippetsTest {

    private static final Path README = Path.of("..", "..", "README.md");
    private static final Path SNIPPETS = Path.of("src", "test", "java", "io", "github", "beatbrackerz",
            "eventstore", "examples", "readme", "ReadmeSnippets.java");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("// tag::([a-z-]+)\\[]\\n(.*?)\\n\\s*// end::\\1\\[]", Pattern.DOTALL);

    @Test
    void everyJavaBlockOfTheReadmeIsACompiledSnippet() throws IOException {
        Map<String, String> snippets = taggedSnippets();
        List<String> blocks = javaBlocks();

        assertThat(blocks).as("java blocks in README.md").hasSizeGreaterThanOrEqualTo(20);
        for (String block : blocks) {
            assertThat(snippets.values()).as("README block not found in ReadmeSnippets.java:%n%s", block)
                    .contains(normalize(block));
        }
    }

    @Test
    void everySnippetIsQuotedByTheReadme() throws IOException {
        List<String> blocks = javaBlocks().stream().map(ReadmeSnippetsTest::normalize).toList();
        taggedSnippets().forEach((tag, snippet) ->
                assertThat(blocks).as("snippet %s is not in README.md", tag).contains(snippet));
    }

    private static List<String> javaBlocks() throws IOException {
        Matcher matcher = JAVA_BLOCK.matcher(Files.readString(README));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    private static Map<String, String> taggedSnippets() throws IOException {
        Matcher matcher = TAG.matcher(Files.readString(SNIPPETS));
        Map<String, String> snippets = new LinkedHashMap<>();
        while (matcher.find()) {
            snippets.put(matcher.group(1), normalize(matcher.group(2)));
        }
        return snippets;
    }

    private static String normalize(String code) {
        List<String> lines = code.stripTrailing().lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }
}
