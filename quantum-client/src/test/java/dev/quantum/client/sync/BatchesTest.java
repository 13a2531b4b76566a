package dev.quantum.client.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchesTest {

    @ParameterizedTest(name = "{0} files of {1} bytes on {2} threads: {3}")
    @CsvSource(delimiter = ';', textBlock = """
            # files; bytes each; threads; batch sizes
                  3;      4096;       4; ''
                  4;      4096;       4; 4
                  8;      4096;       4; 8
                  9;      4096;       4; 8 1
                 20;      4096;       4; 8 8 4
                 50;      4096;       4; 13 13 13 11
                 50;      4096;       1; 50
               1000;      4096;       4; 250 250 250 250
              10000;      4096;       4; 256*39 16
                 20;   1048576;       2; 8 8 4
                 30;    600000;       1; 13 13 4
            """)
    void small_files_are_cut_into_about_one_batch_per_thread_within_bounds(int files, long bytes, int threads,
                                                                            String expected) {
        List<Integer> items = IntStream.range(0, files).boxed().toList();

        List<List<Integer>> batches = Batches.of(items, i -> bytes, threads);

        assertThat(batches.stream().map(List::size).toList()).isEqualTo(sizes(expected));
        assertThat(batches.stream().flatMap(List::stream).toList()).as("every file once, in order")
                .isEqualTo(files < Batches.FROM_FILES ? List.of() : items);
    }

    @Test
    void only_files_up_to_one_mebibyte_are_small() {
        assertThat(Batches.small(0)).isTrue();
        assertThat(Batches.small(1024 * 1024)).isTrue();
        assertThat(Batches.small(1024 * 1024 + 1)).isFalse();
    }

    /** "8 8 4", with "256*39" meaning 39 batches of 256. */
    private static List<Integer> sizes(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.trim().split(" ")).flatMap(part -> {
            String[] times = part.split("\\*");
            return Collections.nCopies(times.length == 2 ? Integer.parseInt(times[1]) : 1, Integer.parseInt(times[0])).stream();
        }).toList();
    }
}
