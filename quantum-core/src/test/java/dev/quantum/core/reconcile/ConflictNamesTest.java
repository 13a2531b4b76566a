package dev.quantum.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.RelativePath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConflictNamesTest {

    private static final Instant AT = Instant.parse("2026-03-04T05:06:07.890Z");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "report.txt        | report.sync-conflict-20260304-050607-laptop.txt",
            "Makefile          | Makefile.sync-conflict-20260304-050607-laptop",
            ".bashrc           | .bashrc.sync-conflict-20260304-050607-laptop",
            ".config.json      | .config.sync-conflict-20260304-050607-laptop.json",
            "archive.tar.gz    | archive.tar.sync-conflict-20260304-050607-laptop.gz",
            "trailing.         | trailing..sync-conflict-20260304-050607-laptop",
            "Ünïcødé name.md   | Ünïcødé name.sync-conflict-20260304-050607-laptop.md",
    })
    void names_the_losing_copy_beside_the_winner(String name, String expected) {
        assertThat(ConflictNames.name(name, AT, "laptop")).isEqualTo(expected);
    }

    @Test
    void uses_utc_whatever_the_offset_of_the_instant() {
        Instant evening = java.time.OffsetDateTime.parse("2026-12-31T23:30:00-02:00").toInstant();

        assertThat(ConflictNames.name("a.txt", evening, "c1")).isEqualTo("a.sync-conflict-20270101-013000-c1.txt");
    }

    @Test
    void keeps_only_safe_characters_of_the_client_id() {
        assertThat(ConflictNames.name("a.txt", AT, "my laptop/ü.2")).isEqualTo("a.sync-conflict-20260304-050607-mylaptop2.txt");
        assertThat(ConflictNames.name("a.txt", AT, "...")).isEqualTo("a.sync-conflict-20260304-050607-unknown.txt");
        assertThat(ConflictNames.name("a", AT, "x".repeat(100))).endsWith("-" + "x".repeat(32));
    }

    @Test
    void shortens_a_long_name_to_fit_the_segment_limit() {
        String copy = ConflictNames.name("é".repeat(127) + ".txt", AT, "c1");

        assertThat(copy.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(copy).endsWith(".sync-conflict-20260304-050607-c1.txt");
        assertThat(RelativePath.tryParse(copy)).isPresent();
    }

    @Test
    void builds_a_sibling_path() {
        assertThat(ConflictNames.path(RelativePath.of("docs/a.txt"), AT, "c1"))
                .isEqualTo(RelativePath.of("docs/a.sync-conflict-20260304-050607-c1.txt"));
        assertThat(ConflictNames.path(RelativePath.of("a.txt"), AT, "c1"))
                .isEqualTo(RelativePath.of("a.sync-conflict-20260304-050607-c1.txt"));
    }

    @Test
    void recognises_its_own_names() {
        assertThat(ConflictNames.isConflictCopy(ConflictNames.name("a.txt", AT, "c1"))).isTrue();
        assertThat(ConflictNames.isConflictCopy(ConflictNames.name("Makefile", AT, "c1"))).isTrue();
        assertThat(ConflictNames.isConflictCopy("a.sync-conflict.txt")).isFalse();
    }

    @Test
    void rejects_what_is_not_a_file_name() {
        assertThatThrownBy(() -> ConflictNames.name("", AT, "c1")).hasMessageContaining("not a file name");
        assertThatThrownBy(() -> ConflictNames.name("a/b", AT, "c1")).hasMessageContaining("not a file name");
    }
}
