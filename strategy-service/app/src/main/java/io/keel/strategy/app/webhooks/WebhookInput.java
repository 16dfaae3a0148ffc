package io.keel.strategy.app.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.common.Text;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code PUT /api/v1/portfolios/{id}/webhook}, checked: {@code url} an absolute http(s) URL of at most
 * 2,000 characters; {@code secret} 16 to 256 characters (the HMAC key, UTF-8). Problems name the field; the secret's
 * value never appears in a message.
 */
public record WebhookInput(String url, String secret) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;
    static final int MAX_URL = 2000;

    @Override
    public String toString() {
        return "WebhookInput[url=" + url + ", secret=(hidden)]";
    }

    public static WebhookInput parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("$", "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ProblemException.badRequest("$", "the body must be a JSON object {\"url\", \"secret\"}");
        }
        List<Problem.FieldError> errors = new ArrayList<>(Text.unstorable(root));
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("url", "secret").contains(f)) {
                errors.add(new Problem.FieldError(f, "unknown field '" + f + "'"));
            }
        }
        String url = null;
        JsonNode u = root.get("url");
        if (u == null || !u.isTextual() || u.asText().isBlank()) {
            errors.add(new Problem.FieldError("url", "is required: the http(s) URL the events are posted to"));
        } else if (u.asText().length() > MAX_URL) {
            errors.add(new Problem.FieldError("url", "must be at most " + MAX_URL + " characters"));
        } else {
            String why = checkUrl(u.asText());
            if (why != null) {
                errors.add(new Problem.FieldError("url", why));
            } else {
                url = u.asText();
            }
        }
        String secret = null;
        JsonNode s = root.get("secret");
        if (s == null || !s.isTextual()) {
            errors.add(new Problem.FieldError("secret", "is required: " + MIN_SECRET + "-" + MAX_SECRET
                    + " characters the receiver also knows (the HMAC-SHA256 key)"));
        } else if (s.asText().length() < MIN_SECRET || s.asText().length() > MAX_SECRET) {
            errors.add(new Problem.FieldError("secret", "must be " + MIN_SECRET + "-" + MAX_SECRET + " characters, got "
                    + s.asText().length()));
        } else {
            secret = s.asText();
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new WebhookInput(url, secret);
    }

    private static String checkUrl(String s) {
        try {
            URI u = new URI(s);
            if (!u.isAbsolute() || u.getScheme() == null
                    || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))) {
                return "must be an absolute http:// or https:// URL";
            }
            if (u.getHost() == null || u.getHost().isBlank()) {
                return "must name a host";
            }
            if (u.getUserInfo() != null) {
                return "must not carry credentials (user:password@); the signature authenticates the requests";
            }
            if (u.getFragment() != null) {
                return "must not have a #fragment";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getReason();
        }
    }
}
