package io.keel.common.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The API keys of the services' test profile (their SHA-256 hashes are the {@code %test.keel.security.api-keys}
 * entries of each service's application.properties; test-only values, never used outside tests). Tests
 * that are not about access call the API as admin through {@link #given()}; the access tests pick their key.
 * Published in service-common's test-jar for the services' tests.
 */
public final class Keys {

    public static final String ADMIN = "test-admin-key";
    public static final String OPERATOR = "test-operator-key";
    public static final String VIEWER = "test-viewer-key";

    private Keys() {
    }

    /** A request presenting the admin key. */
    public static RequestSpecification given() {
        return RestAssured.given().header("X-API-Key", ADMIN);
    }

    /** A request presenting no key at all. */
    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }
}
