package dev.quantum.core.reconcile;

import static dev.quantum.core.reconcile.Trees.describe;
import static dev.quantum.core.reconcile.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.core.RelativePath;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sync semantics, one row per case: base, local and remote trees in, the plan out
 * (actions in execution order, then problems). Notation: {@code d/} a folder,
 * {@code a=1} a file with content "1"; {@code upload a=2 over 1} is an upload conditional
 * on the server still holding content 1, a plain {@code upload a=2} is create-only.
 */
class ReconcilerTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // ---- unchanged ----
                row("nothing anywhere", "", "", ""),
                row("unchanged file", "a=1", "a=1", "a=1"),
                row("unchanged folder", "d/ d/x=1", "d/ d/x=1", "d/ d/x=1"),

                // ---- created ----
                row("local created file", "", "a=1", "", "upload a=1"),
                row("remote created file", "", "", "a=1", "download a=1"),
                row("both created the same file", "", "a=1", "a=1", "in-sync a=1"),
                row("both created different files", "", "a=1", "a=2", "keep-both a local=1 remote=2"),
                row("local created folder with a file", "", "d/ d/x=1", "", "mkdir-remote d", "upload d/x=1"),
                row("remote created folder with a file", "", "", "d/ d/x=1", "mkdir-local d", "download d/x=1"),
                row("local created empty folder", "", "d/", "", "mkdir-remote d"),
                row("both created the same folder", "", "d/", "d/", "in-sync d/"),
                row("both created a folder with different files", "", "d/ d/x=1", "d/ d/y=2",
                        "upload d/x=1", "download d/y=2", "in-sync d/"),

                // ---- modified ----
                row("local modified", "a=1", "a=2", "a=1", "upload a=2 over 1"),
                row("remote modified", "a=1", "a=1", "a=2", "download a=2 over 1"),
                row("both modified identically is no conflict", "a=1", "a=2", "a=2", "in-sync a=2"),
                row("both modified differently keeps both", "a=1", "a=2", "a=3", "keep-both a local=2 remote=3"),

                // ---- deleted ----
                row("local deleted file", "a=1", "", "a=1", "delete-remote a"),
                row("remote deleted file", "a=1", "a=1", "", "delete-local a"),
                row("both deleted file", "a=1", "", "", "forget a"),
                row("local deleted folder is one remote delete", "d/ d/x=1 d/y=2", "", "d/ d/x=1 d/y=2", "delete-remote d"),
                row("remote deleted folder is deleted children first", "d/ d/x=1 d/y=2", "d/ d/x=1 d/y=2", "",
                        "delete-local d/y", "delete-local d/x", "delete-local d"),
                row("both deleted folder", "d/ d/x=1", "", "", "forget d", "forget d/x"),

                // ---- edit beats delete ----
                row("local edit beats remote delete", "a=1", "a=2", "", "upload a=2"),
                row("remote edit beats local delete", "a=1", "", "a=2", "download a=2"),
                row("local edit inside a folder deleted remotely keeps the folder", "d/ d/x=1 d/y=2", "d/ d/x=3 d/y=2", "",
                        "mkdir-remote d", "delete-local d/y", "upload d/x=3"),
                row("remote edit inside a folder deleted locally keeps the folder", "d/ d/x=1 d/y=2", "", "d/ d/x=3 d/y=2",
                        "mkdir-local d", "delete-remote d/y", "download d/x=3"),
                row("file added remotely inside a folder deleted locally survives", "d/ d/x=1", "", "d/ d/x=1 d/new=5",
                        "mkdir-local d", "delete-remote d/x", "download d/new=5"),
                row("file added locally inside a folder deleted remotely survives", "d/ d/x=1", "d/ d/x=1 d/new=5", "",
                        "mkdir-remote d", "delete-local d/x", "upload d/new=5"),

                // ---- moved ----
                row("local file renamed", "a=1", "b=1", "a=1", "move-remote a -> b"),
                row("remote file renamed", "a=1", "a=1", "b=1", "move-local a -> b"),
                row("local folder renamed", "d/ d/x=1 d/s/ d/s/y=2", "e/ e/x=1 e/s/ e/s/y=2", "d/ d/x=1 d/s/ d/s/y=2",
                        "move-remote d -> e"),
                row("remote folder renamed", "d/ d/x=1 d/s/ d/s/y=2", "d/ d/x=1 d/s/ d/s/y=2", "e/ e/x=1 e/s/ e/s/y=2",
                        "move-local d -> e"),
                row("local file moved into a new folder", "a=1", "n/ n/a=1", "a=1", "mkdir-remote n", "move-remote a -> n/a"),
                row("local file moved out of a deleted folder", "d/ d/x=1", "x=1", "d/ d/x=1",
                        "move-remote d/x -> x", "delete-remote d"),
                row("renamed and edited is delete plus create", "a=1", "b=2", "a=1", "delete-remote a", "upload b=2"),
                row("ambiguous equal contents are not moves", "a=1 b=1", "c=1 d=1", "a=1 b=1",
                        "delete-remote a", "delete-remote b", "upload c=1", "upload d=1"),
                row("equal contents moved keep their names", "a=1 b=1", "n/ n/a=1 n/b=1", "a=1 b=1",
                        "mkdir-remote n", "move-remote a -> n/a", "move-remote b -> n/b"),
                row("empty files are never paired as moves", "e=", "f=", "e=", "delete-remote e", "upload f="),
                row("both renamed the same way", "a=1", "b=1", "b=1", "forget a", "in-sync b=1"),
                row("local rename against remote edit keeps both contents", "a=1", "b=1", "a=2",
                        "download a=2", "upload b=1"),
                row("edited folder rename is not a folder move", "d/ d/x=1 d/y=2", "e/ e/x=1 e/y=3", "d/ d/x=1 d/y=2",
                        "mkdir-remote e", "move-remote d/x -> e/x", "delete-remote d", "upload e/y=3"),

                // ---- type changes ----
                row("local file became a folder", "p=1", "p/ p/x=2", "p=1", "delete-remote p", "mkdir-remote p", "upload p/x=2"),
                row("remote file became a folder", "p=1", "p=1", "p/ p/x=2", "delete-local p", "mkdir-local p", "download p/x=2"),
                row("local folder became a file", "p/ p/x=1", "p=2", "p/ p/x=1", "delete-remote p", "upload p=2"),
                row("remote folder became a file", "p/ p/x=1", "p/ p/x=1", "p=2",
                        "delete-local p/x", "delete-local p", "download p=2"),
                row("new local file against new remote folder", "", "p=1", "p/ p/x=2",
                        "keep-both p local=1 remote=/", "download p/x=2"),
                row("new local folder against new remote file", "", "p/ p/x=1", "p=2", "keep-both p local=/ remote=2"),
                row("local folder-to-file against remote edit inside keeps both", "p/ p/x=1", "p=2", "p/ p/x=3",
                        "keep-both p local=2 remote=/", "download p/x=3"),
                row("remote folder-to-file against local edit inside keeps both", "p/ p/x=1", "p/ p/x=3", "p=2",
                        "keep-both p local=/ remote=2"),

                // ---- letter case and Unicode normalisation ----
                row("remote name differing only by case is not downloaded", "README=1", "README=1", "README=1 readme=2",
                        "problem readme"),
                row("local name differing only by case is not uploaded", "README=1", "README=1 readme=2", "README=1",
                        "problem readme"),
                row("two new local names differing by case: the first goes up", "", "A=1 a=2", "", "upload A=1", "problem a"),
                row("a folder differing by case holds back its contents", "docs/ docs/y=2", "docs/ docs/y=2",
                        "docs/ docs/y=2 Docs/ Docs/x=1", "problem Docs"),
                row("case-only rename is a move", "README=1", "readme=1", "README=1", "move-remote README -> readme"),
                row("NFD and NFC spellings are one path", "\u00e9=1", "e\u0301=1", "\u00e9=2", "download \u00e9=2 over 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void reconciles(String name, String base, String local, String remote, List<String> expected) {
        Plan plan = Reconciler.reconcile(tree(base), tree(local), tree(remote));

        Stream<String> actions = plan.actions().stream().map(Trees::describe);
        Stream<String> problems = plan.problems().stream().map(p -> "problem " + p.path());
        assertThat(Stream.concat(actions, problems).toList()).as(name).isEqualTo(expected);
    }

    @Test
    void a_scoped_reconcile_plans_only_the_given_roots() {
        Plan plan = Reconciler.reconcile(tree("a=1 b=1 d/ d/x=1"), tree("a=2 b=2 d/ d/x=2"), tree("a=1 b=1 d/ d/x=1"),
                Set.of(RelativePath.of("a"), RelativePath.of("d")));

        assertThat(plan.actions()).map(Trees::describe).containsExactly("upload a=2 over 1", "upload d/x=2 over 1");
    }

    @Test
    void a_scoped_reconcile_of_a_watched_folder_rename_is_one_move() {
        Tree before = tree("docs/ docs/x=1 docs/sub/ docs/sub/y=2 old=3");
        Tree after = tree("papers/ papers/x=1 papers/sub/ papers/sub/y=2");

        Plan plan = Reconciler.reconcile(before, after, before, Set.of(RelativePath.of("old"), RelativePath.of("docs"),
                RelativePath.of("papers"), RelativePath.of("papers/sub"), RelativePath.of("papers/sub/y"), RelativePath.of("papers/x")));

        assertThat(plan.actions()).map(Trees::describe).containsExactly("move-remote docs -> papers", "delete-remote old");
    }

    @Test
    void a_scoped_reconcile_still_sees_case_clashes_outside_its_roots() {
        Plan plan = Reconciler.reconcile(tree("README=1"), tree("README=1"), tree("README=1 readme=2"),
                Set.of(RelativePath.of("readme")));

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(RelativePath.of("readme"));
            assertThat(p.reason()).contains("differs only by letter case from 'README'");
        });
    }

    @Test
    void the_same_trees_always_give_the_same_plan() {
        Tree base = tree("a=1 b=1 d/ d/x=1");
        Tree local = tree("b=2 d/ d/x=1 n/ n/a=1");
        Tree remote = tree("a=1 b=3 d/ d/x=1 d/y=4");

        assertThat(Reconciler.reconcile(base, local, remote)).isEqualTo(Reconciler.reconcile(base, local, remote));
    }

    @Test
    void a_folder_deleted_locally_is_one_delete_on_the_server() {
        Tree base = tree("d/ d/x=1 d/s/ d/s/y=2 a=3 b=4");
        Plan plan = Reconciler.reconcile(base, tree("b=4"), base);

        assertThat(plan.actions()).map(Trees::describe).containsExactly("delete-remote a", "delete-remote d");
    }

    @Test
    void an_unhashed_new_local_file_is_uploaded_create_only_and_is_never_the_target_of_a_move() {
        RelativePath big = RelativePath.of("big");
        Entry unhashed = Entry.unhashed(1);
        Tree local = Tree.of(Map.of(big, unhashed));

        Plan plan = Reconciler.reconcile(tree("old=1"), local, tree("old=1"));

        assertThat(plan.actions()).containsExactlyInAnyOrder(new Action.Upload(big, unhashed, Optional.empty()),
                new Action.DeleteRemote(RelativePath.of("old"), tree("old=1").get(RelativePath.of("old")).orElseThrow()));
    }

    private static Arguments row(String name, String base, String local, String remote, String... expected) {
        return Arguments.of(name, base, local, remote, List.of(expected));
    }
}
