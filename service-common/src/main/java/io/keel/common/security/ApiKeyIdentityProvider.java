package io.keel.common.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Turns a presented API key into a security identity: principal = the key's name, roles = its role
 * and the roles it includes ({@link Roles}). An unknown key fails authentication (401); the token is
 * never logged.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(ApiKeyIdentityProvider.class);

    @Inject
    ApiKeys keys;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return identity(keys, request.getToken().getToken());
    }

    static Uni<SecurityIdentity> identity(ApiKeys keys, String token) {
        return keys.find(token)
                .<Uni<SecurityIdentity>>map(k -> Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(k.name()))
                        .addRoles(k.roles())
                        .addAttribute("keel.api-key", k.name())
                        .build()))
                .orElseGet(() -> {
                    LOG.debug("rejected an unknown API key");
                    return Uni.createFrom().failure(new AuthenticationFailedException("unknown API key"));
                });
    }
}
