package dev.quantum.core.ignore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.core.RelativePath;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per rule and path: the .syncignore text, the path (a trailing / marks a folder), ignored or not. */
class IgnoreRulesTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // defaults: editors' and OS temp files
                row("vim swap file", "", "docs/.notes.txt.swp", true),
                row("office lock file", "", "~$report.docx", true),
                row("emacs lock file", "", "src/.#main.c", true),
                row("temp file", "", "upload.tmp", true),
                row("macOS folder metadata", "", "photos/.DS_Store", true),
                row("an ordinary file", "", "notes.txt", false),
                row("a negation re-includes a default", "!*.tmp", "keep.tmp", false),

                // comments, blanks, escapes
                row("comment lines are not rules", "# build\n\n", "build", false),
                row("escaped hash is a literal", "\\#notes", "#notes", true),
                row("escaped bang is a literal", "\\!important", "!important", true),
                row("trailing spaces are trimmed", "*.log   ", "a.log", true),
                row("escaped trailing space is kept", "a\\ ", "a ", true),

                // globs
                row("star matches within a name", "*.log", "logs/app.log", true),
                row("star does not cross folders when anchored", "/logs/*.log", "logs/old/app.log", false),
                row("question mark matches one character", "file?.txt", "file1.txt", true),
                row("question mark needs exactly one", "file?.txt", "file10.txt", false),
                row("character class", "[abc].txt", "b.txt", true),
                row("character range", "data[0-9].csv", "data7.csv", true),
                row("negated character class", "data[!0-9].csv", "data7.csv", false),
                row("negated character class matches others", "data[!0-9].csv", "datax.csv", true),
                row("an unclosed bracket is literal", "a[b", "a[b", true),

                // anchoring
                row("a plain name matches at any depth", "build", "a/b/build/", true),
                row("leading slash anchors to the root", "/build", "build/", true),
                row("leading slash does not match deeper", "/build", "src/build/", false),
                row("an inner slash anchors too", "docs/tmp", "docs/tmp", true),
                row("an inner slash does not match deeper", "docs/tmp", "x/docs/tmp", false),

                // folders only
                row("trailing slash matches a folder", "cache/", "a/cache/", true),
                row("trailing slash does not match a file", "cache/", "a/cache", false),
                row("contents of an ignored folder are ignored", "cache/", "a/cache/x/y.bin", true),

                // double star
                row("leading double star matches at any depth", "**/tmp", "a/b/tmp", true),
                row("leading double star matches at the root", "**/tmp", "tmp", true),
                row("trailing double star matches everything inside", "out/**", "out/a/b.txt", true),
                row("trailing double star does not match the folder itself", "out/**", "out/", false),
                row("inner double star matches zero folders", "a/**/b", "a/b", true),
                row("inner double star matches many folders", "a/**/b", "a/x/y/b", true),

                // negation and order
                row("negation re-includes a file", "*.log\n!keep.log", "keep.log", false),
                row("the last matching rule wins", "!keep.log\n*.log", "keep.log", true),
                row("nothing comes back from an ignored folder", "build/\n!build/keep.txt", "build/keep.txt", true),
                row("a folder can be re-included by a later rule", "b*/\n!build/", "build/x.txt", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, String rules, String path, boolean ignored) {
        boolean directory = path.endsWith("/");
        RelativePath p = RelativePath.of(path);

        assertThat(IgnoreRules.parse(rules).ignores(p, directory)).as(name).isEqualTo(ignored);
    }

    @Test
    void defaults_alone_have_no_text() {
        assertThat(IgnoreRules.defaults().text()).isEmpty();
        assertThat(IgnoreRules.defaults().ignores(RelativePath.of("a.swp"), false)).isTrue();
    }

    @Test
    void every_table_row_gets_the_same_answer_from_rules_that_already_decided_its_folders() {
        table().forEach(row -> {
            Object[] a = row.get();
            IgnoreRules rules = IgnoreRules.parse((String) a[1]);
            RelativePath p = RelativePath.of((String) a[2]);
            boolean directory = ((String) a[2]).endsWith("/");
            rules.ignores(p, directory);
            p.parent().ifPresent(parent -> rules.ignores(parent, true));

            assertThat(rules.ignores(p, directory)).as((String) a[0]).isEqualTo(a[3]);
        });
    }

    @Test
    void decisions_stay_right_past_the_number_of_remembered_folders() {
        IgnoreRules rules = IgnoreRules.parse("build/\n!build/keep.txt\n");
        for (int i = 0; i <= IgnoreRules.MAX_REMEMBERED + 1; i++) {
            assertThat(rules.ignores(RelativePath.of("d" + i + "/build/x.o"), false)).isTrue();
            assertThat(rules.ignores(RelativePath.of("d" + i + "/src/x.c"), false)).isFalse();
        }
        assertThat(rules.ignores(RelativePath.of("d7/build/keep.txt"), false)).isTrue();
        assertThat(rules.ignores(RelativePath.of("d7/keep.txt"), false)).isFalse();
    }

    @Test
    void simple_name_patterns_decide_without_a_regex_exactly_as_the_regex_does() {
        List<String> globs = List.of("*.swp", "~$*", ".#*", "*.tmp", ".DS_Store", ".quantum", "build", "a*", "*a", "*.tar.gz",
                "x*y", "?.txt", "[ab].c", "*", "**/z", "dir/", "/top", "a\\*");
        List<String> paths = List.of("a.swp", "d/a.swp", "d/.swp", ".swp", "a.swp/b", "swp", "~$x", "d/~$", "~", "d/e~$x",
                ".#a", "d/.#", "x.tmp", "d.tmp/x", ".DS_Store", "d/.DS_Store", "d/.DS_Store2", ".quantum", "a/.quantum",
                "build", "build/x", "x/build", "xbuild", "a", "ab", "ba", "d/a", "b/ca", "f.tar.gz", "f.gz", "xy", "xzy",
                "a.txt", "a.c", "z", "q/z", "dir", "top", "a*", "d/a*");
        for (String glob : globs) {
            IgnorePattern pattern = IgnorePattern.parse(glob).orElseThrow();
            IgnorePattern slow = new IgnorePattern(pattern.source(), pattern.regex(), pattern.negated(), pattern.directoryOnly(), null);
            for (String path : paths) {
                for (boolean directory : new boolean[] {false, true}) {
                    assertThat(pattern.matches(path, directory)).as(glob + " on " + path + (directory ? "/" : ""))
                            .isEqualTo(slow.matches(path, directory));
                }
            }
        }
        assertThat(IgnorePattern.parse("*.swp").orElseThrow().name()).isNotNull();
        assertThat(IgnorePattern.parse("x*y").orElseThrow().name()).isNull();
    }

    @Test
    void keeps_the_text_it_was_parsed_from() {
        assertThat(IgnoreRules.parse("*.log\n").text()).isEqualTo("*.log\n");
    }

    private static Arguments row(String name, String rules, String path, boolean ignored) {
        return Arguments.of(name, rules, path, ignored);
    }
}
