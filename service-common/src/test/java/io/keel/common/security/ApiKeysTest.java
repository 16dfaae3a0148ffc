package io.keel.common.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {

    @Test
    void find_returnsTheKey_whoseHashMatchesTheToken() {
        String token = ApiKey.newToken();
        ApiKeys keys = new ApiKeys(Optional.of(List.of("ops:operator:" + ApiKey.hash(token), "ro:viewer:" + ApiKey.hash("other"))));
        assertThat(keys.find(token)).get().extracting(ApiKey::name).isEqualTo("ops");
        assertThat(keys.find(token + "x")).isEmpty();
        assertThat(keys.find("")).isEmpty();
        assertThat(keys.find(null)).isEmpty();
    }

    @Test
    void roles_includeTheLowerRoles() {
        assertThat(ApiKey.parse("a:admin:" + ApiKey.hash("t")).roles()).containsExactly("viewer", "operator", "admin");
        assertThat(ApiKey.parse("a:operator:" + ApiKey.hash("t")).roles()).containsExactly("viewer", "operator");
        assertThat(ApiKey.parse("a:viewer:" + ApiKey.hash("t")).roles()).containsExactly("viewer");
    }

    @Test
    void newToken_isRandom_with256Bits() {
        String a = ApiKey.newToken();
        assertThat(a).startsWith("keel_").hasSize(5 + 43);
        assertThat(a).isNotEqualTo(ApiKey.newToken());
    }

    @Test
    void hash_isSha256Hex() {
        // sha256("abc"), FIPS 180-2 test vector
        assertThat(ApiKey.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void parse_acceptsSha256Prefix_andRejectsMalformedEntries_namingThem() {
        assertThat(ApiKey.parse("k:viewer:sha256:" + ApiKey.hash("t")).sha256()).isEqualTo(ApiKey.hash("t"));
        assertThatThrownBy(() -> ApiKey.parse("k:root:" + ApiKey.hash("t"))).hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> ApiKey.parse("k:viewer:abc")).hasMessageContaining("'k'").hasMessageContaining("64 hex");
        assertThatThrownBy(() -> ApiKey.parse("k viewer")).hasMessageContaining("name:role:sha256hex");
        assertThatThrownBy(() -> ApiKey.parse("keel_secretTokenPastedByMistake")).hasMessageNotContaining("secretToken");
        assertThatThrownBy(() -> ApiKey.parse("bad name:viewer:" + ApiKey.hash("t"))).hasMessageContaining("must match");
    }

    @Test
    void duplicateNamesOrHashes_failTheStart() {
        String h = ApiKey.hash("t");
        assertThatThrownBy(() -> new ApiKeys(Optional.of(List.of("a:viewer:" + h, "a:admin:" + ApiKey.hash("u")))))
                .hasMessageContaining("'a' is configured twice");
        assertThatThrownBy(() -> new ApiKeys(Optional.of(List.of("a:viewer:" + h, "b:admin:" + h))))
                .hasMessageContaining("same hash");
    }
}
