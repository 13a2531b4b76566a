package dev.quantum.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RelativePathTest {

    @ParameterizedTest(name = "{0} is accepted as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a.txt                     | a.txt
            documents/new-file.txt    | documents/new-file.txt
            dir/                      | dir
            .hidden/.env              | .hidden/.env
            a b/c d.txt               | a b/c d.txt
            ...                       | ...
            ..foo/bar..               | ..foo/bar..
            notes/.quantum            | notes/.quantum
            .quantumish               | .quantumish
            日本語/ファイル.txt          | 日本語/ファイル.txt
            emoji/😀.png              | emoji/😀.png
            C/x                       | C/x
            """)
    void good_paths_are_accepted(String raw, String expected) {
        assertThat(RelativePath.of(raw).value()).isEqualTo(expected);
    }

    @Test
    void decomposed_unicode_is_normalised_to_nfc() {
        String nfd = "cafe\u0301.txt";
        assertThat(RelativePath.of(nfd).value()).isEqualTo("caf\u00e9.txt");
        assertThat(RelativePath.of(nfd)).isEqualTo(RelativePath.of("caf\u00e9.txt"));
    }

    static List<String> evilPaths() {
        List<String> evil = new ArrayList<>(List.of("", "/", "/etc/passwd", "..", "../x", "a/../../b", "a/..",
                "./a", "a/./b", "a//b", "a\\b", "..\\..\\windows", "C:/Windows", "c:x", "a\u0000b", "a\nb",
                "tab\there", "del\u007f", "c1\u0085", ".quantum", ".quantum/state.db", "//server/share",
                "x".repeat(256), "a/" + "b".repeat(256), "high\ud800surrogate"));
        StringBuilder deep = new StringBuilder();
        while (deep.length() < 4100) {
            deep.append("abcdefgh/");
        }
        evil.add(deep + "z");
        return evil;
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("evilPaths")
    void evil_paths_are_rejected_with_the_rule_they_break(String raw) {
        assertThatThrownBy(() -> RelativePath.of(raw))
                .isInstanceOf(InvalidPathException.class)
                .hasMessageStartingWith("invalid path ");
        assertThat(RelativePath.tryParse(raw)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\nb"})
    void error_messages_escape_control_characters(String raw) {
        assertThatThrownBy(() -> RelativePath.of(raw)).hasMessageNotContaining("\n").hasMessageContaining("\\u00");
    }

    @Test
    void null_is_rejected() {
        assertThatThrownBy(() -> RelativePath.of(null)).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void navigation_helpers() {
        RelativePath p = RelativePath.of("a/b/c.txt");
        assertThat(p.name()).isEqualTo("c.txt");
        assertThat(p.parent()).contains(RelativePath.of("a/b"));
        assertThat(RelativePath.of("top").parent()).isEmpty();
        assertThat(p.segments()).containsExactly("a", "b", "c.txt");
        assertThat(p.isWithin(RelativePath.of("a"))).isTrue();
        assertThat(RelativePath.of("ab/c").isWithin(RelativePath.of("a"))).isFalse();
        assertThat(p.rebase(RelativePath.of("a/b"), RelativePath.of("z"))).isEqualTo(RelativePath.of("z/c.txt"));
        assertThat(RelativePath.of("A/B.txt").foldedKey()).isEqualTo(RelativePath.of("a/b.TXT").foldedKey());
        assertThatThrownBy(() -> p.resolve("x/y")).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void folders_sort_directly_before_their_contents() {
        List<RelativePath> paths = new ArrayList<>(List.of(RelativePath.of("a-b"), RelativePath.of("a/z"),
                RelativePath.of("a")));
        paths.sort(null);
        assertThat(paths).extracting(RelativePath::value).containsExactly("a", "a/z", "a-b");
    }

    @ParameterizedTest(name = "{0} sorts {2} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a          | a            | =
            a          | b            | <
            a          | a/b          | <
            a/b        | a-b          | <
            a/b        | a b          | <
            a/z        | a!           | <
            a/b/c      | a/b!         | <
            a/b        | a/b/c        | <
            a.txt      | a/b          | >
            B          | a            | <
            ab         | a/b          | >
            é          | z            | >
            日本/x       | 日本語         | <
            😀/x        | 😀          | >
            emoji/😀   | emoji/� | <
            x/y/z      | x/yz         | <
            """)
    void order_is_by_segments_with_the_slash_lowest_as_before(String left, String right, String expected) {
        RelativePath a = RelativePath.of(left);
        RelativePath b = RelativePath.of(right);

        int sign = Integer.signum(a.compareTo(b));

        assertThat(sign).isEqualTo(switch (expected) {
            case "<" -> -1;
            case ">" -> 1;
            default -> 0;
        });
        assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-sign);
        assertThat(sign).isEqualTo(Integer.signum(left.replace('/', '\0').compareTo(right.replace('/', '\0'))));
    }

    @ParameterizedTest(name = "{0} within {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            a/b   | a    | true
            a     | a    | true
            a/b/c | a/b  | true
            ab    | a    | false
            a-b/c | a    | false
            a     | a/b  | false
            b/a   | a    | false
            """)
    void is_within_its_ancestors_and_itself_only(String path, String ancestor, boolean expected) {
        assertThat(RelativePath.of(path).isWithin(RelativePath.of(ancestor))).isEqualTo(expected);
    }
}
