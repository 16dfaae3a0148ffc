package io.keel.strategy.app.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The signature of a webhook request: {@code X-Keel-Signature: sha256=<hex>}, the HMAC-SHA256 of the exact request
 * body bytes under the portfolio's secret (UTF-8). A receiver recomputes it over the raw body it received and
 * compares in constant time; {@code X-Keel-Event-Id} is the idempotency id (the same on every retry of an event).
 */
public final class WebhookSignature {

    /** Header carrying {@code sha256=<lower-case hex HMAC-SHA256(secret, body)>}. */
    public static final String SIGNATURE_HEADER = "X-Keel-Signature";
    /** Header carrying the event's idempotency id (a UUID), the same on every attempt. */
    public static final String EVENT_ID_HEADER = "X-Keel-Event-Id";
    /** Header carrying the event type, e.g. {@code orders.created}. */
    public static final String EVENT_TYPE_HEADER = "X-Keel-Event-Type";
    /** Header carrying the attempt number, from 1. */
    public static final String ATTEMPT_HEADER = "X-Keel-Delivery-Attempt";

    private WebhookSignature() {
    }

    /** {@code sha256=} followed by the lower-case hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** True when {@code header} is the signature of {@code body} under {@code secret} (constant-time comparison). */
    public static boolean verify(String secret, byte[] body, String header) {
        if (header == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII), header.getBytes(StandardCharsets.US_ASCII));
    }
}
