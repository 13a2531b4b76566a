package dev.quantum.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The browser view's pure modules (the tree, the seq bookkeeping, formatting and path
 * rules) run in Chromium exactly as shipped, loaded from the classpath without a server.
 */
class ViewModulesTest {

    private static final String ORIGIN = "http://quantum.test";
    private static Playwright playwright;
    private static Browser browser;
    private static Page page;

    @BeforeAll
    static void openModules() {
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
        page = browser.newPage();
        page.route(ORIGIN + "/**", ViewModulesTest::serveFromClasspath);
        page.navigate(ORIGIN + "/blank");
    }

    @AfterAll
    static void close() {
        if (playwright != null) {
            playwright.close();
        }
    }

    private static void serveFromClasspath(Route route) {
        String name = route.request().url().substring(ORIGIN.length() + 1);
        if (name.equals("blank")) {
            route.fulfill(new Route.FulfillOptions().setContentType("text/html").setBody("<!doctype html><title>modules</title>"));
            return;
        }
        try (InputStream in = ViewModulesTest.class.getResourceAsStream("/quantum-web/" + name)) {
            if (in == null) {
                route.fulfill(new Route.FulfillOptions().setStatus(404));
                return;
            }
            route.fulfill(new Route.FulfillOptions().setContentType("text/javascript").setBodyBytes(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code body} in an async function with the tree module as {@code t}; returns its value. */
    private static Object withTree(String body) {
        return page.evaluate("async () => { const t = await import('/tree.js');\n"
                + "const meta = (path, size = 1, dir = false) => ({path, size, modified: '2024-01-21T12:00:00Z', hash: dir ? '' : 'h' + size, is_directory: dir});\n"
                + "const paths = (tree) => [...tree.childrenOf('')].map(e => e.path).sort().concat("
                + "tree.folders().flatMap(f => tree.childrenOf(f).map(e => e.path)).sort());\n"
                + body + "}");
    }

    @Test
    void a_file_deep_in_new_folders_brings_its_folders_along() {
        Object result = withTree("""
                const tree = new t.FileTree();
                const changes = tree.apply({Create: {metadata: meta('a/b/c.txt', 5)}});
                return [paths(tree), [...changes.touched].sort(), tree.isFolder('a/b')];""");
        assertThat(result).isEqualTo(List.of(List.of("a", "a/b", "a/b/c.txt"), List.of("a", "a/b", "a/b/c.txt"), true));
    }

    @Test
    void deleting_a_folder_removes_everything_below_it_and_twice_is_harmless() {
        Object result = withTree("""
                const tree = new t.FileTree();
                tree.replaceAll([meta('docs', 0, true), meta('docs/x.txt'), meta('docs/sub/y.txt'), meta('docs2/z.txt')]);
                const first = tree.apply({Delete: {path: 'docs'}});
                const second = tree.apply({Delete: {path: 'docs'}});
                return [paths(tree), [...first.removed].sort(), second.removed.size];""");
        assertThat(result).isEqualTo(List.of(List.of("docs2", "docs2/z.txt"),
                List.of("docs", "docs/sub", "docs/sub/y.txt", "docs/x.txt"), 0));
    }

    @Test
    void moving_a_folder_moves_its_subtree_and_replaces_what_was_at_the_target() {
        Object result = withTree("""
                const tree = new t.FileTree();
                tree.replaceAll([meta('old/a.txt'), meta('old/deep/b.txt'), meta('new/stale.txt')]);
                tree.apply({Move: {from: 'old', to: 'new'}});
                tree.apply({Move: {from: 'old', to: 'elsewhere'}});
                return paths(tree);""");
        assertThat(result).isEqualTo(List.of("new", "new/a.txt", "new/deep", "new/deep/b.txt"));
    }

    @Test
    void a_file_replacing_a_folder_of_the_same_name_drops_the_folder_contents() {
        Object result = withTree("""
                const tree = new t.FileTree();
                tree.replaceAll([meta('thing/inner.txt')]);
                tree.apply({Create: {metadata: meta('thing', 9)}});
                return [paths(tree), tree.get('thing').isDirectory, tree.get('thing').size];""");
        assertThat(result).isEqualTo(List.of(List.of("thing"), false, 9));
    }

    @Test
    void a_full_list_reports_only_what_changed() {
        Object result = withTree("""
                const tree = new t.FileTree();
                tree.replaceAll([meta('same.txt', 1), meta('grows.txt', 1), meta('goes.txt', 1)]);
                const changes = tree.replaceAll([meta('same.txt', 1), meta('grows.txt', 2), meta('comes.txt', 1)]);
                return [[...changes.touched].sort(), [...changes.removed]];""");
        assertThat(result).isEqualTo(List.of(List.of("comes.txt", "grows.txt"), List.of("goes.txt")));
    }

    @Test
    void the_synced_tree_skips_duplicates_and_reloads_after_a_gap() {
        Object result = page.evaluate("""
                async () => {
                  const { SyncedTree } = await import('/sync.js');
                  const meta = (path, size) => ({path, size, modified: '2024-01-21T12:00:00Z', hash: 'h' + size, is_directory: false});
                  let lists = 0;
                  const api = { list: async () => {
                    lists++;
                    return lists === 1 ? { entries: [meta('a.txt', 1)], seq: 7 }
                                       : { entries: [meta('a.txt', 2), meta('missed.txt', 4), meta('gap.txt', 5)], seq: 10 };
                  } };
                  const synced = new SyncedTree(api, () => {});
                  await synced.prepare();
                  const op = (seq, path, size) => ({type: 'FileOperation', seq, source_client: 'other',
                                                    operation: {Update: {metadata: meta(path, size)}}});
                  synced.handle(op(7, 'a.txt', 100));
                  synced.handle(op(8, 'a.txt', 2));
                  const afterDuplicate = [synced.seq, synced.tree.get('a.txt').size, lists];
                  synced.handle(op(10, 'gap.txt', 5));
                  await new Promise(resolve => setTimeout(resolve, 600));
                  return [afterDuplicate, lists, synced.seq, synced.tree.has('gap.txt'), synced.tree.has('missed.txt')];
                }""");
        assertThat(result).isEqualTo(List.of(List.of(8, 2, 1), 2, 10, true, true));
    }

    @Test
    void the_pages_own_writes_are_no_gap_even_when_their_response_comes_after_a_later_broadcast() {
        Object result = page.evaluate("""
                async () => {
                  const { SyncedTree } = await import('/sync.js');
                  const meta = (path, size) => ({path, size, modified: '2024-01-21T12:00:00Z', hash: 'h' + size, is_directory: false});
                  let lists = 0;
                  const api = { list: async () => { lists++; return { entries: [], seq: 7 }; } };
                  const synced = new SyncedTree(api, () => {});
                  await synced.prepare();
                  const op = (seq, path) => ({type: 'FileOperation', seq, source_client: 'other',
                                              operation: {Create: {metadata: meta(path, 1)}}});
                  synced.recordOwn(8, 9);
                  const afterOwn = synced.seq;
                  synced.handle(op(10, 'theirs.txt'));
                  synced.handle(op(12, 'after-mine.txt'));
                  synced.recordOwn(11, 11);
                  await new Promise(resolve => setTimeout(resolve, 600));
                  const beforeRealGap = [afterOwn, synced.seq, lists];
                  synced.handle(op(14, 'after-a-lost-one.txt'));
                  await new Promise(resolve => setTimeout(resolve, 600));
                  return [beforeRealGap, lists];
                }""");
        assertThat(result).isEqualTo(List.of(List.of(9, 12, 1), 2));
    }

    @Test
    void write_responses_name_the_seqs_they_committed() {
        Object result = page.evaluate("""
                async () => {
                  const { committedSeqs } = await import('/api.js');
                  const from = (headers) => committedSeqs((name) => headers[name] ?? null);
                  return [from({'X-Quantum-First-Seq': '3', 'X-Quantum-Seq': '5'}), from({'X-Quantum-Seq': '5'}),
                          from({'X-Quantum-First-Seq': '6', 'X-Quantum-Seq': '5'}), from({'X-Quantum-First-Seq': 'x', 'X-Quantum-Seq': '5'})];
                }""");
        assertThat(result).isEqualTo(Arrays.asList(Map.of("first", 3, "last", 5), null, null, null));
    }

    @Test
    void an_expired_history_error_marks_the_tree_stale_and_restarts_the_subscription() {
        Object result = page.evaluate("""
                async () => {
                  const { SyncedTree } = await import('/sync.js');
                  let lists = 0, restarts = 0;
                  const api = { list: async () => { lists++; return { entries: [], seq: 3 + lists }; } };
                  const synced = new SyncedTree(api, () => {});
                  synced.restart = () => restarts++;
                  await synced.prepare();
                  synced.handle({type: 'Error', message: 'changes after seq 1 are no longer retained (oldest is 9); do a full list'});
                  await synced.prepare();
                  return [lists, restarts, synced.seq];
                }""");
        assertThat(result).isEqualTo(List.of(2, 1, 5));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0          | 0 bytes
            1          | 1 byte
            999        | 999 bytes
            1000       | 1 KB
            1234       | 1.2 KB
            999949     | 999.9 KB
            999950     | 1 MB
            3400000    | 3.4 MB
            52000000000| 52 GB
            """)
    void sizes_read_like_a_person_would_say_them(long bytes, String expected) {
        Object text = page.evaluate("async (n) => (await import('/format.js')).formatSize(n)", (double) bytes);
        assertThat(text).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            notes.sync-conflict-20240121-120500-laptop.txt | 2024-01-21 12:05:00 laptop
            photo.sync-conflict-20991231-235959-a1b2.jpeg  | 2099-12-31 23:59:59 a1b2
            Makefile.sync-conflict-20240101-000000-pc      | 2024-01-01 00:00:00 pc
            notes.txt                                      | NONE
            sync-conflict-20240121-120500-x.txt            | NONE
            notes.sync-conflict-2024-x.txt                 | NONE
            """)
    void conflict_copies_are_recognised_by_their_name(String name, String expected) {
        Object info = page.evaluate("async (name) => { const i = (await import('/format.js')).conflictInfo(name);"
                + " return i === null ? null : i.stamp + ' ' + i.device; }", name);
        assertThat(info).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "VALID", textBlock = """
            report.pdf          | VALID
            archive/2024/a.txt  | VALID
            ''                  | Enter a name.
            /etc/passwd         | Use a path relative to the top folder, without a leading /.
            a\\b                | Names cannot contain \\.
            a//b                | Remove the empty folder name (double or trailing /).
            folder/             | Remove the empty folder name (double or trailing /).
            ../up               | Names cannot be . or ..
            .quantum/db         | .quantum is reserved for the server's own data.
            """)
    void names_are_checked_before_a_round_trip(String input, String expected) {
        Object problem = page.evaluate("async (s) => (await import('/paths.js')).pathProblem(s)", input);
        assertThat(problem).isEqualTo(expected);
    }

    @Test
    void paths_are_encoded_segment_by_segment_and_survive_the_location_hash() {
        Object result = page.evaluate("""
                async () => {
                  const p = await import('/paths.js');
                  const path = 'Fotos 2024/été #1/a?b%c.txt';
                  return [p.encodePath(path), p.folderFromHash(p.hashForFolder(path)), p.folderFromHash('#/'), p.folderFromHash('')];
                }""");
        assertThat(result).isEqualTo(List.of("Fotos%202024/%C3%A9t%C3%A9%20%231/a%3Fb%25c.txt",
                "Fotos 2024/été #1/a?b%c.txt", "", ""));
    }

    @Test
    void reconnect_delays_grow_from_half_a_second_to_thirty_with_jitter() {
        Object result = page.evaluate("""
                async () => {
                  const { backoffDelay } = await import('/live.js');
                  const low = () => 0, high = () => 0.999999;
                  return [0, 1, 2, 5, 6, 20].map(n => [backoffDelay(n, low), backoffDelay(n, high)]);
                }""");
        assertThat(result).isEqualTo(List.of(List.of(250, 500), List.of(500, 1000), List.of(1000, 2000),
                List.of(8000, 16000), List.of(15000, 30000), List.of(15000, 30000)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            /api/files/a.txt                 | t0k3n      | /api/files/a.txt?access_token=t0k3n
            /api/versions/a.txt?id=7         | t0k3n      | /api/versions/a.txt?id=7&access_token=t0k3n
            /api/files/a.txt?                | t          | /api/files/a.txt?access_token=t
            ws://localhost:81/ws             | a b+c/=&?# | ws://localhost:81/ws?access_token=a%20b%2Bc%2F%3D%26%3F%23
            /api/files/a.txt#part            | t          | /api/files/a.txt?access_token=t#part
            /api/files/a.txt                 | NONE       | /api/files/a.txt
            /api/files/a.txt                 | ''         | /api/files/a.txt
            """)
    void links_the_browser_follows_by_itself_carry_the_token_url_encoded(String url, String token, String expected) {
        Object result = page.evaluate("async ([url, token]) => (await import('/auth.js')).withAccessToken(url, token)",
                Arrays.asList(url, token));
        assertThat(result).isEqualTo(expected);
    }

    @Test
    void the_token_is_kept_in_session_storage_trimmed_and_in_memory_when_storage_is_refused() {
        Object result = page.evaluate("""
                async () => {
                  const { TokenStore, bearerHeaders } = await import('/auth.js');
                  const map = new Map();
                  const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) };
                  const store = new TokenStore(storage);
                  const before = store.token;
                  store.token = '  abc  ';
                  const stored = [store.token, map.get('quantum.token'), new TokenStore(storage).token];
                  store.clear();
                  const cleared = [store.token, map.has('quantum.token')];
                  const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); },
                                     removeItem: () => { throw new Error('denied'); } };
                  const memory = new TokenStore(refusing);
                  memory.token = 'xyz';
                  return [before, stored, cleared, memory.token, bearerHeaders('xyz'), bearerHeaders(null)];
                }""");
        assertThat(result).isEqualTo(Arrays.asList(null, List.of("abc", "abc", "abc"), Arrays.asList(null, false), "xyz",
                Map.of("Authorization", "Bearer xyz"), Map.of()));
    }

    @Test
    void every_request_carries_the_bearer_token_and_a_401_names_the_token_it_refused() {
        Object result = page.evaluate("""
                async () => {
                  const { createApi } = await import('/api.js');
                  const realFetch = window.fetch;
                  const seen = [];
                  window.fetch = async (url, init) => {
                    seen.push([init.method, url, init.headers.Authorization ?? null]);
                    const refused = init.headers.Authorization !== 'Bearer good';
                    return new Response(JSON.stringify(refused ? { error: 'invalid token' } : []),
                                        { status: refused ? 401 : 200, headers: { 'X-Quantum-Seq': '4' } });
                  };
                  let token = 'good';
                  const refusals = [];
                  const api = createApi('c1', { token: () => token, onUnauthorized: (e, used) => refusals.push([e.status, e.message, used]) });
                  try {
                    const listed = await api.list();
                    const accepted = await api.accepted();
                    token = 'stale';
                    const failure = await api.remove('a b.txt').then(() => null, (e) => [e.status, e.message]);
                    const refusedNow = await api.accepted();
                    return [listed.seq, accepted, failure, refusedNow, seen, refusals, api.fileUrl('a b.txt')];
                  } finally {
                    window.fetch = realFetch;
                  }
                }""");
        assertThat(result).isEqualTo(List.of(4, true, List.of(401, "invalid token"), false,
                List.of(List.of("GET", "/api/list", "Bearer good"), List.of("GET", "/api/changes?limit=1", "Bearer good"),
                        List.of("DELETE", "/api/files/a%20b.txt", "Bearer stale"), List.of("GET", "/api/changes?limit=1", "Bearer stale")),
                List.of(List.of(401, "invalid token", "stale"), List.of(401, "invalid token", "stale")),
                "/api/files/a%20b.txt?access_token=stale"));
    }

    @Test
    void a_socket_the_server_refuses_before_it_opens_stops_the_connection_when_the_token_is_refused() {
        Object result = page.evaluate("""
                async () => {
                  const { LiveConnection } = await import('/live.js');
                  const RealSocket = window.WebSocket;
                  const urls = [];
                  window.WebSocket = class {
                    static OPEN = 1;
                    constructor(url) { urls.push(url); this.readyState = 0; setTimeout(() => this.onerror?.(), 0); }
                    close() { if (this.readyState === 3) return; this.readyState = 3; setTimeout(() => this.onclose?.(), 0); }
                    send() {}
                  };
                  const run = async (accepted, waitFor) => {
                    urls.length = 0;
                    const states = [];
                    let n = 0;
                    const live = new LiveConnection(() => `ws://quantum.test/ws?access_token=t${n++}`, 'c1', {
                      prepare: async () => {}, since: () => null, onMessage: () => {},
                      onStatus: (state) => states.push(state), accepted });
                    live.start();
                    const until = Date.now() + 3000;
                    while (!waitFor(states) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
                    await new Promise((r) => setTimeout(r, 700));
                    live.stop();
                    return [states, [...urls]];
                  };
                  try {
                    const refused = await run(async () => false, (s) => s.includes('refused'));
                    const unreachable = await run(async () => { throw new Error('down'); }, () => urls.length >= 2);
                    return [refused, unreachable[0].slice(0, 3), unreachable[1].slice(0, 2)];
                  } finally {
                    window.WebSocket = RealSocket;
                  }
                }""");
        assertThat(result).isEqualTo(List.of(
                List.of(List.of("connecting", "refused"), List.of("ws://quantum.test/ws?access_token=t0")),
                List.of("connecting", "reconnecting", "connecting"),
                List.of("ws://quantum.test/ws?access_token=t0", "ws://quantum.test/ws?access_token=t1")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            {"auth":false,"role":"admin","upload":true}       | true  | true  | NONE       | NONE
            {"auth":false,"role":"admin","upload":false}      | false | false | NONE       | Uploads are disabled on this server
            {"auth":true,"role":"read-only","upload":true}    | false | false | read-only  | This token can only read
            {"auth":true,"role":"read-write","upload":true}   | true  | false | read-write | NONE
            {"auth":true,"role":"admin","upload":true}        | true  | true  | admin      | NONE
            {"auth":true,"role":"read-only","upload":false}   | false | false | read-only  | Uploads are disabled on this server
            {"auth":true,"role":"read-write","upload":false}  | false | false | read-write | Uploads are disabled on this server
            {"auth":true,"role":"admin","upload":false}       | false | false | admin      | Uploads are disabled on this server
            {"auth":true,"role":"read-write"}                 | true  | false | read-write | NONE
            {"auth":true,"role":"owner","upload":true}        | true  | true  | NONE       | NONE
            {"error":"no such API endpoint"}                  | true  | true  | NONE       | NONE
            null                                              | true  | true  | NONE       | NONE
            """)
    void the_session_decides_which_controls_are_offered(String session, boolean write, boolean restore, String role, String refusal) {
        Object result = page.evaluate("async (json) => { const p = (await import('/permissions.js')).permissions(JSON.parse(json));"
                + " return [p.write, p.restore, p.role, p.refusal]; }", session);
        assertThat(result).isEqualTo(Arrays.asList(write, restore, role, refusal));
    }

    @Test
    void sorting_puts_folders_first_in_either_direction() {
        Object result = page.evaluate("""
                async () => {
                  const { sortEntries } = await import('/view.js');
                  const e = (path, size, dir) => ({path, size, isDirectory: dir, modified: new Date(0)});
                  const entries = () => [e('b.txt', 5, false), e('Z', 0, true), e('a10.txt', 1, false), e('a9.txt', 9, false), e('A', 0, true)];
                  const names = (list) => list.map(x => x.path);
                  return [names(sortEntries(entries(), 'name', true)), names(sortEntries(entries(), 'size', false))];
                }""");
        assertThat(result).isEqualTo(List.of(List.of("A", "Z", "a9.txt", "a10.txt", "b.txt"),
                List.of("Z", "A", "a9.txt", "b.txt", "a10.txt")));
    }
}
