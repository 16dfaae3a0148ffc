package io.keel.strategy.app.webhooks;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Encrypts webhook secrets at rest with AES-256-GCM (a random 96-bit nonce per secret, a 128-bit tag; the portfolio
 * id as associated data, so a ciphertext copied to another portfolio does not decrypt). The secret must be
 * recoverable, since HMAC signing needs it: a hash would not do.
 */
public final class SecretCipher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE = 12;

    private final SecretKeySpec key;
    private final String keyId;

    private SecretCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        this.keyId = keyId(key);
    }

    /**
     * The cipher of a base64 key of exactly 32 bytes.
     *
     * @throws IllegalArgumentException when the key is not base64 or not 32 bytes (the message never shows it)
     */
    public static SecretCipher of(String base64Key) {
        byte[] k;
        try {
            k = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keel.webhooks.secret-key is not base64");
        }
        if (k.length != 32) {
            throw new IllegalArgumentException("keel.webhooks.secret-key must be 32 bytes (AES-256), base64; it has " + k.length);
        }
        return new SecretCipher(k);
    }

    /** First 8 bytes of the key's SHA-256, hex: names the key without revealing it. */
    public String keyId() {
        return keyId;
    }

    public byte[] encrypt(String secret, long portfolioId) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(aad(portfolioId));
            byte[] ct = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** @throws IllegalStateException when the ciphertext was not made with this key for this portfolio */
    public String decrypt(byte[] stored, long portfolioId) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, NONCE));
            c.updateAAD(aad(portfolioId));
            return new String(c.doFinal(stored, NONCE, stored.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the webhook secret of portfolio " + portfolioId + " does not decrypt with the configured key");
        }
    }

    private static byte[] aad(long portfolioId) {
        return ("keel-webhook-secret:" + portfolioId).getBytes(StandardCharsets.UTF_8);
    }

    private static String keyId(byte[] key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
