package dev.orun.llm;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.http.RetryingCaller;
import dev.orun.http.Secrets;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One JSON POST through a {@link RetryingCaller}: the final status, headers and body, or exit 5 when unreachable. */
public record HttpExchange(int code, Map<String, List<String>> headers, String body) {
    static final MediaType JSON = MediaType.get("application/json");

    static HttpExchange post(RetryingCaller caller, RetryingCaller.RetryDecider decider, String url,
                             Map<String, String> headers, String json, String service, String urlVariable, Secrets secrets) {
        Request.Builder b = new Request.Builder().url(url).post(RequestBody.create(json, JSON));
        headers.forEach(b::header);
        try (Response r = caller.execute(b.build(), decider)) {
            Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            r.headers().toMultimap().forEach(h::put);
            if (r.isRedirect()) {
                // RetryingCaller follows a redirect only within the configured host: this one leads elsewhere.
                throw new OrunException(Exit.EXTERNAL, secrets.scrub(service + " at " + Secrets.withoutUserInfo(url) + " answered "
                        + r.code() + " redirecting to another host or port (" + Secrets.withoutUserInfo(String.valueOf(r.header("Location")))
                        + "); orun does not send the key there: set " + urlVariable + " to the final address"));
            }
            return new HttpExchange(r.code(), h, r.body().string());
        } catch (IOException e) {
            throw new OrunException(Exit.EXTERNAL, secrets.scrub("cannot reach " + service + " at " + Secrets.withoutUserInfo(url)
                    + " (" + e.getMessage() + "): check " + urlVariable + " and the network, then run again"));
        }
    }

    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
