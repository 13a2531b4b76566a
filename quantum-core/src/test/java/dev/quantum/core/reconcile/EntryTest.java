package dev.quantum.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntryTest {

    private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String OTHER_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b856";

    @Test
    void a_sha256_hash_reads_back_as_the_same_lowercase_hex() {
        assertThat(Entry.file(SHA, 7).hash()).isEqualTo(SHA);
        assertThat(Entry.file("0".repeat(64), 0).hash()).isEqualTo("0".repeat(64));
        assertThat(Entry.file("f".repeat(64), 0).hash()).isEqualTo("f".repeat(64));
    }

    @Test
    void entries_are_equal_exactly_when_hash_and_size_are() {
        assertThat(Entry.file(SHA, 7)).isEqualTo(Entry.file(SHA, 7)).hasSameHashCodeAs(Entry.file(SHA, 7));
        assertThat(Entry.file(SHA, 7)).isNotEqualTo(Entry.file(SHA, 8));
        assertThat(Entry.file(SHA, 7)).isNotEqualTo(Entry.file(OTHER_SHA, 7));
        assertThat(Entry.file(SHA, 0)).isNotEqualTo(Entry.directory());
        assertThat(Entry.directory()).isEqualTo(Entry.directory());
    }

    @Test
    void an_unhashed_file_equals_only_itself_and_has_no_hash_to_give() {
        Entry unhashed = Entry.unhashed(7);

        assertThat(unhashed).isEqualTo(unhashed).isNotEqualTo(Entry.unhashed(7)).isNotEqualTo(Entry.file(SHA, 7));
        assertThat(Entry.file(SHA, 7)).isNotEqualTo(unhashed);
        assertThat(unhashed.isFile()).isTrue();
        assertThat(unhashed.isHashed()).isFalse();
        assertThat(Entry.file(SHA, 7).isHashed()).isTrue();
        assertThat(unhashed.size()).isEqualTo(7);
        assertThat(unhashed).hasToString("file(unhashed, 7 B)");
        assertThatThrownBy(unhashed::hash).isInstanceOf(IllegalStateException.class).hasMessageContaining("not been hashed");
        assertThatThrownBy(() -> Entry.unhashed(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_hash_that_is_not_a_sha256_is_kept_as_written() {
        assertThat(Entry.file("sha256hash", 3).hash()).isEqualTo("sha256hash");
        assertThat(Entry.file(SHA.toUpperCase(), 3).hash()).isEqualTo(SHA.toUpperCase());
        assertThat(Entry.file(SHA.toUpperCase(), 3)).isNotEqualTo(Entry.file(SHA, 3));
        assertThat(Entry.file("sha256hash", 3)).isEqualTo(Entry.file("sha256hash", 3));
    }

    @Test
    void a_folder_has_no_hash_and_no_size() {
        assertThat(Entry.directory().isDirectory()).isTrue();
        assertThat(Entry.directory().isFile()).isFalse();
        assertThat(Entry.directory().hash()).isEmpty();
        assertThat(Entry.directory().size()).isZero();
        assertThat(Entry.directory()).hasToString("dir");
    }

    @Test
    void metadata_becomes_the_entry_it_describes() {
        RelativePath p = RelativePath.of("a.txt");
        assertThat(Entry.of(FileMetadata.file(p, 7, Instant.EPOCH, SHA))).isEqualTo(Entry.file(SHA, 7));
        assertThat(Entry.of(FileMetadata.directory(p, Instant.EPOCH))).isSameAs(Entry.directory());
        assertThat(Entry.file(SHA, 7)).hasToString("file(e3b0c44298fc, 7 B)");
    }

    @Test
    void a_file_without_a_hash_or_with_a_negative_size_is_refused() {
        assertThatThrownBy(() -> Entry.file("", 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash");
        assertThatThrownBy(() -> Entry.file(null, 1)).isInstanceOf(NullPointerException.class).hasMessageContaining("hash");
        assertThatThrownBy(() -> Entry.file(SHA, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
