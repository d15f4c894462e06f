package dev.orun.github;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class GitHubClientTest {
    private final HttpUrl current = HttpUrl.get("http://127.0.0.1:8080/repos/a/b/issues?labels=orun&state=all&per_page=100");

    @Test
    void a_next_link_on_the_same_host_is_followed_as_given() {
        HttpUrl next = GitHubClient.next(current,
                "<http://127.0.0.1:8080/repositories/9/issues?labels=orun&page=2>; rel=\"next\", <http://127.0.0.1:8080/x?page=5>; rel=\"last\"");
        assertEquals("http://127.0.0.1:8080/repositories/9/issues?labels=orun&page=2", next.toString());
    }

    @Test
    void a_next_link_to_another_host_keeps_the_token_on_the_configured_api() {
        HttpUrl next = GitHubClient.next(current, "<https://api.github.com/resource?page=2>; rel=\"next\"");
        assertEquals("http://127.0.0.1:8080/repos/a/b/issues?labels=orun&state=all&per_page=100&page=2", next.toString());
    }

    @Test
    void no_next_link_ends_the_walk() {
        assertNull(GitHubClient.next(current, "<http://127.0.0.1:8080/x?page=1>; rel=\"prev\""));
        assertNull(GitHubClient.next(current, null));
    }
}
